// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostMailItem } from '../../src/m365/host.ts';
import {
  OfficeAsyncError,
  officeMailItem,
  watchOfficeMailItem,
  type OfficeAsyncResult,
  type OfficeAttachmentContent,
  type OfficeAttachmentDetails,
  type OfficeMailboxEvents,
  type OfficeReadItem,
} from '../../src/hosts/outlook/office-mail-item.ts';
import { utf8TextToBase64 } from '../../src/m365/base64.ts';
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
  MailboxEnums: {
    ItemType: { Message: 'message', Appointment: 'appointment' },
    AttachmentType: { File: 'file', Item: 'item', Cloud: 'cloud' },
    AttachmentContentFormat: { Base64: 'base64', Url: 'url', Eml: 'eml', ICalendar: 'iCalendar' },
  },
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
  from: { emailAddress?: string } | null = { emailAddress: 'sigrid.lund@bodo.example' };
  attachments: OfficeAttachmentDetails[] = [];
  /** What `getAttachmentContentAsync` answers, by attachment id (InvalidAttachmentId otherwise). */
  readonly contents = new Map<string, OfficeAsyncResult<OfficeAttachmentContent>>();
  readonly contentCalls: string[] = [];
  /** How many content calls are running at once, at most. */
  concurrent = 0;
  maxConcurrent = 0;

  constructor(
    readonly subject = 'Gjennomgang av tilgang til SvarUt',
    readonly internetMessageId = '<review-1@bodo.example>',
  ) {}

  getAllInternetHeadersAsync(callback: (result: OfficeAsyncResult<string>) => void): void {
    this.headerCalls();
    // office.js answers on a later task, never inside the call.
    setTimeout(() => callback(this.headersResult), 0);
  }

  getAttachmentContentAsync(
    attachmentId: string,
    callback: (result: OfficeAsyncResult<OfficeAttachmentContent>) => void,
  ): void {
    this.contentCalls.push(attachmentId);
    this.concurrent += 1;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.concurrent);
    const result =
      this.contents.get(attachmentId) ??
      failedWith({ content: '', format: '' }, 9030, 'InvalidAttachmentId');
    setTimeout(() => {
      this.concurrent -= 1;
      callback(result);
    }, 0);
  }

  /** Attaches a file whose content Outlook gives in `format` (Base64 by default). */
  attach(
    details: Partial<OfficeAttachmentDetails> & { id: string; name: string },
    content: string,
    format = 'base64',
  ): void {
    this.attachments.push({
      attachmentType: 'file',
      contentType: 'application/json',
      isInline: false,
      size: content.length,
      ...details,
    });
    this.contents.set(details.id, succeeded({ content, format }));
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

  it('carries the From address Outlook shows, and null when it has none', () => {
    expect(officeMailItem(new FakeMessage())?.from).toBe('sigrid.lund@bodo.example');
    const bare = new FakeMessage();
    bare.from = null;
    expect(officeMailItem(bare)?.from).toBeNull();
    // A compose form's `from` is an object without the address.
    const compose = new FakeMessage();
    compose.from = {};
    expect(officeMailItem(compose)?.from).toBeNull();
  });
});

describe('officeMailItem attachments', () => {
  const lines = JSON.stringify({
    kind: 'review-lines',
    lines: [{ unit: 'Skolekontoret', right: 'Sende' }],
  });

  it('reads the file attachments as UTF-8 text, in Outlook’s order, one call at a time', async () => {
    const message = new FakeMessage();
    message.attach({ id: 'att-1', name: 'gjennomgang.json' }, utf8TextToBase64(lines));
    message.attach(
      { id: 'att-2', name: 'notat.txt', contentType: 'text/plain' },
      utf8TextToBase64('\uFEFFÆrlig talt: Bodø, Værøy og Røst'),
    );
    const item = officeMailItem(message);
    // Nothing is fetched until the pane asks.
    expect(message.contentCalls).toEqual([]);

    await expect(item?.getAttachments()).resolves.toEqual([
      { name: 'gjennomgang.json', contentType: 'application/json', text: lines },
      // The byte order mark is dropped, as a UTF-8 reader does.
      { name: 'notat.txt', contentType: 'text/plain', text: 'Ærlig talt: Bodø, Værøy og Røst' },
    ]);
    expect(message.contentCalls).toEqual(['att-1', 'att-2']);
    expect(message.maxConcurrent).toBe(1);
  });

  it('gives [] for a message without attachments, without asking Outlook', async () => {
    const message = new FakeMessage();
    await expect(officeMailItem(message)?.getAttachments()).resolves.toEqual([]);
    expect(message.contentCalls).toEqual([]);
  });

  it('leaves out inline images, attached items, cloud files, other formats and files that are not text', async () => {
    const message = new FakeMessage();
    message.attach({ id: 'inline', name: 'logo.png', isInline: true }, 'iVBORw0KGgo=');
    message.attach(
      { id: 'item', name: 'Videresendt e-post', attachmentType: 'item' },
      'From: x',
      'eml',
    );
    message.attach(
      {
        id: 'https://bodokommune.sharepoint.example/plan.docx',
        name: 'plan.docx',
        attachmentType: 'cloud',
      },
      'https://bodokommune.sharepoint.example/plan.docx',
      'url',
    );
    message.attach({ id: 'odd', name: 'odd.json' }, utf8TextToBase64(lines), 'url');
    message.attach(
      { id: 'pdf', name: 'rapport.pdf' },
      btoa(String.fromCharCode(0x25, 0x50, 0xff, 0xfe, 0x00)),
    );
    message.attach({ id: 'json', name: 'gjennomgang.json' }, utf8TextToBase64(lines));

    const attachments = await officeMailItem(message)?.getAttachments();
    expect(attachments?.map((attachment) => attachment.name)).toEqual(['gjennomgang.json']);
    // Inline, item and cloud attachments are not even fetched.
    expect(message.contentCalls).toEqual(['odd', 'pdf', 'json']);
  });

  it('rejects with OfficeAsyncError when Outlook cannot give a file, with no personal data', async () => {
    const message = new FakeMessage();
    message.attachments.push({
      attachmentType: 'file',
      contentType: 'application/json',
      id: 'AAMkAD-gone',
      isInline: false,
      name: 'Ola Hansens gjennomgang.json',
      size: 120,
    });
    const error: unknown = await officeMailItem(message)
      ?.getAttachments()
      .then(
        () => null,
        (reason: unknown) => reason,
      );
    expect(error).toBeInstanceOf(OfficeAsyncError);
    expect(error).toMatchObject({
      operation: 'getAttachmentContentAsync',
      code: 9030,
      officeName: 'InvalidAttachmentId',
    });
    expect(error instanceof Error ? error.message : '').not.toMatch(/Ola|AAMkAD/);
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
