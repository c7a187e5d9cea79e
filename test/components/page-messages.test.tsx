import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ConfigErrorMessage, NotInHostMessage } from '../../src/features/shell/page-messages.tsx';
import { renderPage } from './render-page.tsx';

describe('NotInHostMessage', () => {
  it.each(['no-host', 'timeout'] as const)(
    'sends someone outside Teams (%s) to Teams',
    (reason) => {
      renderPage(<NotInHostMessage host="teams" reason={reason} />);
      const alert = screen.getByRole('alert');
      expect(
        within(alert).getByRole('heading', { name: 'Åpne Elements tilgang i Microsoft Teams' }),
      ).toBeVisible();
      expect(alert).toHaveTextContent('Denne siden er en fane i Teams og virker bare der.');
    },
  );

  it.each(['no-host', 'timeout'] as const)(
    'sends someone outside Outlook (%s) to Outlook',
    (reason) => {
      renderPage(<NotInHostMessage host="outlook" reason={reason} />, { hostKind: 'outlook' });
      const alert = screen.getByRole('alert');
      expect(
        within(alert).getByRole('heading', { name: 'Åpne Elements tilgang i Outlook' }),
      ).toBeVisible();
      expect(alert).toHaveTextContent('Dette er et tillegg for Outlook.');
    },
  );

  it('explains that office.js did not load', () => {
    renderPage(<NotInHostMessage host="outlook" reason="sdk-missing" />, { hostKind: 'outlook' });
    const alert = screen.getByRole('alert');
    expect(
      within(alert).getByRole('heading', { name: 'Åpne Elements tilgang i Outlook' }),
    ).toBeVisible();
    expect(alert).toHaveTextContent('Outlook-biblioteket (office.js) ble ikke lastet.');
    expect(alert).not.toHaveTextContent('Dette er et tillegg for Outlook.');
  });

  it('speaks English to an English host', () => {
    renderPage(<NotInHostMessage host="teams" reason="no-host" />, { locale: 'en' });
    expect(
      screen.getByRole('heading', { name: 'Open Elements tilgang in Microsoft Teams' }),
    ).toBeVisible();
  });
});

describe('ConfigErrorMessage', () => {
  it('lists every problem', () => {
    const problems = [
      'VITE_TENANT_ID must be a GUID such as 00000000-0000-0000-0000-000000000000',
      'VITE_CLIENT_ID is missing',
      'VITE_SHAREPOINT_SITE must be an absolute https:// URL',
    ];
    renderPage(<ConfigErrorMessage problems={problems} />);
    const alert = screen.getByRole('alert');
    expect(
      within(alert).getByRole('heading', { name: 'Appen er ikke riktig konfigurert' }),
    ).toBeVisible();
    const items = within(within(alert).getByRole('list')).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual(problems);
  });
});
