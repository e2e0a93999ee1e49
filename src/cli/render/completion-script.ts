// Shell completion for `kubectl-rollouts`, generated from the command tree so it never drifts from
// the commands: subcommands, then flags after "-", then rollout names (from kubectl) where a
// command takes one.
import type { Command } from 'commander';

/** One command path with what may follow it, e.g. { path: "get rollout", subcommands: [], flags: ["--watch", "-w", …] }. */
export interface CompletionEntry {
  path: string;
  subcommands: string[];
  flags: string[];
  /** Whether its first argument is a rollout name. */
  takesRollout: boolean;
}

function namesOf(cmd: Command): string[] {
  return [cmd.name(), ...cmd.aliases()];
}

function flagsOf(cmd: Command): string[] {
  return cmd.options.flatMap((o) => [o.long, o.short].filter((f): f is string => f !== undefined)).concat(['--help']);
}

/** Every path (aliases spelled out: "get ro" as well as "get rollout"), the root as "". */
export function completionEntries(root: Command): CompletionEntry[] {
  const entries: CompletionEntry[] = [];
  const walk = (cmd: Command, path: string): void => {
    const first = cmd.registeredArguments[0];
    entries.push({
      path,
      subcommands: cmd.commands.flatMap(namesOf),
      flags: flagsOf(cmd),
      takesRollout: first !== undefined && /^(name|rollout)/.test(first.name()),
    });
    for (const sub of cmd.commands) for (const name of namesOf(sub)) walk(sub, path === '' ? name : `${path} ${name}`);
  };
  walk(root, '');
  return entries;
}

// Bash arrays take no empty key: the root is "_", "get rollout" is "_ get rollout".
function keyOf(path: string): string {
  return path === '' ? '_' : `_ ${path}`;
}

function bashMap(name: string, entries: CompletionEntry[], value: (e: CompletionEntry) => string): string {
  return `  declare -A ${name}=(\n${entries.map((e) => `    [${JSON.stringify(keyOf(e.path))}]=${JSON.stringify(value(e))}`).join('\n')}\n  )`;
}

/** A bash script: `source <(kubectl rollouts completion bash)`. */
export function bashCompletion(entries: CompletionEntry[]): string {
  const withRollout = entries.filter((e) => e.takesRollout).map((e) => keyOf(e.path));
  return `# bash completion for kubectl-rollouts (kubectl rollouts …). Load with:
#   source <(kubectl rollouts completion bash)
_kubectl_rollouts() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" cmd=_ w i start=1
  # Called for "kubectl rollouts …" the plugin's words start after "rollouts".
  [[ "\${COMP_WORDS[0]}" == kubectl && "\${COMP_WORDS[1]}" == rollouts ]] && start=2
${bashMap('subs', entries, (e) => e.subcommands.join(' '))}
${bashMap('flags', entries, (e) => e.flags.join(' '))}
  local with_rollout=${JSON.stringify(`|${withRollout.join('|')}|`)}
  for ((i = start; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    [[ " \${subs[$cmd]} " == *" $w "* ]] && cmd="$cmd $w"
  done
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "\${flags[$cmd]} \${flags[_]}" -- "$cur"))
  elif [[ -n "\${subs[$cmd]}" ]]; then
    COMPREPLY=($(compgen -W "\${subs[$cmd]}" -- "$cur"))
  elif [[ "$with_rollout" == *"|$cmd|"* ]]; then
    COMPREPLY=($(compgen -W "$(kubectl get rollouts.argoproj.io -o 'custom-columns=:metadata.name' --no-headers 2>/dev/null)" -- "$cur"))
  fi
}
complete -o default -F _kubectl_rollouts kubectl-rollouts
`;
}

/** zsh runs the bash script through bashcompinit: `source <(kubectl rollouts completion zsh)`. */
export function zshCompletion(entries: CompletionEntry[]): string {
  return `#compdef kubectl-rollouts
# zsh completion for kubectl-rollouts. Load with:
#   source <(kubectl rollouts completion zsh)
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bashCompletion(entries).split('\n').slice(2).join('\n')}`;
}
