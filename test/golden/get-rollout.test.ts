// Golden files for `kubectl rollouts get rollout`: the exact text (no colour) for a canary rollout in
// several states, at a fixed `now`. Run with UPDATE_GOLDEN=1 to rewrite them after a deliberate change.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { createPainter } from '../../src/cli/render/colors.js';
import { renderRollout } from '../../src/cli/render/rollout-text.js';
import { rolloutInfo } from '../../src/view/rollout-info.js';
import { NOW, scenario } from '../unit/view/canary-fixtures.js';
import { blueGreenPaused, canaryWithTrafficRouting } from '../unit/view/strategy-fixtures.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ESC = String.fromCharCode(27);

function golden(name: string, actual: string): void {
  const file = join(HERE, `get-rollout-${name}.txt`);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, actual);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe('get rollout (golden)', () => {
  it.each(['healthy', 'progressing', 'paused', 'aborted'] as const)('prints a %s canary rollout as Argo lays it out', (state) => {
    golden(state, renderRollout(rolloutInfo(scenario(state), NOW), createPainter(false)));
  });

  it('prints a blue-green rollout: Strategy BlueGreen with no step block, active and preview tags', () => {
    const text = renderRollout(rolloutInfo(blueGreenPaused(), NOW), createPainter(false));
    golden('bluegreen', text);
    expect(text).toContain('Strategy:        BlueGreen\nImages:');
    expect(text).not.toContain('SetWeight');
  });

  it('prints a canary behind a traffic router with the weight the router reports', () => {
    const text = renderRollout(rolloutInfo(canaryWithTrafficRouting(), NOW), createPainter(false));
    golden('traffic-routed', text);
    expect(text).toContain('  SetWeight:     20\n  ActualWeight:  10\n');
  });

  it('colours symbols and tags only when asked to', () => {
    const plain = renderRollout(rolloutInfo(scenario('progressing'), NOW), createPainter(false));
    const coloured = renderRollout(rolloutInfo(scenario('progressing'), NOW), createPainter(true));
    expect(plain).not.toContain('\x1b[');
    expect(coloured).toContain('\x1b[33mcanary\x1b[0m');
    expect(coloured.replaceAll(`${ESC}[33m`, '').replaceAll(`${ESC}[32m`, '').replaceAll(`${ESC}[94m`, '').replaceAll(`${ESC}[0m`, '')).toBe(plain);
  });
});
