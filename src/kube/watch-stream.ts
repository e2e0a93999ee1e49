import type { WatchEvent, WatchEventType } from './kube-client-types.js';

const EVENT_TYPES = new Set<string>(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK', 'ERROR']);

/**
 * Reads a watch body (one JSON event per line) and hands each event over as it arrives. Resolves
 * when the server ends the stream; rejects when the connection breaks or a line is not an event.
 * A line cut off by the end of the stream is still parsed: a clean end always finishes its line.
 */
export async function readWatchStream<T>(body: AsyncIterable<Uint8Array>, onEvent: (event: WatchEvent<T>) => void): Promise<void> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of body) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      deliver(buffered.slice(0, newline), onEvent);
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf('\n');
    }
  }
  deliver(buffered + decoder.decode(), onEvent);
}

function deliver<T>(line: string, onEvent: (event: WatchEvent<T>) => void): void {
  const text = line.trim();
  if (text === '') return;
  const parsed = JSON.parse(text) as { type?: unknown; object?: unknown };
  if (typeof parsed.type !== 'string' || !EVENT_TYPES.has(parsed.type) || typeof parsed.object !== 'object' || parsed.object === null) {
    throw new Error(`not a watch event: ${text.slice(0, 120)}`);
  }
  onEvent({ type: parsed.type as WatchEventType, object: parsed.object as T });
}
