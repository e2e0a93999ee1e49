// Splits a Go text/template into text and `{{ … }}` actions, and an action into tokens. The subset
// notification templates use (Argo's catalog: `{{.rollout.metadata.name}}`, `{{if …}}`, `{{range
// $i, $c := …}}`, `{{add .rollout.status.currentStepIndex 1}}`), with Go's trim markers:
// "a  {{- .x -}}  b" renders as "a" + x + "b".

/** A template that cannot be parsed or executed; the message says where. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
}

/** A piece of a template: literal text or the inside of an action (trim markers removed). */
export type Chunk = { kind: 'text'; text: string } | { kind: 'action'; source: string };

export type Token =
  | { kind: 'field'; path: string[] }
  | { kind: 'var'; name: string; path: string[] }
  | { kind: 'ident'; name: string }
  | { kind: 'lit'; value: string | number | boolean | null }
  | { kind: 'punct'; value: '(' | ')' | '|' | ':=' | '=' | ',' };

/** Cuts a template into text and action chunks, applying `{{-` / `-}}` trimming. */
export function splitTemplate(source: string): Chunk[] {
  const chunks: Chunk[] = [];
  let rest = source;
  let trimNext = false;
  for (;;) {
    const open = rest.indexOf('{{');
    const text = open < 0 ? rest : rest.slice(0, open);
    const trimBefore = open >= 0 && /^\{\{- /.test(rest.slice(open));
    pushText(chunks, trimNext ? text.trimStart() : text, trimBefore);
    if (open < 0) return chunks;
    const close = findClose(rest, open + 2);
    const inner = rest.slice(open + 2, close);
    trimNext = / -$/.test(inner) || inner === '-';
    const source = inner.replace(/^- /, '').replace(/ -$/, '').trim();
    if (!source.startsWith('/*')) chunks.push({ kind: 'action', source });
    rest = rest.slice(close + 2);
  }
}

function pushText(chunks: Chunk[], text: string, trimEnd: boolean): void {
  const value = trimEnd ? text.trimEnd() : text;
  if (value !== '') chunks.push({ kind: 'text', text: value });
}

// The `}}` closing the action opened before `from`, skipping quoted strings ("}}" inside quotes).
function findClose(source: string, from: number): number {
  let quote = '';
  for (let i = from; i < source.length; i++) {
    const c = source[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === '`') quote = c;
    else if (c === '}' && source[i + 1] === '}') return i;
  }
  throw new TemplateError(`unclosed action at offset ${from - 2}`);
}

const TOKEN = /\s*(?:(:=|[()|=,])|("(?:[^"\\]|\\.)*")|(`[^`]*`)|(-?\d+(?:\.\d+)?)|(\$[A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)|(\.(?:[A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)?)|([A-Za-z_][A-Za-z0-9_]*))/y;

/** The tokens of one action: `add .rollout.status.currentStepIndex 1` → ident, field, lit. */
export function tokenize(action: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < action.length) {
    if (/^\s*$/.test(action.slice(TOKEN.lastIndex))) break;
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(action);
    if (!m) throw new TemplateError(`unexpected "${action.slice(start, start + 10)}" in {{${action}}}`);
    tokens.push(tokenOf(m));
  }
  return tokens;
}

function tokenOf(m: RegExpExecArray): Token {
  if (m[1]) return { kind: 'punct', value: m[1] as '(' };
  if (m[2]) return { kind: 'lit', value: JSON.parse(m[2]) as string };
  if (m[3]) return { kind: 'lit', value: m[3].slice(1, -1) };
  if (m[4]) return { kind: 'lit', value: Number(m[4]) };
  if (m[5]) {
    const [name, ...path] = m[5].split('.');
    return { kind: 'var', name, path };
  }
  if (m[6]) return { kind: 'field', path: m[6].split('.').filter((p) => p !== '') };
  return identOf(m[7]);
}

function identOf(name: string): Token {
  if (name === 'true' || name === 'false') return { kind: 'lit', value: name === 'true' };
  if (name === 'nil') return { kind: 'lit', value: null };
  return { kind: 'ident', name };
}
