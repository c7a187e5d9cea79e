// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NotInHostError } from '../../src/hosts/not-in-host-error.ts';
import { connectOutlook, officeThemeFromBackground } from '../../src/hosts/outlook/outlook-host.ts';

const settings = { clientId: 'client', tenantId: 'tenant' };

/** The part of office.js that `connectOutlook` reads, answering `onReady` with `ready`. */
function stubOffice(ready: Promise<{ host: string | null; platform: string | null }>) {
  vi.stubGlobal('Office', {
    onReady: () => ready,
    HostType: { Outlook: 'Outlook', Excel: 'Excel' },
    context: {
      displayLanguage: 'nb-NO',
      officeTheme: { bodyBackgroundColor: '#1f1f1f' },
      mailbox: { userProfile: { emailAddress: 'kari.nordmann@bodo.example' } },
    },
  });
}

/** What `promise` rejects with; fails the test if it resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('officeThemeFromBackground', () => {
  it.each([
    ['#1f1f1f', 'dark'],
    ['#000000', 'dark'],
    ['1F1F1F', 'dark'],
    ['#ffffff', 'light'],
    ['#f3f2f1', 'light'],
    [undefined, 'light'],
    ['', 'light'],
    ['not a colour', 'light'],
    ['#12345', 'light'],
  ] as const)('reads %j as %s', (background, theme) => {
    expect(officeThemeFromBackground(background)).toBe(theme);
  });
});

describe('connectOutlook', () => {
  it('rejects with sdk-missing when office.js is not loaded', async () => {
    expect('Office' in globalThis).toBe(false);
    const error = await rejectionOf(connectOutlook(settings));
    expect(error).toBeInstanceOf(NotInHostError);
    expect(error).toMatchObject({ host: 'outlook', reason: 'sdk-missing' });
  });

  it('rejects with no-host when office.js runs outside Office', async () => {
    stubOffice(Promise.resolve({ host: null, platform: null }));
    const error = await rejectionOf(connectOutlook(settings));
    expect(error).toBeInstanceOf(NotInHostError);
    expect(error).toMatchObject({ host: 'outlook', reason: 'no-host' });
  });

  it('rejects with no-host in another Office application', async () => {
    stubOffice(Promise.resolve({ host: 'Excel', platform: 'OfficeOnline' }));
    await expect(connectOutlook(settings)).rejects.toMatchObject({ reason: 'no-host' });
  });

  it('rejects with timeout when Office never answers', async () => {
    vi.useFakeTimers();
    stubOffice(new Promise(() => undefined));
    const settled = rejectionOf(connectOutlook({ ...settings, timeoutMs: 50 }));
    await vi.advanceTimersByTimeAsync(50);
    const error = await settled;
    expect(error).toBeInstanceOf(NotInHostError);
    expect(error).toMatchObject({ host: 'outlook', reason: 'timeout' });
  });

  it("opens a session in Outlook with the host's language and theme", async () => {
    stubOffice(Promise.resolve({ host: 'Outlook', platform: 'OfficeOnline' }));
    const { session } = await connectOutlook(settings);
    expect(session).toMatchObject({ kind: 'outlook', locale: 'nb-NO', theme: 'dark' });
  });
});
