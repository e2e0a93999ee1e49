import { createProviderRegistry } from '../analysis/providers/registry.js';
import { createJobPort, createSecretReader } from '../kube/analysis-ports.js';
import { createInformer } from '../kube/informer.js';
import type { KubeClient, KubeObject } from '../kube/kube-client-types.js';
import { RESOURCES } from '../kube/resources.js';
import { createNotificationSettingsSource } from '../kube/notification-ports.js';
import { controllerUidIndex, CONTROLLER_UID_INDEX } from '../kube/rollout-ports.js';
import { createNotifier } from '../notifications/notifier.js';
import type { Logger } from '../shared/logger.js';
import { startAnalysisController } from './analysis-controller.js';
import type { ControllerObserver } from './controller-observer.js';
import { instanceSelector, startRolloutController, type RunningController } from './rollout-controller.js';

export interface ControllersOptions {
  client: KubeClient;
  log: Logger;
  namespace?: string;
  instanceId?: string;
  rolloutThreads: number;
  analysisThreads: number;
  /** Every rollout reconciled at least this often (ms; 0 = never). */
  rolloutResyncMs?: number;
  instanceName: string;
  /** Where the controller runs: Argo keeps the `datadog` Secret there. */
  controllerNamespace: string;
  /** The process environment (Argo's ARGO_ROLLOUTS_* and DD_* variables). */
  env: Readonly<Record<string, string | undefined>>;
  /** Metrics hooks (none: no metrics). */
  observer?: ControllerObserver;
}

/** Starts the Rollout and AnalysisRun controllers over one shared AnalysisRun informer. */
export function startControllers(options: ControllersOptions): RunningController {
  const { client, log } = options;
  const analysisRuns = createInformer<KubeObject>({
    client,
    resource: RESOURCES.analysisRuns,
    namespace: options.namespace,
    labelSelector: instanceSelector(options.instanceId),
    indexers: { [CONTROLLER_UID_INDEX]: controllerUidIndex },
    log,
  });
  const registry = createProviderRegistry({ log: log.child({ component: 'analysis' }), jobs: createJobPort(client), readSecret: createSecretReader(client), controllerNamespace: options.controllerNamespace, env: options.env });
  const common = { client, namespace: options.namespace, instanceName: options.instanceName, analysisRuns, observer: options.observer };
  // Notifications are sent from the recorded events, off the reconcile path (src/notifications).
  const notifier = createNotifier({ source: createNotificationSettingsSource(client, options.controllerNamespace), log: log.child({ component: 'notifications' }), onSend: (result) => options.observer?.notificationSent(result) });
  const onEvent = notifier.notify;
  const rollouts = startRolloutController({ ...common, log, instanceId: options.instanceId, threads: options.rolloutThreads, resyncMs: options.rolloutResyncMs, onEvent });
  const analysis = startAnalysisController({ ...common, log: log.child({ component: 'analysis' }), threads: options.analysisThreads, providerFor: (metric) => registry.providerFor(metric), onEvent });
  analysisRuns.start();
  return {
    synced: Promise.all([rollouts.synced, analysis.synced]).then(() => undefined),
    stop: async () => {
      await Promise.all([rollouts.stop(), analysis.stop()]);
      await analysisRuns.stop();
      await notifier.drain(2000);
    },
  };
}
