import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** This package's version, from package.json two folders up (src/cli/ and dist/cli/ alike). */
export function packageVersion(): string {
  try {
    const file = fileURLToPath(new URL('../../package.json', import.meta.url));
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown };
    return typeof parsed.version === 'string' ? parsed.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
