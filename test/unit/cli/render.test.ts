import { describe, expect, it } from '@jest/globals';
import { colorWanted, createPainter } from '../../../src/cli/render/colors.js';
import { renderRolloutList } from '../../../src/cli/render/list-text.js';
import { displayWidth, formatTable } from '../../../src/cli/render/text-table.js';
import { listRow } from '../../../src/view/list-row.js';
import { scenario } from '../view/canary-fixtures.js';

describe('formatTable (Go tabwriter, padding 2)', () => {
  it('pads every cell but the last to its column, ignoring colour codes, and trims line ends', () => {
    const green = createPainter(true).paint('✔');
    expect(formatTable([['NAME', 'KIND', 'INFO'], ['a-long-name', `${green} x`, ''], ['b', 'Pod', 'ready:1/1']])).toBe(
      ['NAME         KIND  INFO', `a-long-name  ${green} x`, 'b            Pod   ready:1/1', ''].join('\n'),
    );
  });

  it('measures symbols as one column each', () => {
    expect(displayWidth('│  ├──□ pod')).toBe(11);
  });
});

describe('renderRolloutList', () => {
  it('prints Argo’s columns', () => {
    expect(renderRolloutList([listRow(scenario('progressing').rollout), listRow(scenario('healthy').rollout)], false)).toBe(
      [
        'NAME        STRATEGY   STATUS        STEP  SET-WEIGHT  READY  DESIRED  UP-TO-DATE  AVAILABLE',
        'checkout    Canary     Progressing   1/5   20          5/5    5        1           5',
        'checkout    Canary     Healthy       5/5   100         5/5    5        5           5',
        '',
      ].join('\n'),
    );
  });

  it('adds a NAMESPACE column for all namespaces', () => {
    expect(renderRolloutList([listRow(scenario('paused').rollout)], true).split('\n')).toEqual([
      'NAMESPACE  NAME        STRATEGY   STATUS        STEP  SET-WEIGHT  READY  DESIRED  UP-TO-DATE  AVAILABLE',
      'shop       checkout    Canary     Paused        2/5   20          5/5    5        1           5',
      '',
    ]);
  });
});

describe('colorWanted', () => {
  it.each([
    [{ isTTY: true, noColor: false, env: {} }, true],
    [{ isTTY: false, noColor: false, env: {} }, false],
    [{ isTTY: true, noColor: true, env: {} }, false],
    [{ isTTY: true, noColor: false, env: { TERM: 'dumb' } }, false],
    [{ isTTY: true, noColor: false, env: { NO_COLOR: '1' } }, false],
  ])('%j → %s', (options, wanted) => {
    expect(colorWanted(options)).toBe(wanted);
  });
});
