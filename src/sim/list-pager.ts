import { badRequest, gone, type ApiError } from './api-error.js';
import type { JsonObject } from './json.js';
import { typeKey, type ResourceType } from './resource-type.js';
import { fieldMatcher, labelMatcher, SelectorError, type Matcher } from './selectors.js';
import type { ObjectStore } from './store.js';

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

export interface ListResult {
  items: JsonObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

interface ContinueToken {
  rv: number;
  start: string;
}

function encodeToken(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'sim/v1', rv: token.rv, start: token.start })).toString('base64url');
}

function decodeToken(text: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { v?: string; rv?: number; start?: string };
    if (parsed.v === 'sim/v1' && typeof parsed.rv === 'number' && typeof parsed.start === 'string') return { rv: parsed.rv, start: parsed.start };
  } catch {
    // fall through to the error kube-apiserver gives for a token it cannot read
  }
  throw expiredToken();
}

// kube-apiserver's answer to a continue token it cannot read or whose history is gone.
function expiredToken(): ApiError {
  return gone('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
}

function keyOf(obj: JsonObject): string {
  const meta = obj.metadata as { namespace?: string; name?: string } | undefined;
  return `${meta?.namespace ?? ''}/${meta?.name ?? ''}`;
}

/** Builds one matcher from both selector strings (undefined matches all). */
export function selectorMatcher(t: ResourceType, options: Pick<ListOptions, 'labelSelector' | 'fieldSelector'>): Matcher | undefined {
  let byLabel: Matcher | undefined;
  let byField: Matcher | undefined;
  try {
    byLabel = labelMatcher(options.labelSelector);
    byField = fieldMatcher(options.fieldSelector, t.kind, t.namespaced);
  } catch (err) {
    if (err instanceof SelectorError) throw badRequest(err.message);
    throw err;
  }
  if (byLabel && byField) return (o) => byLabel(o) && byField(o);
  return byLabel ?? byField;
}

/**
 * Lists in key order with `limit`/`continue`. A continue token names the resourceVersion of the first
 * page; once history past it is compacted the token expires with 410, as with etcd compaction.
 */
export class ListPager {
  readonly #store: ObjectStore;

  constructor(store: ObjectStore) {
    this.#store = store;
  }

  list(t: ResourceType, namespace: string | undefined, options: ListOptions): ListResult {
    const match = selectorMatcher(t, options);
    const token = options.continue ? this.#resume(options.continue) : undefined;
    const rv = token?.rv ?? this.#store.currentRv;
    const all = this.#store.list(typeKey(t), t.namespaced ? namespace : undefined);
    const rest = token ? all.filter((o) => keyOf(o) > token.start) : all;
    const matching = match ? rest.filter(match) : rest;
    // kube-apiserver counts what remains only when it did not have to filter.
    return pageOf(matching, { rv, limit: options.limit, countRemaining: !match });
  }

  // The position a continue token resumes from, or 410 once the history behind it is compacted.
  #resume(text: string): ContinueToken {
    const token = decodeToken(text);
    if (this.#store.isExpired(token.rv)) throw expiredToken();
    return token;
  }
}

/**
 * The first `limit` items (all of them when limit is 0 or absent) and a continue token after the
 * last one: 5 matching items at limit 2 → 2 items, a token, and remainingItemCount 3 when counted.
 */
function pageOf(matching: JsonObject[], page: { rv: number; limit?: number; countRemaining: boolean }): ListResult {
  const { rv } = page;
  const limit = page.limit && page.limit > 0 ? page.limit : undefined;
  if (limit === undefined || matching.length <= limit) return { items: matching, resourceVersion: String(rv) };
  const items = matching.slice(0, limit);
  return {
    items,
    resourceVersion: String(rv),
    continue: encodeToken({ rv, start: keyOf(items[items.length - 1]) }),
    remainingItemCount: page.countRemaining ? matching.length - limit : undefined,
  };
}
