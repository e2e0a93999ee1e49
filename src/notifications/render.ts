// Renders a trigger's templates into one notification: each template's message, webhook parts and
// slack parts are Go templates over { rollout, recipient }; a later template's parts win.
import type { NotificationConfig, NotificationTemplate } from './config.js';
import { compileTemplate, type CompiledTemplate } from './template-render.js';

export interface RenderedNotification {
  message: string;
  webhook: Record<string, { method?: string; path?: string; body?: string }>;
  slack: { attachments?: string; blocks?: string; username?: string; icon?: string };
}

const compiledTemplates = new Map<string, CompiledTemplate>();

// Compiled once per text (templates repeat for every event).
function render(text: string | undefined, vars: Record<string, unknown>): string | undefined {
  if (text === undefined) return undefined;
  let compiled = compiledTemplates.get(text);
  if (!compiled) {
    compiled = compileTemplate(text);
    if (compiledTemplates.size > 500) compiledTemplates.clear();
    compiledTemplates.set(text, compiled);
  }
  return compiled(vars);
}

/** The notification of `names` (template names); throws when a template is missing or fails. */
export function renderNotification(names: readonly string[], config: NotificationConfig, vars: Record<string, unknown>): RenderedNotification {
  const out: RenderedNotification = { message: '', webhook: {}, slack: {} };
  for (const name of names) {
    const template = config.templates.get(name);
    if (!template) throw new Error(`template ${name} is not configured`);
    renderInto(out, template, vars);
  }
  return out;
}

function renderInto(out: RenderedNotification, template: NotificationTemplate, vars: Record<string, unknown>): void {
  const message = render(template.message, vars);
  if (message !== undefined) out.message = message;
  for (const [service, part] of Object.entries(template.webhook ?? {})) {
    out.webhook[service] = { method: part.method, path: render(part.path, vars), body: render(part.body, vars) };
  }
  const slack = template.slack;
  if (slack) out.slack = { attachments: render(slack.attachments, vars), blocks: render(slack.blocks, vars), username: slack.username, icon: slack.icon };
}
