/**
 * Remembers the resourceVersion of the last write this controller made to each object, so that a
 * reconcile started from a cache that has not yet seen that write can wait instead of acting twice
 * (Argo's rolloutVersionTracker). resourceVersions are compared as integers where they are integers.
 */
export class VersionTracker {
  #written = new Map<string, bigint>();

  record(key: string, resourceVersion: string): void {
    const v = parse(resourceVersion);
    if (v !== undefined) this.#written.set(key, v);
  }

  /** Whether the cached object is older than what we wrote ourselves. */
  isStale(key: string, resourceVersion: string): boolean {
    const written = this.#written.get(key);
    const seen = parse(resourceVersion);
    if (written === undefined || seen === undefined) return false;
    if (seen >= written) {
      this.#written.delete(key);
      return false;
    }
    return true;
  }

  forget(key: string): void {
    this.#written.delete(key);
  }
}

function parse(resourceVersion: string): bigint | undefined {
  return /^\d+$/.test(resourceVersion) ? BigInt(resourceVersion) : undefined;
}
