// Parses the chunks of a Go text/template into a tree: text, output actions, and the if / with /
// range blocks (with `else` and `else if`). `define`, `template` and `block` are not supported.
import { splitTemplate, TemplateError, tokenize, type Token } from './template-lexer.js';

/** An operand of a command: `.a.b`, `$c.image`, `"text"`, `1`, a function name, `( … )`. */
export type Arg =
  | { kind: 'field'; path: string[] }
  | { kind: 'var'; name: string; path: string[] }
  | { kind: 'lit'; value: string | number | boolean | null }
  | { kind: 'fn'; name: string }
  | { kind: 'sub'; pipe: Pipeline };

/** `$i, $c := cmd | cmd`: the declared variables and the commands, each fed the previous value. */
export interface Pipeline {
  decl: string[];
  cmds: Arg[][];
}

export type BlockKind = 'if' | 'with' | 'range';

export type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'output'; pipe: Pipeline }
  | { kind: BlockKind; pipe: Pipeline; then: TemplateNode[]; else: TemplateNode[] };

/** An if, with or range block. */
export type Block = Extract<TemplateNode, { pipe: Pipeline; then: TemplateNode[] }>;

// One open block; `chained` marks the `if` an `else if` opened, which the same `end` closes.
interface Frame {
  node: Block;
  inElse: boolean;
  chained: boolean;
}

/** Parses a template: "Rollout {{.rollout.metadata.name}}" → text + output of .rollout.metadata.name. */
export function parseTemplate(source: string): TemplateNode[] {
  const root: TemplateNode[] = [];
  const stack: Frame[] = [];
  const target = (): TemplateNode[] => {
    const top = stack[stack.length - 1];
    if (!top) return root;
    return top.inElse ? top.node.else : top.node.then;
  };
  for (const chunk of splitTemplate(source)) {
    if (chunk.kind === 'text') target().push(chunk);
    else parseAction(tokenize(chunk.source), stack, target);
  }
  if (stack.length > 0) throw new TemplateError(`unexpected EOF: {{${stack[stack.length - 1].node.kind}}} has no {{end}}`);
  return root;
}

function parseAction(tokens: Token[], stack: Frame[], target: () => TemplateNode[]): void {
  const head = tokens[0];
  const keyword = head?.kind === 'ident' ? head.name : '';
  if (keyword === 'if' || keyword === 'with' || keyword === 'range') {
    const node: Block = { kind: keyword, pipe: parsePipeline(tokens.slice(1)), then: [], else: [] };
    target().push(node);
    stack.push({ node, inElse: false, chained: false });
  } else if (keyword === 'else') parseElse(tokens.slice(1), stack);
  else if (keyword === 'end') closeBlock(stack);
  else if (head === undefined) throw new TemplateError('missing value for command');
  else target().push({ kind: 'output', pipe: parsePipeline(tokens) });
}

function parseElse(rest: Token[], stack: Frame[]): void {
  const top = stack[stack.length - 1];
  if (!top || top.inElse) throw new TemplateError('unexpected {{else}}');
  top.inElse = true;
  if (rest.length === 0) return;
  // `else if x` / `else with x`: a block inside the else branch that the outer `end` closes.
  const kind = rest[0].kind === 'ident' ? rest[0].name : '';
  if (kind !== 'if' && kind !== 'with') throw new TemplateError('unexpected token after {{else}}');
  const node: Block = { kind, pipe: parsePipeline(rest.slice(1)), then: [], else: [] };
  top.node.else.push(node);
  stack.push({ node, inElse: false, chained: true });
}

function closeBlock(stack: Frame[]): void {
  let frame = stack.pop();
  while (frame?.chained) frame = stack.pop();
  if (!frame) throw new TemplateError('unexpected {{end}}');
}

/** A pipeline from tokens: optional `$a, $b :=`, then commands split on `|`. */
export function parsePipeline(tokens: Token[]): Pipeline {
  const assign = tokens.findIndex((t) => t.kind === 'punct' && (t.value === ':=' || t.value === '='));
  const decl = assign < 0 ? [] : tokens.slice(0, assign).flatMap((t) => (t.kind === 'var' ? [t.name] : []));
  const body = tokens.slice(assign + 1);
  if (body.length === 0) throw new TemplateError('missing value for command');
  const cmds: Arg[][] = [[]];
  for (let i = 0; i < body.length; i++) {
    const t = body[i];
    if (t.kind === 'punct' && t.value === '|') cmds.push([]);
    else if (t.kind === 'punct' && t.value === '(') i = parseSub(body, i, cmds[cmds.length - 1]);
    else cmds[cmds.length - 1].push(argOf(t));
  }
  if (cmds.some((c) => c.length === 0)) throw new TemplateError('missing command in pipeline');
  return { decl, cmds };
}

// `( … )` from index `open`: the sub-pipeline is added to `cmd`; returns the index of its `)`.
function parseSub(tokens: Token[], open: number, cmd: Arg[]): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'punct') continue;
    if (t.value === '(') depth++;
    if (t.value === ')') depth--;
    if (depth === 0) {
      cmd.push({ kind: 'sub', pipe: parsePipeline(tokens.slice(open + 1, i)) });
      return i;
    }
  }
  throw new TemplateError('unclosed left paren');
}

function argOf(t: Token): Arg {
  switch (t.kind) {
    case 'field':
    case 'var':
    case 'lit':
      return t;
    case 'ident':
      return { kind: 'fn', name: t.name };
    case 'punct':
      throw new TemplateError(`unexpected "${t.value}" in command`);
  }
}
