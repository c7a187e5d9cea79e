// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostMailItem } from '../../src/m365/host.ts';
import {
  OfficeAsyncError,
  officeMailItem,
  watchOfficeMailItem,
  type OfficeAsyncResult,
  type OfficeMailboxEvents,
  type OfficeReadItem,
} from '../../src/hosts/outlook/office-mail-item.ts';
import { connectOutlook } from '../../src/hosts/outlook/outlook-host.ts';

/**
 * A typed fake of the office.js surface the adapter uses. office-addin-mock was considered: it
 * adds load/sync bookkeeping for Excel and Word (which Outlook's callback API does not have),
 * hands back an untyped object that would need a cast, and pulls in office-addin-usage-data.
 *
 * The enum values are office.js's runtime values (`dist/outlook-web-16.01.js`), which are
 * strings, not the numbers `@types/office-js` declares.
 */
const officeEnums = {
  AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
  EventType: { ItemChanged: 'olkItemSelectedChanged' },
  MailboxEnums: { ItemType: { Message: 'message', Appointment: 'appointment' } },
  HostType: { Outlook: 'Outlook' },
};

const rawHeaders = [
  'Received: from mail.bodo.example',
  'Message-ID: <review-1@bodo.example>',
  'x-elements-tilgang: {"kind":"review","campaignId":"c-1","lineId":"l-1"}',
  '',
].join('\r\n');

function succeeded<T>(value: T): OfficeAsyncResult<T> {
  return {
    status: Office.AsyncResultStatus.Succeeded,
    value,
    error: { code: 0, name: '', message: '' },
  };
}

function failedWith<T>(value: T, code: number, name: string): OfficeAsyncResult<T> {
  return {
    status: Office.AsyncResultStatus.Failed,
    value,
    error: { code, name, message: 'An internal error has occurred.' },
  };
}

class FakeMessage implements OfficeReadItem {
  itemType: string = Office.MailboxEnums.ItemType.Message;
  headersResult: OfficeAsyncResult<string> = succeeded(rawHeaders);
  readonly headerCalls = vi.fn();

  constructor(
    readonly subject = 'Gjennomgang av tilgang til SvarUt',
    readonly internetMessageId = '<review-1@bodo.example>',
  ) {}

  getAllInternetHeadersAsync(callback: (result: OfficeAsyncResult<string>) => void): void {
    this.headerCalls();
    // office.js answers on a later task, never inside the call.
    setTimeout(() => callback(this.headersResult), 0);
  }
}

class FakeMailbox implements OfficeMailboxEvents {
  item: OfficeReadItem | null = new FakeMessage();
  readonly handlers = new Map<Office.EventType, () => void>();
  readonly calls: string[] = [];
  addResult: OfficeAsyncResult<void> = succeeded(undefined);
  userProfile = { emailAddress: 'ola.hansen@bodo.example' };

  addHandlerAsync(
    eventType: Office.EventType,
    handler: () => void,
    callback: (result: OfficeAsyncResult<void>) => void,
  ): void {
    this.calls.push(`add ${eventType}`);
    if (this.addResult.status === Office.AsyncResultStatus.Succeeded) {
      this.handlers.set(eventType, handler);
    }
    callback(this.addResult);
  }

  removeHandlerAsync(
    eventType: Office.EventType,
    callback: (result: OfficeAsyncResult<void>) => void,
  ): void {
    this.calls.push(`remove ${eventType}`);
    this.handlers.delete(eventType);
    callback(succeeded(undefined));
  }

  /** The user selects `item` while the pane is pinned: Outlook swaps the item, then fires. */
  select(item: OfficeReadItem | null): void {
    this.item = item;
    this.handlers.get(Office.EventType.ItemChanged)?.();
  }
}

function stubOffice(mailbox?: FakeMailbox): void {
  vi.stubGlobal('Office', {
    ...officeEnums,
    onReady: () => Promise.resolve({ host: 'Outlook', platform: 'OfficeOnline' }),
    context: { displayLanguage: 'nb-NO', officeTheme: undefined, mailbox },
  });
}

beforeEach(() => stubOffice());

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('officeMailItem', () => {
  it('reads the subject and Message-ID and fetches the raw headers', async () => {
    const message = new FakeMessage();
    const item = officeMailItem(message);
    expect(item).toMatchObject({
      subject: 'Gjennomgang av tilgang til SvarUt',
      internetMessageId: '<review-1@bodo.example>',
    });
    // Nothing is fetched until the pane asks.
    expect(message.headerCalls).not.toHaveBeenCalled();
    await expect(item?.getInternetHeaders()).resolves.toBe(rawHeaders);
    expect(message.headerCalls).toHaveBeenCalledTimes(1);
  });

  it('rejects with OfficeAsyncError carrying Office’s code, and no personal data in the message', async () => {
    const message = new FakeMessage('Ola Hansens tilgang', '<secret@bodo.example>');
    message.headersResult = failedWith('', 9020, 'GenericResponseError');
    const error: unknown = await officeMailItem(message)
      ?.getInternetHeaders()
      .then(
        () => null,
        (reason: unknown) => reason,
      );
    expect(error).toBeInstanceOf(OfficeAsyncError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'OfficeAsyncError',
      operation: 'getAllInternetHeadersAsync',
      code: 9020,
      officeName: 'GenericResponseError',
      officeMessage: 'An internal error has occurred.',
    });
    const text = error instanceof Error ? error.message : '';
    expect(text).toContain('9020');
    expect(text).not.toMatch(/Ola|secret|bodo\.example|Received/);
  });

  it('is null without an item or for an appointment', () => {
    expect(officeMailItem(null)).toBeNull();
    expect(officeMailItem(undefined)).toBeNull();
    const appointment = new FakeMessage();
    appointment.itemType = Office.MailboxEnums.ItemType.Appointment;
    expect(officeMailItem(appointment)).toBeNull();
  });

  it('reports an empty Message-ID as unknown', () => {
    expect(officeMailItem(new FakeMessage('Hei', ''))?.internetMessageId).toBeNull();
  });
});

describe('watchOfficeMailItem', () => {
  it('adds one ItemChanged handler, passes each new item, and removes it after the last listener', () => {
    const mailbox = new FakeMailbox();
    const subscribe = watchOfficeMailItem(mailbox);
    expect(mailbox.calls).toEqual([]);

    const first: (HostMailItem | null)[] = [];
    const second: (HostMailItem | null)[] = [];
    const stopFirst = subscribe((item) => first.push(item));
    const stopSecond = subscribe((item) => second.push(item));
    expect(mailbox.calls).toEqual(['add olkItemSelectedChanged']);

    mailbox.select(new FakeMessage('Neste e-post', '<next@bodo.example>'));
    expect(first.map((item) => item?.subject)).toEqual(['Neste e-post']);
    expect(second.map((item) => item?.internetMessageId)).toEqual(['<next@bodo.example>']);

    stopFirst();
    stopFirst(); // a second call is harmless
    expect(mailbox.calls).toEqual(['add olkItemSelectedChanged']);

    // Several or no items selected in a pinned pane: no item.
    mailbox.select(null);
    expect(first).toHaveLength(1);
    expect(second.at(-1)).toBeNull();

    stopSecond();
    expect(mailbox.calls).toEqual(['add olkItemSelectedChanged', 'remove olkItemSelectedChanged']);
    mailbox.select(new FakeMessage('Etter'));
    expect(second).toHaveLength(2);

    // A later subscriber adds the handler again.
    const third = vi.fn();
    const stopThird = subscribe(third);
    mailbox.select(new FakeMessage('Igjen'));
    expect(third).toHaveBeenCalledTimes(1);
    stopThird();
    expect(mailbox.calls.filter((call) => call.startsWith('add'))).toHaveLength(2);
  });

  it('warns without personal data when Outlook refuses the handler', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const mailbox = new FakeMailbox();
    mailbox.addResult = failedWith(undefined, 5000, 'Permission Denied');
    const listener = vi.fn();
    watchOfficeMailItem(mailbox)(listener);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain('5000');
    expect(String(warn.mock.calls[0]?.[0])).not.toContain('ola.hansen');
    expect(listener).not.toHaveBeenCalled();
  });
});

describe('connectOutlook', () => {
  const settings = { clientId: 'client', tenantId: 'tenant' };

  it('carries the open message and follows ItemChanged', async () => {
    const mailbox = new FakeMailbox();
    stubOffice(mailbox);
    const connection = await connectOutlook(settings);
    expect(connection.mailItem?.subject).toBe('Gjennomgang av tilgang til SvarUt');
    await expect(connection.mailItem?.getInternetHeaders()).resolves.toBe(rawHeaders);

    const seen: (string | undefined)[] = [];
    const stop = connection.onMailItemChanged((item) => seen.push(item?.subject));
    mailbox.select(new FakeMessage('Påminnelse: gjennomgang'));
    stop();
    mailbox.select(new FakeMessage('Ikke sett'));
    expect(seen).toEqual(['Påminnelse: gjennomgang']);
    expect(mailbox.calls).toEqual(['add olkItemSelectedChanged', 'remove olkItemSelectedChanged']);
  });

  it('has no mail item when the pane opens without a message', async () => {
    const mailbox = new FakeMailbox();
    mailbox.item = null;
    stubOffice(mailbox);
    const connection = await connectOutlook(settings);
    expect(connection.mailItem).toBeNull();
    expect(mailbox.calls).toEqual([]);
  });
});
