import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Locale } from '../../src/domain/locale.ts';
import {
  WorkbenchControls,
  type WorkbenchControlsProps,
  type WorkbenchSurface,
} from '../../src/features/shell/workbench-controls.tsx';
import type { HostTheme } from '../../src/m365/host.ts';
import { renderPage } from './render-page.tsx';

const kariId = '48bb2bfb-2e8d-48b2-9112-c96d8ccfcae8';
const sigridId = '21684488-ed6e-4f74-aa01-2470ad1a6392';

const identities = [
  {
    id: kariId,
    displayName: 'Kari Nordmann',
    jobTitle: 'Enhetsleder',
    department: 'Skolekontoret',
  },
  {
    id: sigridId,
    displayName: 'Sigrid Lund',
    jobTitle: 'Systemansvarlig',
    department: 'Dokumentsenteret',
  },
];

function renderControls(locale: Locale = 'nb') {
  const handlers = {
    onIdentityChange: vi.fn<(id: string) => void>(),
    onThemeChange: vi.fn<(theme: HostTheme) => void>(),
    onLocaleChange: vi.fn<(locale: Locale) => void>(),
    onSurfaceChange: vi.fn<(surface: WorkbenchSurface) => void>(),
  };
  const props: WorkbenchControlsProps = {
    identities,
    identityId: kariId,
    theme: 'light',
    locale,
    surface: 'personal',
    ...handlers,
  };
  renderPage(<WorkbenchControls {...props} />, { hostKind: 'workbench', locale });
  return { user: userEvent.setup(), ...handlers };
}

describe('WorkbenchControls', () => {
  it('shows who is signed in, the theme and the language', () => {
    renderControls();
    expect(screen.getByRole('combobox', { name: 'Logg inn som' })).toHaveTextContent(
      'Kari Nordmann',
    );
    expect(screen.getByRole('combobox', { name: 'Tema' })).toHaveTextContent('Lyst');
    expect(screen.getByRole('combobox', { name: 'Språk' })).toHaveTextContent('Norsk bokmål');
  });

  it('signs in as another person chosen with the keyboard', async () => {
    const { user, onIdentityChange } = renderControls();
    const signInAs = screen.getByRole('combobox', { name: 'Logg inn som' });
    await user.tab();
    expect(signInAs).toHaveFocus();

    await user.keyboard('{Enter}');
    expect(
      screen.getByRole('option', { name: 'Sigrid Lund – Systemansvarlig, Dokumentsenteret' }),
    ).toBeVisible();
    await user.keyboard('{ArrowDown}{Enter}');

    expect(onIdentityChange).toHaveBeenCalledTimes(1);
    expect(onIdentityChange).toHaveBeenCalledWith(sigridId);
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
  });

  it('does nothing when the person already signed in is chosen again', async () => {
    const { user, onIdentityChange } = renderControls();
    await user.click(screen.getByRole('combobox', { name: 'Logg inn som' }));
    await user.click(screen.getByRole('option', { name: /^Kari Nordmann/ }));

    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
    expect(onIdentityChange).not.toHaveBeenCalled();
  });

  it('switches the theme to dark', async () => {
    const { user, onThemeChange } = renderControls();
    await user.click(screen.getByRole('combobox', { name: 'Tema' }));
    await user.click(screen.getByRole('option', { name: 'Mørkt' }));
    expect(onThemeChange).toHaveBeenCalledWith('dark');
  });

  it('switches the language to English', async () => {
    const { user, onLocaleChange } = renderControls();
    await user.click(screen.getByRole('combobox', { name: 'Språk' }));
    await user.click(screen.getByRole('option', { name: 'English' }));
    expect(onLocaleChange).toHaveBeenCalledWith('en');
  });

  it('labels the controls in English when the workbench speaks English', () => {
    renderControls('en');
    expect(screen.getByRole('combobox', { name: 'Sign in as' })).toBeVisible();
    expect(screen.getByRole('combobox', { name: 'Theme' })).toHaveTextContent('Light');
    expect(screen.getByRole('combobox', { name: 'Language' })).toHaveTextContent('English');
  });

  it('switches the workbench between the personal tab and the channel tab', async () => {
    const { user, onSurfaceChange } = renderControls();
    await user.click(screen.getByRole('combobox', { name: 'Vis som' }));
    await user.click(screen.getByRole('option', { name: 'Teams: kanalen Dokumentsenteret' }));
    expect(onSurfaceChange).toHaveBeenCalledWith('channel');
  });
});
