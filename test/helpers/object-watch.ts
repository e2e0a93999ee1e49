// Records every change of one object as the API server streams it (a watch), with the wall-clock time
// each arrived: enough to count writes to a router object and to time them against a user's command.

/** One watch event of the object. */
export interface WatchedChange<T> {
  type: string;
  object: T;
  /** Date.now() when the event arrived. */
  at: number;
}

/** A running watch; `stop` ends the stream. */
export interface ObjectWatch<T> {
  changes: WatchedChange<T>[];
  stop(): void;
}

/**
 * Watches `name` (every object when empty) at a collection path of the simulator (e.g.
 * /apis/networking.istio.io/v1beta1/namespaces/default/virtualservices), from now on.
 */
export async function watchObject<T>(server: string, collectionPath: string, name: string): Promise<ObjectWatch<T>> {
  const controller = new AbortController();
  const changes: WatchedChange<T>[] = [];
  const selector = name ? `fieldSelector=metadata.name%3D${name}` : '';
  const list = (await (await fetch(`${server}${collectionPath}?${selector}`)).json()) as { metadata: { resourceVersion: string } };
  const res = await fetch(`${server}${collectionPath}?watch=true&resourceVersion=${list.metadata.resourceVersion}&${selector}`, { signal: controller.signal });
  const reader = res.body?.getReader();
  if (!reader) throw new Error(`no watch stream for ${collectionPath}/${name}`);
  void pump(reader, changes);
  return { changes, stop: () => controller.abort() };
}

async function pump<T>(reader: ReadableStreamDefaultReader<Uint8Array>, changes: WatchedChange<T>[]): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer = takeLines(buffer + decoder.decode(value, { stream: true }), changes);
    }
  } catch {
    // Aborted by stop(): the recording ends here.
  }
}

// Records each complete line as a change; answers the unfinished rest.
function takeLines<T>(buffer: string, changes: WatchedChange<T>[]): string {
  const lines = buffer.split('\n');
  const rest = lines.pop() ?? '';
  for (const line of lines.map((l) => l.trim()).filter(Boolean)) changes.push({ ...(JSON.parse(line) as { type: string; object: T }), at: Date.now() });
  return rest;
}
