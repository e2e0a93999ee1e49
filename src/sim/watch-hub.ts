import type { ServerResponse } from 'node:http';
import { apiVersionOf, typeKey, type ResourceType } from './resource-type.js';
import type { JsonObject } from './json.js';
import type { Matcher } from './selectors.js';
import { ExpiredError, type ObjectStore, type StoredEvent, type WatchEventType } from './store.js';
import { toTable, type IncludeObject } from './tables.js';

export interface WatchRequest {
  type: ResourceType;
  namespace?: string;
  match?: Matcher;
  resourceVersion?: string;
  bookmarks: boolean;
  timeoutSeconds?: number;
  table?: { include: IncludeObject };
}

interface Session {
  req: WatchRequest;
  res: ServerResponse;
  headersSent: boolean;
  close: () => void;
}

/**
 * The event a watcher with a selector sees for a change, from whether the object matched before and
 * matches now: an object that starts matching is ADDED, one that stops is DELETED (a label edit that
 * moves a pod out of `app=web` is a DELETED to that watch), one that matches throughout is MODIFIED.
 */
function visibleEventType(type: WatchEventType, before: boolean, now: boolean): WatchEventType | undefined {
  if (type === 'ADDED') return now ? 'ADDED' : undefined;
  if (type === 'DELETED') return before || now ? 'DELETED' : undefined;
  if (before && now) return 'MODIFIED';
  if (now) return 'ADDED';
  return before ? 'DELETED' : undefined;
}

// A watcher that cannot keep up is cut off rather than buffering without bound, as kube-apiserver does.
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;

/** Serves watch streams from the store's event log and live commits. */
export class WatchHub {
  readonly #store: ObjectStore;
  readonly #now: () => Date;
  readonly #sessions = new Map<string, Set<Session>>();
  readonly #bookmarkMs: number;
  #json = new WeakMap<JsonObject, string>();

  constructor(store: ObjectStore, options: { now: () => Date; bookmarkSeconds: number }) {
    this.#store = store;
    this.#now = options.now;
    this.#bookmarkMs = options.bookmarkSeconds * 1000;
    store.subscribe((e) => this.#dispatch(e));
  }

  /** Number of open watch connections. */
  get size(): number {
    let n = 0;
    for (const s of this.#sessions.values()) n += s.size;
    return n;
  }

  /** Starts a watch on `res`: replays history or current state, then streams live events. */
  serve(req: WatchRequest, res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    const key = typeKey(req.type);
    const timers: NodeJS.Timeout[] = [];
    const session: Session = {
      req,
      res,
      headersSent: false,
      close: () => {
        for (const t of timers) clearTimeout(t);
        this.#sessions.get(key)?.delete(session);
        if (!res.writableEnded) res.end();
      },
    };
    res.on('close', session.close);
    if (!this.#replay(session)) return;
    let set = this.#sessions.get(key);
    if (!set) this.#sessions.set(key, (set = new Set()));
    set.add(session);
    if (req.bookmarks) timers.push(setInterval(() => this.#bookmark(session), this.#bookmarkMs));
    if (req.timeoutSeconds && req.timeoutSeconds > 0) timers.push(setTimeout(session.close, req.timeoutSeconds * 1000));
  }

  /**
   * Closes every open watch (fault injection). By default the stream ends cleanly, as when the server
   * times a watch out; `abrupt` resets the connection instead, as a network failure would.
   */
  dropAll(abrupt = false): number {
    let n = 0;
    for (const set of this.#sessions.values()) {
      for (const s of [...set]) {
        if (abrupt) s.res.destroy();
        s.close();
        n++;
      }
    }
    return n;
  }

  // What a new watch sees first; false when the watch already failed (and is closed).
  #replay(session: Session): boolean {
    const rv = session.req.resourceVersion;
    if (rv === undefined || rv === '' || rv === '0') return this.#replayState(session);
    return this.#replayHistory(session, rv);
  }

  // Without a resourceVersion a watch starts with every current object as ADDED.
  #replayState(session: Session): boolean {
    const { req } = session;
    for (const obj of this.#store.list(typeKey(req.type), req.type.namespaced ? req.namespace : undefined)) {
      if (!req.match || req.match(obj)) this.#send(session, 'ADDED', obj);
    }
    return true;
  }

  // From a resourceVersion a watch replays the logged events after it, or fails with 410 once compacted.
  #replayHistory(session: Session, rv: string): boolean {
    const n = Number(rv);
    if (!Number.isInteger(n)) return this.#fail(session, 400, 'BadRequest', `invalid resource version: ${rv}`);
    try {
      for (const e of this.#store.eventsSince(typeKey(session.req.type), n)) this.#deliver(session, e);
    } catch (err) {
      if (err instanceof ExpiredError) return this.#fail(session, 410, 'Expired', err.message);
      throw err;
    }
    return true;
  }

  #fail(session: Session, code: number, reason: string, message: string): boolean {
    const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
    session.res.write(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
    session.close();
    return false;
  }

  #dispatch(e: StoredEvent): void {
    const set = this.#sessions.get(e.typeKey);
    if (!set) return;
    for (const s of set) this.#deliver(s, e);
  }

  #deliver(session: Session, e: StoredEvent): void {
    const { req } = session;
    if (req.namespace !== undefined && req.type.namespaced && e.namespace !== req.namespace) return;
    const matches = (obj: JsonObject): boolean => !req.match || req.match(obj);
    const now = matches(e.object);
    // An ADDED object had no "before"; otherwise the previous version decides (the current one if none was kept).
    const before = e.type !== 'ADDED' && (e.previous ? matches(e.previous) : now);
    const type = visibleEventType(e.type, before, now);
    if (type) this.#send(session, type, e.object);
  }

  #send(session: Session, type: string, obj: JsonObject): void {
    const { req, res } = session;
    if (res.writableEnded) return;
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      session.close();
      return;
    }
    const body = req.table ? JSON.stringify(this.#tableFor(session, obj)) : this.#objectJson(req.type, obj);
    res.write(`{"type":"${type}","object":${body}}\n`);
  }

  #tableFor(session: Session, obj: JsonObject): JsonObject {
    const headers = !session.headersSent;
    session.headersSent = true;
    return toTable(session.req.type, [obj], { now: this.#now(), include: session.req.table?.include ?? 'Metadata', headers });
  }

  #objectJson(t: ResourceType, obj: JsonObject): string {
    const apiVersion = apiVersionOf(t);
    if (obj.apiVersion !== apiVersion) return JSON.stringify({ ...obj, apiVersion });
    let json = this.#json.get(obj);
    if (json === undefined) {
      json = JSON.stringify(obj);
      this.#json.set(obj, json);
    }
    return json;
  }

  #bookmark(session: Session): void {
    const { req, res } = session;
    if (res.writableEnded) return;
    const object = { kind: req.type.kind, apiVersion: apiVersionOf(req.type), metadata: { resourceVersion: String(this.#store.currentRv) } };
    res.write(`${JSON.stringify({ type: 'BOOKMARK', object })}\n`);
  }
}
