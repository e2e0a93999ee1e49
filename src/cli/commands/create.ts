import type { Command } from 'commander';
import { readManifests } from '../../kube/apply-manifests.js';
import type { KubeObject } from '../../kube/kube-client-types.js';
import { KubeError } from '../../kube/kube-errors.js';
import { resourceFor, type ResourceRef } from '../../kube/resources.js';
import { messageOf } from '../../shared/errors.js';
import type { CliDeps, KubeSession } from '../cli-types.js';
import { println, sessionOf } from '../command-context.js';
import { CommandFailure } from '../usage-error.js';

/** "rollout.argoproj.io/checkout", "service/checkout": how Argo's create (and kubectl) name an object. */
export function objectName(r: ResourceRef, name: string): string {
  return `${r.kind.toLowerCase()}${r.group === '' ? '' : `.${r.group}`}/${name}`;
}

/**
 * `create -f FILE`: creates every object of the file in order (Rollouts, AnalysisTemplates,
 * Experiments, AnalysisRuns, and the plain kinds beside them), one line per object:
 * "rollout.argoproj.io/checkout created". A failure is reported and the others still go; exit 1.
 */
export function registerCreate(program: Command, deps: CliDeps): void {
  program
    .command('create')
    .description('Create a Rollout, Experiment, AnalysisTemplate, ClusterAnalysisTemplate or AnalysisRun from a file')
    .requiredOption('-f, --filename <file>', 'file with the objects to create (YAML or JSON, several documents allowed)')
    .addHelpText('after', '\nExamples:\n  # Create an experiment\n  kubectl rollouts create -f my-experiment.yaml')
    .action(async (opts: { filename: string }, cmd: Command) => {
      const objects = readManifests(opts.filename);
      const session = await sessionOf(cmd, deps);
      const failures: string[] = [];
      for (const obj of objects) {
        const result = await createOne(session, obj);
        if ('created' in result) println(deps, `${result.created} created`);
        else failures.push(result.failed);
      }
      // The top-level catch writes "Error: " before the message: one such line per failure.
      if (failures.length > 0) throw new CommandFailure(failures.join('\nError: '));
    });
}

function labelOf(obj: KubeObject): string {
  return `${obj.kind ?? '?'}/${obj.metadata?.name ?? ''}`;
}

async function createOne(session: KubeSession, obj: KubeObject): Promise<{ created: string } | { failed: string }> {
  const r = resourceFor(obj.apiVersion, obj.kind);
  if (!r) return { failed: `${labelOf(obj)}: ${obj.apiVersion ?? '?'} is not an apiVersion/kind this plugin creates` };
  try {
    const created = await session.client.create(r, r.namespaced ? (obj.metadata?.namespace ?? session.namespace) : undefined, obj);
    return { created: objectName(r, created.metadata?.name ?? '') };
  } catch (err) {
    return { failed: failureMessage(err) };
  }
}

// The API server's own words, as kubectl shows them: rollouts.argoproj.io "checkout" already exists.
function failureMessage(err: unknown): string {
  return err instanceof KubeError && err.statusCode !== 0 ? err.apiMessage : messageOf(err);
}
