// Writes core/v1 Events off the reconcile path, as client-go's event broadcaster does: a reconcile
// hands its events over and goes on; they are created in the background, in order per object.
import type { Logger } from '../shared/logger.js';
import { SerialQueue } from '../shared/serial-queue.js';
import type { KubeClient, KubeObject } from './kube-client-types.js';
import { RESOURCES } from './resources.js';

/** Takes Event objects to create; never blocks and never throws. */
export interface EventSink {
  /** Queues the Event for creation; drops it (with a warning) when the queue is full. */
  record(event: KubeObject): void;
  /** Resolves once every queued Event has been written (or failed). */
  flush(): Promise<void>;
}

export interface EventSinkOptions {
  client: KubeClient;
  log: Logger;
  /** Parallel lanes; one object's events always take the same lane (default 32). */
  lanes?: number;
  /** Events waiting per lane before new ones are dropped (default 2,000; client-go keeps 1,000 in all). */
  queuePerLane?: number;
}

// FNV-1a: a stable, cheap spread of object keys over the lanes.
function laneOf(key: string, lanes: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % lanes;
}

/** An EventSink writing through `client`. */
export function createEventSink(options: EventSinkOptions): EventSink {
  const lanes = Array.from({ length: options.lanes ?? 32 }, () => new SerialQueue(options.queuePerLane ?? 2000));
  const { client, log } = options;
  let dropped = 0;
  // One warning for the first drop and one per thousand after it: a flood must not become a log flood.
  const drop = (key: string): void => {
    dropped++;
    if (dropped === 1 || dropped % 1000 === 0) log.warn({ object: key, dropped }, 'events dropped: too many waiting to be written');
  };
  return {
    record(event) {
      const involved = (event as { involvedObject?: { namespace?: string; name?: string } }).involvedObject ?? {};
      const key = `${involved.namespace ?? ''}/${involved.name ?? ''}`;
      const ns = event.metadata?.namespace;
      const queued = lanes[laneOf(key, lanes.length)].push(async () => {
        await client.create(RESOURCES.events, ns, event).catch((err: unknown) => log.warn({ object: key, reason: (err as Error).message }, 'event not recorded'));
      });
      if (!queued) drop(key);
    },
    flush: async () => {
      await Promise.all(lanes.map((lane) => lane.idle()));
    },
  };
}
