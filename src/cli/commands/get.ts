import type { Command } from 'commander';
import { loadRolloutTree, rolloutNotFoundError } from '../../kube/load-rollout-tree.js';
import { watchRolloutTree } from '../../kube/watch-rollout-tree.js';
import { rolloutInfo } from '../../view/rollout-info.js';
import type { RolloutRef } from '../../ops/rollout-ref.js';
import { parseSeconds } from '../argv.js';
import type { CliDeps, KubeSession } from '../cli-types.js';
import { refOf, sessionOf } from '../command-context.js';
import { colorWanted, createPainter, type Painter } from '../render/colors.js';
import { renderRollout } from '../render/rollout-text.js';
import { aborted, deadline } from '../deadline.js';

interface GetRolloutOptions {
  watch?: boolean;
  color: boolean;
  timeoutSeconds?: number;
}

// Home the cursor and clear the screen, then home again: the redraw Argo's --watch does.
const CLEAR_SCREEN = '\x1b[H\x1b[2J\x1b[0;0H';
// Redraws at most this often when changes pour in (no flicker), and on a terminal every second (ages move).
const MIN_REDRAW_MS = 200;
const REFRESH_MS = 1000;

/** `get rollout NAME [-w] [--no-color] [--timeout-seconds N]`. */
export function registerGet(program: Command, deps: CliDeps): void {
  const group = program.command('get').description('Get details about rollouts');
  group
    .command('rollout')
    .aliases(['ro', 'rollouts'])
    .description('Show a rollout: status, steps, weights, images, and the tree of revisions, ReplicaSets, pods and analysis runs')
    .argument('<name>', 'rollout name')
    .option('-w, --watch', 'watch live updates to the rollout')
    .option('--no-watch', 'print once (the default)')
    .option('--no-color', 'do not colorize output')
    .option('--timeout-seconds <seconds>', 'with --watch, stop after this many seconds', parseSeconds)
    .action(async (name: string, opts: GetRolloutOptions, cmd: Command) => {
      const session = await sessionOf(cmd, deps);
      const painter = createPainter(colorWanted({ isTTY: deps.isTTY, noColor: !opts.color, env: deps.env }));
      const ref = refOf(session, name);
      // One read first: a missing rollout or an unreachable API fails at once, not after retries.
      const tree = await loadRolloutTree(session.client, ref);
      if (opts.watch) await watchRollout(deps, session, ref, { painter, timeoutSeconds: opts.timeoutSeconds });
      else deps.stdout.write(renderRollout(rolloutInfo(tree, deps.now()), painter));
    });
}

/** Redraws the rollout in place on every change until Ctrl-C (or --timeout-seconds). */
async function watchRollout(deps: CliDeps, session: KubeSession, ref: RolloutRef, options: { painter: Painter; timeoutSeconds?: number }): Promise<void> {
  const { signal, dispose } = deadline(deps.signal, options.timeoutSeconds ? options.timeoutSeconds * 1000 : undefined);
  try {
    await redrawUntil(deps, session, ref, { painter: options.painter, signal });
  } finally {
    dispose();
  }
}

async function redrawUntil(deps: CliDeps, session: KubeSession, ref: RolloutRef, options: { painter: Painter; signal: AbortSignal }): Promise<void> {
  const { signal } = options;
  let lastDraw = 0;
  let pending: NodeJS.Timeout | undefined;
  const watch = await watchRolloutTree({ client: session.client, ref, signal, onChange: () => schedule() });
  const draw = (): void => {
    pending = undefined;
    lastDraw = Date.now();
    const tree = watch.current();
    // A rollout deleted while watched keeps its last picture, as Argo's does.
    if (tree) deps.stdout.write(CLEAR_SCREEN + renderRollout(rolloutInfo(tree, deps.now()), options.painter));
  };
  const schedule = (): void => {
    pending ??= setTimeout(draw, Math.max(0, lastDraw + MIN_REDRAW_MS - Date.now()));
  };
  if (!watch.current()) {
    await watch.stop();
    throw rolloutNotFoundError(ref);
  }
  draw();
  // Ages move on a terminal; a pipe or a file only gets a new picture when something changed.
  const ticker = deps.isTTY ? setInterval(draw, REFRESH_MS) : undefined;
  await aborted(signal);
  clearInterval(ticker);
  clearTimeout(pending);
  await watch.stop();
}
