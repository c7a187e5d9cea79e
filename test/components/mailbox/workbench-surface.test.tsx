import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  WorkbenchControls,
  isWorkbenchSurface,
  type WorkbenchSurface,
} from '../../../src/features/shell/workbench-controls.tsx';
import { workbenchPreferences } from '../../../src/hosts/local/workbench-host.ts';
import { renderPage } from '../render-page.tsx';

const identities = [{ id: 'kari', displayName: 'Kari Nordmann', jobTitle: null, department: null }];

function renderControls(surface: WorkbenchSurface) {
  const onSurfaceChange = vi.fn<(surface: WorkbenchSurface) => void>();
  renderPage(
    <WorkbenchControls
      identities={identities}
      identityId="kari"
      onIdentityChange={vi.fn()}
      theme="light"
      onThemeChange={vi.fn()}
      locale="nb"
      onLocaleChange={vi.fn()}
      surface={surface}
      onSurfaceChange={onSurfaceChange}
    />,
    { hostKind: 'workbench' },
  );
  return { user: userEvent.setup(), onSurfaceChange };
}

describe('the workbench surface Outlook (innboks)', () => {
  afterEach(() => window.sessionStorage.clear());

  it('is offered beside the Teams tabs and chosen like them', async () => {
    const { user, onSurfaceChange } = renderControls('personal');
    await user.click(screen.getByRole('combobox', { name: 'Vis som' }));
    await user.click(screen.getByRole('option', { name: 'Outlook (innboks)' }));
    expect(onSurfaceChange).toHaveBeenCalledWith('mailbox');
  });

  it('shows as chosen', () => {
    renderControls('mailbox');
    expect(screen.getByRole('combobox', { name: 'Vis som' })).toHaveTextContent(
      'Outlook (innboks)',
    );
  });

  it('is kept for the browser tab', () => {
    expect(workbenchPreferences.surface()).toBe('personal');
    workbenchPreferences.setSurface('mailbox');
    expect(workbenchPreferences.surface()).toBe('mailbox');
    window.sessionStorage.setItem('elements-tilgang.workbench.surface', 'outlook');
    expect(workbenchPreferences.surface()).toBe('personal');
  });

  it('is what `?surface=` may name, and nothing else', () => {
    expect(['personal', 'channel', 'mailbox'].every(isWorkbenchSurface)).toBe(true);
    expect(isWorkbenchSurface('Mailbox')).toBe(false);
    expect(isWorkbenchSurface(null)).toBe(false);
    expect(isWorkbenchSurface(undefined)).toBe(false);
  });
});
