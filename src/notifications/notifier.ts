// The notifier: the controller hands it every event it records; it answers at once and, outside the
// reconcile, reads the notification ConfigMap and Secret, finds the trigger's subscribers, renders the
// templates and sends, each service on its own bounded queue with retries. One event → at most one
// notification per subscribed destination and triggered condition; failures are logged and counted.
import { EventEmitter } from 'node:events';
import type { Logger } from '../shared/logger.js';
import { realTimerClock, type TimerClock } from '../shared/timer-clock.js';
import { parseNotificationConfig, type NotificationConfig } from './config.js';
import { renderNotification } from './render.js';
import { sendWithRetry, type RetryOutcome } from './retry.js';
import { sendSlack, sendWebhook, type FetchFunction } from './senders.js';
import { SerialQueue } from '../shared/serial-queue.js';
import { destinationsFor, type Destination } from './subscriptions.js';
import { runTrigger, triggerOfReason } from './triggers.js';

/** Reads the ConfigMap's and the Secret's data (decoded); undefined when absent. Implemented in src/kube. */
export interface NotificationSettingsSource {
  read(): Promise<{ configMap?: Readonly<Record<string, string>>; secret?: Readonly<Record<string, string>> }>;
}

/** An object an event is about, as read from the API (a Rollout or an AnalysisRun). */
export interface NotifiedObject {
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
}

export interface NotifiedEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/** One send's result, for logs and metrics (Argo's notification_send_success / _error). */
export interface NotificationSendResult {
  ok: boolean;
  namespace: string;
  name: string;
  /** The event's type and reason (Argo's labels on notification_send_success / _error). */
  type: 'Normal' | 'Warning';
  reason: string;
  trigger: string;
  service: string;
  attempts: number;
  durationMs: number;
  error?: string;
}

/** Every send result is emitted here as 'result' (the metrics engineer's hook). */
export const notificationSendResults = new EventEmitter<{ result: [NotificationSendResult] }>();

export interface NotifierOptions {
  source: NotificationSettingsSource;
  log: Logger;
  clock?: TimerClock;
  fetch?: FetchFunction;
  /** Called with each send's result (besides notificationSendResults). */
  onSend?: (result: NotificationSendResult) => void;
  /** Events and sends waiting per queue before new ones are dropped (default 1000). */
  queueLimit?: number;
  /** How long read settings are reused (ms, default 3000). */
  cacheMs?: number;
}

export interface Notifier {
  /** Takes an event for notification; never blocks and never throws. */
  notify: (object: NotifiedObject, event: NotifiedEvent) => void;
  /** Waits (at most `timeoutMs`) for queued notifications to go out. */
  drain(timeoutMs: number): Promise<void>;
}

interface Job {
  object: NotifiedObject;
  event: NotifiedEvent;
  trigger: string;
}

/** A notifier reading its settings from `source`. */
export function createNotifier(options: NotifierOptions): Notifier {
  const clock = options.clock ?? realTimerClock;
  const limit = options.queueLimit ?? 1000;
  const intake = new SerialQueue(limit);
  const services = new Map<string, SerialQueue>();
  const settings = cachedSettings(options, clock, options.cacheMs ?? 3000);
  const report = (result: NotificationSendResult): void => {
    if (result.ok) options.log.info(logFields(result), 'notification sent');
    else options.log.error(logFields(result), 'notification failed');
    options.onSend?.(result);
    notificationSendResults.emit('result', result);
  };
  const ctx: DispatchContext = { options, clock, limit, services, report };
  return {
    notify: (object, event) => {
      // Objects come from the informer caches, which replace objects and never change them: no copy.
      const job: Job = { object, event, trigger: triggerOfReason(event.reason) };
      if (!intake.push(() => dispatch(job, settings, ctx))) report(failure(job, '-', 'notification queue full: event dropped'));
    },
    drain: async (timeoutMs) => {
      const all = async (): Promise<void> => {
        await intake.idle();
        await Promise.all([...services.values()].map((q) => q.idle()));
      };
      let timer: unknown;
      await Promise.race([all(), new Promise<void>((resolve) => (timer = clock.setTimeout(resolve, timeoutMs)))]);
      clock.clearTimeout(timer);
    },
  };
}

interface DispatchContext {
  options: NotifierOptions;
  clock: TimerClock;
  limit: number;
  services: Map<string, SerialQueue>;
  report: (result: NotificationSendResult) => void;
}

// Settings are read again once `cacheMs` has passed; keys that cannot be used are logged (their
// names and why, never their values) at each read.
function cachedSettings(options: Pick<NotifierOptions, 'source' | 'log'>, clock: TimerClock, cacheMs: number): () => Promise<NotificationConfig> {
  let cached: { at: number; config: NotificationConfig } | undefined;
  return async () => {
    if (cached && clock.now() - cached.at < cacheMs) return cached.config;
    const { configMap, secret } = await options.source.read();
    cached = { at: clock.now(), config: parseNotificationConfig(configMap ?? {}, secret ?? {}) };
    if (cached.config.problems.length > 0) options.log.warn({ problems: cached.config.problems }, 'notification settings: keys ignored');
    return cached.config;
  };
}

const logFields = (r: NotificationSendResult): Record<string, unknown> => ({ rollout: `${r.namespace}/${r.name}`, trigger: r.trigger, service: r.service, attempts: r.attempts, durationMs: r.durationMs, error: r.error });

function failure(job: Job, service: string, error: string): NotificationSendResult {
  const meta = job.object.metadata ?? {};
  return { ok: false, namespace: meta.namespace ?? '', name: meta.name ?? '', type: job.event.type, reason: job.event.reason, trigger: job.trigger, service, attempts: 0, durationMs: 0, error };
}

// Finds the subscribers of the event's trigger and queues one send per destination and condition.
async function dispatch(job: Job, settings: () => Promise<NotificationConfig>, ctx: DispatchContext): Promise<void> {
  let config: NotificationConfig;
  try {
    config = await settings();
  } catch (err) {
    return ctx.report(failure(job, '-', `cannot read notification settings: ${err instanceof Error ? err.message : String(err)}`));
  }
  const meta = job.object.metadata ?? {};
  const destinations = destinationsFor(job.trigger, { labels: meta.labels, annotations: meta.annotations }, config);
  const conditions = config.triggers.get(job.trigger);
  // Nobody subscribed, or the trigger is not configured (Argo skips it quietly too).
  if (destinations.length === 0 || !conditions) return;
  const vars = job.object.kind === 'AnalysisRun' ? { rollout: job.object, analysisRun: job.object } : { rollout: job.object };
  const triggered = runTrigger(conditions, vars);
  for (const error of triggered.errors) ctx.report(failure(job, '-', error));
  for (const destination of destinations) {
    for (const templates of triggered.templates) queueSend({ job, config, destination, templates, vars }, ctx);
  }
}

interface SendJob {
  job: Job;
  config: NotificationConfig;
  destination: Destination;
  templates: string[];
  vars: Record<string, unknown>;
}

function queueSend(send: SendJob, ctx: DispatchContext): void {
  const name = send.destination.service;
  let queue = ctx.services.get(name);
  if (!queue) {
    queue = new SerialQueue(ctx.limit);
    ctx.services.set(name, queue);
  }
  if (!queue.push(() => deliver(send, ctx))) ctx.report(failure(send.job, name, 'notification queue full: send dropped'));
}

async function deliver(send: SendJob, ctx: DispatchContext): Promise<void> {
  const started = ctx.clock.now();
  const outcome = await attempt(send, ctx);
  const base = failure(send.job, send.destination.service, '');
  ctx.report({ ...base, ok: outcome.ok, attempts: outcome.attempts, durationMs: ctx.clock.now() - started, error: outcome.ok ? undefined : outcome.error });
}

async function attempt(send: SendJob, ctx: DispatchContext): Promise<RetryOutcome> {
  const { destination, config } = send;
  const service = config.services.get(destination.service);
  if (!service) return { ok: false, retryable: false, error: `service ${destination.service} is not configured`, attempts: 0 };
  let notification;
  try {
    notification = renderNotification(send.templates, config, { ...send.vars, recipient: destination.recipient });
  } catch (err) {
    return { ok: false, retryable: false, error: `cannot render: ${err instanceof Error ? err.message : String(err)}`, attempts: 0 };
  }
  const fetchFn = ctx.options.fetch ?? fetch;
  const once = service.type === 'webhook' ? () => sendWebhook(service, destination.service, notification, fetchFn) : () => sendSlack(service, destination.recipient, notification, fetchFn);
  return sendWithRetry(once, service.retry, ctx.clock);
}
