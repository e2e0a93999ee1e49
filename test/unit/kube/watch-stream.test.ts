import { describe, expect, it } from '@jest/globals';
import type { WatchEvent } from '../../../src/kube/kube-client-types.js';
import { readWatchStream } from '../../../src/kube/watch-stream.js';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c));
      controller.close();
    },
  });
}

const line = (type: string, name: string): string => `${JSON.stringify({ type, object: { metadata: { name } } })}\n`;

describe('readWatchStream', () => {
  it.each([
    { split: 'one chunk per event', chunks: [line('ADDED', 'a'), line('MODIFIED', 'a')] },
    { split: 'events cut mid-line', chunks: [(line('ADDED', 'a') + line('MODIFIED', 'a')).slice(0, 10), (line('ADDED', 'a') + line('MODIFIED', 'a')).slice(10)] },
    { split: 'a last line without newline', chunks: [line('ADDED', 'a'), line('MODIFIED', 'a').trimEnd()] },
  ])('delivers each event once: $split', async ({ chunks }) => {
    const events: WatchEvent<{ metadata: { name: string } }>[] = [];
    await readWatchStream<{ metadata: { name: string } }>(streamOf(chunks), (e) => events.push(e));
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED a', 'MODIFIED a']);
  });

  it('decodes a multi-byte character split across chunks', async () => {
    const bytes = new TextEncoder().encode(line('ADDED', 'café'));
    const cut = bytes.indexOf(0xc3) + 1;
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes.slice(0, cut));
        c.enqueue(bytes.slice(cut));
        c.close();
      },
    });
    const names: string[] = [];
    await readWatchStream<{ metadata: { name: string } }>(stream, (e) => names.push(e.object.metadata.name));
    expect(names).toEqual(['café']);
  });

  it('rejects a line that is not a watch event', async () => {
    await expect(readWatchStream(streamOf(['{"kind":"Status"}\n']), () => undefined)).rejects.toThrow('not a watch event');
  });
});
