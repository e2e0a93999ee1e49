// Executes a parsed template against plain data (the rollout as JSON), as Go's text/template does
// for map[string]interface{} data: `.a.b` walks map keys, a missing key is "<no value>", `range`
// over a map goes in key order, variables are scoped to their block.
import { TemplateError } from './template-lexer.js';
import { isTrue, printValue, TEMPLATE_FUNCTIONS } from './template-functions.js';
import { parseTemplate, type Arg, type Block, type Pipeline, type TemplateNode } from './template-parse.js';

interface Scope {
  dot: unknown;
  vars: Map<string, unknown>;
}

/** A parsed template, ready to render many times. */
export type CompiledTemplate = (data: Record<string, unknown>) => string;

/** Parses once; `compileTemplate("Hi {{.name}}")({ name: "x" })` → "Hi x". Throws TemplateError. */
export function compileTemplate(source: string): CompiledTemplate {
  const nodes = parseTemplate(source);
  return (data) => {
    const out: string[] = [];
    renderNodes(nodes, { dot: data, vars: new Map([['$', data]]) }, out);
    return out.join('');
  };
}

function renderNodes(nodes: TemplateNode[], scope: Scope, out: string[]): void {
  for (const node of nodes) renderNode(node, scope, out);
}

function renderNode(node: TemplateNode, scope: Scope, out: string[]): void {
  switch (node.kind) {
    case 'text':
      out.push(node.text);
      return;
    case 'output': {
      const value = runPipeline(node.pipe, scope);
      // An assignment prints nothing.
      if (node.pipe.decl.length === 0) out.push(printValue(value));
      return;
    }
    case 'if':
    case 'with': {
      const inner = child(scope);
      const value = runPipeline(node.pipe, inner);
      if (!isTrue(value)) return renderNodes(node.else, scope, out);
      renderNodes(node.then, node.kind === 'with' ? { ...inner, dot: value } : inner, out);
      return;
    }
    case 'range':
      renderRange(node, scope, out);
  }
}

const child = (scope: Scope): Scope => ({ dot: scope.dot, vars: new Map(scope.vars) });

function renderRange(node: Block, scope: Scope, out: string[]): void {
  const value = runPipeline({ ...node.pipe, decl: [] }, scope);
  const entries = rangeEntries(value);
  if (entries.length === 0) return renderNodes(node.else, scope, out);
  const [keyVar, valueVar] = node.pipe.decl.length === 1 ? [undefined, node.pipe.decl[0]] : node.pipe.decl;
  for (const [key, item] of entries) {
    const inner = child(scope);
    inner.dot = item;
    if (keyVar) inner.vars.set(keyVar, key);
    if (valueVar) inner.vars.set(valueVar, item);
    renderNodes(node.then, inner, out);
  }
}

function rangeEntries(value: unknown): Array<[unknown, unknown]> {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map((v, i) => [i, v]);
  if (typeof value === 'object') return Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));
  throw new TemplateError(`range can't iterate over ${printValue(value)}`);
}

function runPipeline(pipe: Pipeline, scope: Scope): unknown {
  let value: unknown;
  pipe.cmds.forEach((cmd, i) => {
    value = runCommand(cmd, scope, i === 0 ? [] : [value]);
  });
  for (const name of pipe.decl) scope.vars.set(name, value);
  return value;
}

function runCommand(cmd: Arg[], scope: Scope, piped: unknown[]): unknown {
  const [head, ...rest] = cmd;
  if (head.kind === 'fn') {
    const fn = TEMPLATE_FUNCTIONS[head.name];
    if (!fn) throw new TemplateError(`function "${head.name}" not defined`);
    return fn(...rest.map((a) => evalArg(a, scope)), ...piped);
  }
  if (rest.length > 0 || piped.length > 0) throw new TemplateError(`can't give argument to non-function ${describe(head)}`);
  return evalArg(head, scope);
}

function evalArg(arg: Arg, scope: Scope): unknown {
  switch (arg.kind) {
    case 'lit':
      return arg.value;
    case 'field':
      return walk(scope.dot, arg.path);
    case 'var':
      if (!scope.vars.has(arg.name)) throw new TemplateError(`undefined variable: ${arg.name}`);
      return walk(scope.vars.get(arg.name), arg.path);
    case 'sub':
      return runPipeline(arg.pipe, scope);
    case 'fn':
      return runCommand([arg], scope, []);
  }
}

// `.a.b` on maps; a key missing anywhere on the way gives undefined ("<no value>").
function walk(value: unknown, path: string[]): unknown {
  let cur = value;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = Object.hasOwn(cur, key) ? (cur as Record<string, unknown>)[key] : undefined;
  }
  return cur;
}

function describe(arg: Arg): string {
  if (arg.kind === 'field') return `.${arg.path.join('.')}`;
  if (arg.kind === 'var') return [arg.name, ...arg.path].join('.');
  return arg.kind;
}
