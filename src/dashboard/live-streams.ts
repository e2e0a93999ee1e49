// Server-Sent Events: each open page subscribes to one view (the list, or one rollout); after every
// cache change the server recomputes that view and pushes it when it differs from the last one sent.
import type { ServerResponse } from 'node:http';

export interface LiveStream {
  /** The view's current JSON, undefined when it is gone (a deleted rollout). */
  compute(): unknown;
  res: ServerResponse;
  last?: string;
}

// A comment line now and then keeps proxies from closing an idle stream.
const HEARTBEAT_MS = 15_000;

export interface LiveStreams {
  open(stream: LiveStream): void;
  /** Recomputes every stream's view and sends those that changed. */
  refresh(): void;
  closeAll(): void;
}

function push(stream: LiveStream): void {
  const json = JSON.stringify(stream.compute() ?? null);
  if (json === stream.last) return;
  stream.last = json;
  stream.res.write(`event: view\ndata: ${json}\n\n`);
}

export function createLiveStreams(): LiveStreams {
  const streams = new Set<LiveStream>();
  const heartbeat = setInterval(() => {
    for (const s of streams) s.res.write(': keep-alive\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();
  return {
    open(stream) {
      stream.res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
      stream.res.write('retry: 1000\n\n');
      streams.add(stream);
      stream.res.on('close', () => streams.delete(stream));
      push(stream);
    },
    refresh() {
      for (const s of streams) push(s);
    },
    closeAll() {
      clearInterval(heartbeat);
      for (const s of streams) s.res.end();
      streams.clear();
    },
  };
}
