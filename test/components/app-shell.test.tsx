import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { AppShell } from '../../src/features/shell/app-shell.tsx';
import type { Directory, Person } from '../../src/m365/directory.ts';
import { GraphError } from '../../src/m365/errors.ts';
import { renderPage } from './render-page.tsx';

const kari: Person = {
  id: '48bb2bfb-2e8d-48b2-9112-c96d8ccfcae8',
  displayName: 'Kari Nordmann',
  jobTitle: 'Enhetsleder',
  mail: 'kari.nordmann@bodo.example',
};

function directoryWith(getMe: Directory['getMe']) {
  return { getMe: vi.fn(getMe) };
}

describe('AppShell', () => {
  it('names the product and the host, in bokmål', async () => {
    renderPage(<AppShell hostKind="teams">content</AppShell>, {
      directory: directoryWith(() => Promise.resolve(kari)),
    });
    expect(screen.getByRole('heading', { level: 1, name: 'Elements tilgang' })).toBeVisible();
    expect(screen.getByText('Kjører i Microsoft Teams')).toBeVisible();
    expect(screen.getByRole('main')).toHaveTextContent('content');
    await screen.findByRole('region', { name: 'Pålogget som' });
  });

  it('names the host in English when the host speaks English', async () => {
    renderPage(<AppShell hostKind="teams">content</AppShell>, {
      locale: 'en',
      directory: directoryWith(() => Promise.resolve(kari)),
    });
    expect(screen.getByText('Running in Microsoft Teams')).toBeVisible();
    expect(screen.queryByText('Kjører i Microsoft Teams')).not.toBeInTheDocument();
    await screen.findByRole('region', { name: 'Signed in as' });
  });

  it('names Outlook and the workbench too', async () => {
    const directory = directoryWith(() => Promise.resolve(kari));
    const { unmount } = renderPage(<AppShell hostKind="outlook">content</AppShell>, {
      directory,
    });
    expect(screen.getByText('Kjører i Outlook')).toBeVisible();
    await screen.findByRole('region', { name: 'Pålogget som' });
    unmount();
    renderPage(<AppShell hostKind="workbench">content</AppShell>, { directory });
    expect(screen.getByText('Kjører i lokal arbeidsbenk')).toBeVisible();
    await screen.findByRole('region', { name: 'Pålogget som' });
  });

  it('says it is finding out who you are, then shows your name and job title', async () => {
    let resolve: (person: Person) => void = () => undefined;
    const pending = new Promise<Person>((settle) => {
      resolve = settle;
    });
    renderPage(<AppShell hostKind="teams">content</AppShell>, {
      directory: directoryWith(() => pending),
    });
    expect(screen.getByRole('progressbar', { name: 'Henter hvem du er …' })).toBeVisible();
    expect(screen.queryByRole('region', { name: 'Pålogget som' })).not.toBeInTheDocument();

    resolve(kari);
    const user = await screen.findByRole('region', { name: 'Pålogget som' });
    expect(within(user).getByText('Kari Nordmann')).toBeVisible();
    expect(within(user).getByText('Enhetsleder')).toBeVisible();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
  });

  it('says so when the user has no job title', async () => {
    renderPage(<AppShell hostKind="teams">content</AppShell>, {
      directory: directoryWith(() => Promise.resolve({ ...kari, jobTitle: null })),
    });
    const user = await screen.findByRole('region', { name: 'Pålogget som' });
    expect(within(user).getByText('Ingen stillingstittel')).toBeVisible();
  });

  it('explains throttling and tries again on request', async () => {
    const user = userEvent.setup();
    const directory = directoryWith(() =>
      Promise.reject(new GraphError('throttled', 'Too many requests', 429)),
    );
    renderPage(<AppShell hostKind="teams">content</AppShell>, { directory });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Vi fikk ikke hentet hvem du er fra Microsoft 365. Microsoft 365 ber oss vente litt. Prøv igjen om et øyeblikk.',
    );
    expect(alert).not.toHaveTextContent('Too many requests');
    expect(directory.getMe).toHaveBeenCalledTimes(1);

    directory.getMe.mockImplementation(() => Promise.resolve(kari));
    await user.click(within(alert).getByRole('button', { name: 'Prøv igjen' }));

    const signedIn = await screen.findByRole('region', { name: 'Pålogget som' });
    expect(within(signedIn).getByText('Kari Nordmann')).toBeVisible();
    expect(directory.getMe).toHaveBeenCalledTimes(2);
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
  });

  it('explains an error that is not from Graph without showing its text', async () => {
    renderPage(<AppShell hostKind="teams">content</AppShell>, {
      directory: directoryWith(() => Promise.reject(new Error('token cache exploded'))),
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Noe gikk galt.');
    expect(alert).not.toHaveTextContent('token cache exploded');
  });
});
