import { describe, expect, it } from 'vitest';
import { nextThemeChoice, parseThemeChoice, resolveTheme } from './theme-preference.ts';

describe('theme preference', () => {
  it('follows the system until a theme is chosen', () => {
    expect(resolveTheme(null, true)).toBe('dark');
    expect(resolveTheme(null, false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });

  it('reads back only a known theme; anything else follows the system', () => {
    expect(parseThemeChoice('dark')).toBe('dark');
    expect(parseThemeChoice('light')).toBe('light');
    for (const v of [null, undefined, '', 'DARK', 'system', '{"x":1}']) expect(parseThemeChoice(v)).toBeNull();
  });

  it('flips what is shown, and a second flip returns to following the system', () => {
    for (const systemDark of [true, false]) {
      const first = nextThemeChoice(null, systemDark);
      expect(resolveTheme(first, systemDark)).toBe(systemDark ? 'light' : 'dark');
      expect(nextThemeChoice(first, systemDark)).toBeNull();
    }
  });

  it('a choice equal to the system theme still flips the screen', () => {
    expect(nextThemeChoice('dark', true)).toBe('light');
    expect(nextThemeChoice('light', false)).toBe('dark');
  });
});
