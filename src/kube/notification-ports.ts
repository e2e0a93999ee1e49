// The notifier's settings from the cluster: the ConfigMap `argo-rollouts-notification-configmap` and
// the Secret `argo-rollouts-notification-secret` in the controller's namespace. Either may be absent
// (no notifications configured): that is an answer, not an error.
import type { NotificationSettingsSource } from '../notifications/notifier.js';
import type { KubeClient, KubeObject } from './kube-client-types.js';
import { isNotFound } from './kube-errors.js';
import { RESOURCES } from './resources.js';

export const NOTIFICATION_CONFIGMAP = 'argo-rollouts-notification-configmap';
export const NOTIFICATION_SECRET = 'argo-rollouts-notification-secret';

type DataObject = KubeObject & { data?: Record<string, string> };

async function dataOf(client: KubeClient, resource: typeof RESOURCES.configMaps, namespace: string, name: string): Promise<Record<string, string> | undefined> {
  try {
    return (await client.get<DataObject>(resource, namespace, name)).data ?? {};
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Reads both objects from `namespace`; the Secret's values come back decoded. */
export function createNotificationSettingsSource(client: KubeClient, namespace: string): NotificationSettingsSource {
  return {
    read: async () => {
      const [configMap, encoded] = await Promise.all([dataOf(client, RESOURCES.configMaps, namespace, NOTIFICATION_CONFIGMAP), dataOf(client, RESOURCES.secrets, namespace, NOTIFICATION_SECRET)]);
      const secret = encoded && Object.fromEntries(Object.entries(encoded).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
      return { configMap, secret };
    },
  };
}
