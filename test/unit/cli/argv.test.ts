import { describe, expect, it } from '@jest/globals';
import { normalizeBooleanFlags, parseContainerImage, parseRevision, parseTimeout } from '../../../src/cli/argv.js';

describe('normalizeBooleanFlags (pflag’s --flag=bool for commander)', () => {
  it.each([
    [['status', 'x', '--watch=false'], ['status', 'x', '--no-watch']],
    [['status', 'x', '-w=false'], ['status', 'x', '--no-watch']],
    [['status', 'x', '--watch=true'], ['status', 'x', '--watch']],
    [['promote', 'x', '--full=true'], ['promote', 'x', '--full']],
    [['promote', 'x', '--full=false'], ['promote', 'x']],
    [['list', 'rollouts', '-A=true'], ['list', 'rollouts', '--all-namespaces']],
    [['get', 'ro', 'x', '--no-color=true'], ['get', 'ro', 'x', '--no-color']],
    [['set', 'image', 'x', 'app=img:1'], ['set', 'image', 'x', 'app=img:1']],
    [['status', 'x', '--timeout=5m'], ['status', 'x', '--timeout=5m']],
  ])('%j → %j', (argv, expected) => {
    expect(normalizeBooleanFlags(argv)).toEqual(expected);
  });
});

describe('argument parsers', () => {
  it.each([
    ['90s', 90_000],
    ['1m30s', 90_000],
    ['0', undefined],
    [undefined, undefined],
  ])('timeout %s → %s ms', (text, ms) => {
    expect(parseTimeout(text)).toBe(ms);
  });

  it.each(['10', 'soon', '-5s'])('refuses timeout %s', (text) => {
    expect(() => parseTimeout(text)).toThrow(/invalid argument .* for "-t, --timeout" flag/);
  });

  it('reads revisions as whole numbers only', () => {
    expect(parseRevision('3')).toBe(3);
    expect(() => parseRevision('three')).toThrow('invalid argument "three" for "--to-revision" flag');
  });

  it.each([
    ['app=nginx:1.25', { container: 'app', image: 'nginx:1.25' }],
    ['*=registry.local:5000/app:2', { container: '*', image: 'registry.local:5000/app:2' }],
  ])('container=image %s', (text, parsed) => {
    expect(parseContainerImage(text)).toEqual(parsed);
  });

  it.each(['nginx:1.25', '=nginx', 'app=', 'a=b=c'])('refuses %s', (text) => {
    expect(() => parseContainerImage(text)).toThrow('expected CONTAINER=IMAGE');
  });
});
