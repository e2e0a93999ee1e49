/** One line of the request counter: who asked for what, how often. */
export interface RequestCount {
  userAgent: string;
  verb: string;
  group: string;
  resource: string;
  /** '' for cluster-scoped kinds and requests across all namespaces. */
  namespace: string;
  subresource: string;
  code: number;
  count: number;
}

/** Counts API requests by client, verb, resource and response code (for benchmarks and the RBAC test). */
export class RequestLog {
  #counts = new Map<string, RequestCount>();
  #total = 0;

  record(entry: Omit<RequestCount, 'count'>): void {
    this.#total++;
    const key = `${entry.userAgent}\u0000${entry.verb}\u0000${entry.group}\u0000${entry.resource}\u0000${entry.namespace}\u0000${entry.subresource}\u0000${entry.code}`;
    const existing = this.#counts.get(key);
    if (existing) existing.count++;
    else this.#counts.set(key, { ...entry, count: 1 });
  }

  /** Totals by verb and by resource, plus every distinct line. */
  summary(filter?: { userAgent?: string }): { total: number; byVerb: Record<string, number>; byResource: Record<string, number>; entries: RequestCount[] } {
    const entries = [...this.#counts.values()].filter((e) => !filter?.userAgent || e.userAgent.startsWith(filter.userAgent));
    const byVerb: Record<string, number> = {};
    const byResource: Record<string, number> = {};
    let total = 0;
    for (const e of entries) {
      total += e.count;
      byVerb[e.verb] = (byVerb[e.verb] ?? 0) + e.count;
      const r = `${e.group ? `${e.group}/` : ''}${e.resource}${e.subresource ? `/${e.subresource}` : ''}`;
      byResource[r] = (byResource[r] ?? 0) + e.count;
    }
    return { total: filter?.userAgent ? total : this.#total, byVerb, byResource, entries };
  }

  reset(): void {
    this.#counts.clear();
    this.#total = 0;
  }
}
