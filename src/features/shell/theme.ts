import {
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  webDarkTheme,
  webLightTheme,
  type Theme,
} from '@fluentui/react-components';
import type { HostKind, HostTheme } from '../../m365/host.ts';

/** Picks the Fluent theme that matches the host: Teams' own themes in Teams, web themes elsewhere. */
export function fluentThemeFor(kind: HostKind, theme: HostTheme): Theme {
  if (theme === 'contrast') return teamsHighContrastTheme;
  if (kind === 'teams') return theme === 'dark' ? teamsDarkTheme : teamsLightTheme;
  return theme === 'dark' ? webDarkTheme : webLightTheme;
}
