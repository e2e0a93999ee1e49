// The completion table comes from the command tree itself: every command, alias and flag.
import { describe, expect, it } from '@jest/globals';
import { Command } from 'commander';
import { bashCompletion, completionEntries, zshCompletion } from '../../../src/cli/render/completion-script.js';

function aProgram(): Command {
  const program = new Command('kubectl rollouts').option('-n, --namespace <ns>', 'namespace');
  program.command('get').command('rollout').aliases(['ro']).argument('<name>').option('-w, --watch', 'watch');
  program.command('promote').argument('<name>').option('--full', 'all steps');
  program.command('completion').argument('<shell>');
  return program;
}

describe('completionEntries', () => {
  it('lists every path, aliases spelled out, with its flags and whether it takes a rollout', () => {
    expect(completionEntries(aProgram())).toEqual([
      { path: '', subcommands: ['get', 'promote', 'completion'], flags: ['--namespace', '-n', '--help'], takesRollout: false },
      { path: 'get', subcommands: ['rollout', 'ro'], flags: ['--help'], takesRollout: false },
      { path: 'get rollout', subcommands: [], flags: ['--watch', '-w', '--help'], takesRollout: true },
      { path: 'get ro', subcommands: [], flags: ['--watch', '-w', '--help'], takesRollout: true },
      { path: 'promote', subcommands: [], flags: ['--full', '--help'], takesRollout: true },
      { path: 'completion', subcommands: [], flags: ['--help'], takesRollout: false },
    ]);
  });

  it('keys bash arrays by "_ path" (bash takes no empty key) and registers the function', () => {
    const script = bashCompletion(completionEntries(aProgram()));
    expect(script).toContain('    ["_"]="get promote completion"\n');
    expect(script).toContain('    ["_ get rollout"]="--watch -w --help"\n');
    expect(script).toContain('local with_rollout="|_ get rollout|_ get ro|_ promote|"');
    expect(script.endsWith('complete -o default -F _kubectl_rollouts kubectl-rollouts\n')).toBe(true);
  });

  it('gives zsh the same function through bashcompinit', () => {
    const zsh = zshCompletion(completionEntries(aProgram()));
    expect(zsh.split('\n').slice(0, 5)).toEqual([
      '#compdef kubectl-rollouts',
      '# zsh completion for kubectl-rollouts. Load with:',
      '#   source <(kubectl rollouts completion zsh)',
      'autoload -U +X compinit && compinit',
      'autoload -U +X bashcompinit && bashcompinit',
    ]);
    expect(zsh).toContain('_kubectl_rollouts() {');
  });
});
