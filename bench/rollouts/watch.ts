// One long watch on a collection of the simulator, handing each event to a callback as it arrives.
import { Agent, request, type ClientRequest } from 'node:http';

/** A Kubernetes watch event, reduced to what the benchmark reads. */
export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}

/** An open watch; `stop` ends it. */
export interface OpenWatch {
  stop(): void;
}

/** Watches `path` (a collection URL) from now on; `onEvent` runs once per event, in order. */
export function watchCollection<T>(baseUrl: string, path: string, onEvent: (e: WatchEvent<T>) => void): OpenWatch {
  let stopped = false;
  let current: ClientRequest | undefined;
  const agent = new Agent({ keepAlive: false });
  const open = (): void => {
    const url = new URL(`${path}${path.includes('?') ? '&' : '?'}watch=true&timeoutSeconds=3600`, baseUrl);
    current = request(url, { agent, headers: { 'User-Agent': 'rollouts-bench-watch' } }, (res) => {
      let buffered = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        let nl = buffered.indexOf('\n');
        while (nl >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          if (line.trim() !== '') onEvent(JSON.parse(line) as WatchEvent<T>);
          nl = buffered.indexOf('\n');
        }
      });
      res.on('end', () => {
        if (!stopped) throw new Error(`benchmark watch on ${path} ended early`);
      });
    });
    current.on('error', (err) => {
      if (!stopped) throw err;
    });
    current.end();
  };
  open();
  return {
    stop: () => {
      stopped = true;
      current?.destroy();
      agent.destroy();
    },
  };
}
