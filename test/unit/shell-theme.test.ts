// @vitest-environment node
import {
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  webDarkTheme,
  webLightTheme,
} from '@fluentui/react-components';
import { describe, expect, it } from 'vitest';
import { fluentThemeFor } from '../../src/features/shell/theme.ts';

describe('fluentThemeFor', () => {
  it.each([
    ['teams', 'light', teamsLightTheme],
    ['teams', 'dark', teamsDarkTheme],
    ['outlook', 'light', webLightTheme],
    ['outlook', 'dark', webDarkTheme],
    ['workbench', 'light', webLightTheme],
    ['workbench', 'dark', webDarkTheme],
  ] as const)('gives %s in %s its own theme', (kind, theme, expected) => {
    expect(fluentThemeFor(kind, theme)).toBe(expected);
  });

  it.each(['teams', 'outlook', 'workbench'] as const)(
    'gives %s the high-contrast theme when the host asks for contrast',
    (kind) => {
      expect(fluentThemeFor(kind, 'contrast')).toBe(teamsHighContrastTheme);
    },
  );
});
