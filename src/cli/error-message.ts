// The one line a failed command prints after "Error: ". Most errors already say what failed; a
// cluster that cannot be reached is said as kubectl says it, so users recognise it.
import { KubeError } from '../kube/kube-errors.js';
import { messageOf } from '../shared/errors.js';

// "get rollouts.argoproj.io default/x: fetch failed: connect ECONNREFUSED 127.0.0.1:6443" → 127.0.0.1:6443
const REFUSED = /ECONNREFUSED (\S+)/;

/** The message for `err`: "the connection to the server 127.0.0.1:6443 was refused - …", else its own. */
export function cliErrorMessage(err: unknown): string {
  const message = messageOf(err);
  if (!(err instanceof KubeError) || err.statusCode !== 0) return message;
  const refused = REFUSED.exec(message);
  return refused ? `the connection to the server ${refused[1]} was refused - did you specify the right host or port?` : message;
}
