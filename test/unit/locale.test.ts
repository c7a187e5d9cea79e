// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { resolveLocale } from '../../src/domain/locale.ts';

describe('resolveLocale', () => {
  it.each([
    ['nb-NO', 'nb'],
    ['nb', 'nb'],
    ['no', 'nb'],
    ['nn-NO', 'nb'],
    ['en-US', 'en'],
    ['en', 'en'],
    ['EN-gb', 'en'],
    ['en_GB', 'en'],
    [' en-US ', 'en'],
    ['de-DE', 'nb'],
    ['', 'nb'],
    [undefined, 'nb'],
    [null, 'nb'],
  ])('maps %j to %s', (tag, expected) => {
    expect(resolveLocale(tag)).toBe(expected);
  });
});
