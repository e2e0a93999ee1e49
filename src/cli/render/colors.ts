import { ICONS } from '../../view/icons.js';

// Argo's palette: the words and symbols that get a colour, and which.
const GREEN = 32;
const YELLOW = 33;
const RED = 31;
const HI_BLUE = 94;

const COLOR_OF: Readonly<Record<string, number>> = {
  [ICONS.waiting]: YELLOW,
  [ICONS.progressing]: HI_BLUE,
  [ICONS.warning]: RED,
  [ICONS.unknown]: YELLOW,
  [ICONS.ok]: GREEN,
  [ICONS.bad]: RED,
  canary: YELLOW,
  stable: GREEN,
  active: GREEN,
  preview: HI_BLUE,
  ping: HI_BLUE,
  pong: HI_BLUE,
  Pending: HI_BLUE,
  Running: HI_BLUE,
};

/** Colours words by what they are (a status symbol, a stack tag), or leaves them plain. */
export interface Painter {
  /** `text` in the colour of `key` (default: of `text` itself). */
  paint(text: string, key?: string): string;
}

/** A painter that colours, or (for pipes, files, --no-color, TERM=dumb) one that never does. */
export function createPainter(enabled: boolean): Painter {
  return {
    paint: (text, key = text) => {
      const code = COLOR_OF[key];
      return enabled && code !== undefined ? `\x1b[${code}m${text}\x1b[0m` : text;
    },
  };
}

/** Whether output should be coloured: a terminal, no --no-color, and no NO_COLOR or TERM=dumb. */
export function colorWanted(options: { isTTY: boolean; noColor: boolean; env: Readonly<Record<string, string | undefined>> }): boolean {
  return options.isTTY && !options.noColor && options.env.TERM !== 'dumb' && (options.env.NO_COLOR ?? '') === '';
}
