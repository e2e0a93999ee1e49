import type { Logger } from '../shared/logger.js';
import { messageOf } from '../shared/errors.js';
import type { KubeObject } from './kube-client-types.js';

/** What an informer tells its subscribers. Objects are shared with the cache: never mutate them. */
export interface InformerHandlers<T> {
  add: (obj: T) => void;
  /** The cached object before, and the new one. */
  update: (oldObj: T, newObj: T) => void;
  /** The final state from the watch, or the last known one when a relist found the object gone. */
  delete: (obj: T) => void;
}

/**
 * Subscriber lists for add, update and delete. A handler that throws is logged and skipped, so one
 * faulty subscriber cannot stop the others or the informer.
 */
export class InformerEvents<T extends KubeObject> {
  readonly #add = new Set<InformerHandlers<T>['add']>();
  readonly #update = new Set<InformerHandlers<T>['update']>();
  readonly #delete = new Set<InformerHandlers<T>['delete']>();
  readonly #log: Logger | undefined;

  constructor(log?: Logger) {
    this.#log = log;
  }

  on<E extends keyof InformerHandlers<T>>(event: E, handler: InformerHandlers<T>[E]): () => void {
    const set = this.#setOf(event) as Set<InformerHandlers<T>[E]>;
    set.add(handler);
    return () => set.delete(handler);
  }

  /** Calls one add handler for objects that were cached before it subscribed. */
  replay(handler: InformerHandlers<T>['add'], objects: T[]): void {
    for (const obj of objects) this.#call('add', obj, () => handler(obj));
  }

  emitAdd(obj: T): void {
    for (const h of this.#add) this.#call('add', obj, () => h(obj));
  }

  emitUpdate(oldObj: T, newObj: T): void {
    for (const h of this.#update) this.#call('update', newObj, () => h(oldObj, newObj));
  }

  emitDelete(obj: T): void {
    for (const h of this.#delete) this.#call('delete', obj, () => h(obj));
  }

  #setOf(event: keyof InformerHandlers<T>): Set<unknown> {
    if (event === 'add') return this.#add;
    if (event === 'update') return this.#update;
    return this.#delete;
  }

  #call(event: string, obj: T, run: () => void): void {
    try {
      run();
    } catch (err) {
      this.#log?.error({ event, object: `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`, err: messageOf(err) }, 'informer event handler failed');
    }
  }
}
