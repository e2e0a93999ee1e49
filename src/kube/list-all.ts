import type { KubeClient, KubeObject, ListResult } from './kube-client-types.js';
import { isGone } from './kube-errors.js';
import type { ResourceRef } from './resources.js';

/** Page size of an informer's list, as client-go's reflector. */
export const LIST_PAGE_SIZE = 500;

/**
 * Lists every object in pages of 500 (bounding each response on big clusters). When a continue token
 * expires half-way (410), lists once more in a single request, as client-go does, rather than
 * restarting a paged list that could expire again.
 */
export async function listAll<T extends KubeObject>(
  client: KubeClient,
  options: { resource: ResourceRef; namespace?: string; labelSelector?: string; fieldSelector?: string; signal?: AbortSignal },
): Promise<Omit<ListResult<T>, 'continue'>> {
  const { resource, namespace, labelSelector, fieldSelector } = options;
  const items: T[] = [];
  let page: ListResult<T> | undefined;
  do {
    try {
      page = await client.list<T>(resource, namespace, { labelSelector, fieldSelector, limit: LIST_PAGE_SIZE, continue: page?.continue });
    } catch (err) {
      if (page?.continue === undefined || !isGone(err)) throw err;
      return client.list<T>(resource, namespace, { labelSelector, fieldSelector });
    }
    items.push(...page.items);
  } while (page.continue && !options.signal?.aborted);
  return { items, resourceVersion: page.resourceVersion };
}
