// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  rawHeaderBlock,
  workbenchMailItem,
} from '../../../src/features/mailbox/workbench-mail-item.ts';
import {
  findMailReferenceInRawHeaders,
  parseRawHeaders,
} from '../../../src/m365/mail-reference.ts';
import { utf8TextToBase64 } from '../../../src/m365/base64.ts';
import type { MailFileAttachment } from '../../../src/m365/mailbox.ts';
import { fakeMailbox, kari, receivedMessage, reference } from './fake-mailbox.ts';

const noFiles = fakeMailbox([]);

function file(
  id: string,
  name: string,
  contentBytes: string,
  isInline = false,
): MailFileAttachment {
  return { id, name, contentType: 'application/json', size: 100, isInline, contentBytes };
}

describe('the workbench mail item', () => {
  it('hands over the headers as one raw block, found by the parser the task pane uses', async () => {
    const item = workbenchMailItem(receivedMessage('m-1'), noFiles);
    const raw = await item.getInternetHeaders();
    expect(raw).toBe(
      [
        'From: Kari Nordmann <kari.nordmann@bodo.example>',
        'Subject: Gjennomgang av tilganger',
        'Message-ID: <m-1@bodo.example>',
        `x-elements-tilgang: ${JSON.stringify(reference)}`,
      ].join('\r\n'),
    );
    expect(findMailReferenceInRawHeaders(raw)).toEqual(reference);
    expect(item.subject).toBe('Gjennomgang av tilganger');
    expect(item.internetMessageId).toBe('<m-1@bodo.example>');
  });

  it('has an empty block for a Sent Items copy, which carries no headers', async () => {
    const item = workbenchMailItem(
      receivedMessage('m-sent', { internetMessageHeaders: [] }),
      noFiles,
    );
    expect(await item.getInternetHeaders()).toBe('');
    expect(findMailReferenceInRawHeaders(await item.getInternetHeaders())).toBeNull();
  });

  it('takes the Message-ID from the headers when Graph gave none', () => {
    const item = workbenchMailItem(receivedMessage('m-2', { internetMessageId: null }), noFiles);
    expect(item.internetMessageId).toBe('<m-2@bodo.example>');
    const bare = workbenchMailItem(
      receivedMessage('m-3', { internetMessageId: null, internetMessageHeaders: [] }),
      noFiles,
    );
    expect(bare.internetMessageId).toBeNull();
  });

  it('carries the From address Graph gives, and null without one', () => {
    expect(workbenchMailItem(receivedMessage('m-4'), noFiles).from).toBe(kari.address);
    expect(workbenchMailItem(receivedMessage('m-5', { from: null }), noFiles).from).toBeNull();
    expect(
      workbenchMailItem(receivedMessage('m-6', { from: { name: 'X', address: ' ' } }), noFiles)
        .from,
    ).toBeNull();
  });

  it('reads the file attachments through the mailbox as UTF-8 text, as Outlook’s item does', async () => {
    const json = JSON.stringify({
      kind: 'confirm',
      requestId: 'r-1',
      note: 'Bodø kommune – Ærlig',
    });
    const message = receivedMessage('m-files', { hasAttachments: true });
    const mailbox = fakeMailbox([message], [], {
      'm-files': [
        file('a-1', 'bekreftelse.json', utf8TextToBase64(json)),
        file('a-2', 'logo.png', 'iVBORw0KGgo=', true),
        file('a-3', 'rapport.pdf', btoa(String.fromCharCode(0x25, 0xff, 0xfe))),
      ],
    });
    const item = workbenchMailItem(message, mailbox);
    // Nothing is fetched until the pane asks.
    expect(mailbox.getFileAttachments).not.toHaveBeenCalled();
    await expect(item.getAttachments()).resolves.toEqual([
      { name: 'bekreftelse.json', contentType: 'application/json', text: json },
    ]);
    expect(mailbox.getFileAttachments).toHaveBeenCalledWith('m-files');
  });

  it('gives [] without asking Graph when the message has no attachments', async () => {
    const mailbox = fakeMailbox([]);
    await expect(
      workbenchMailItem(receivedMessage('m-7'), mailbox).getAttachments(),
    ).resolves.toEqual([]);
    expect(mailbox.getFileAttachments).not.toHaveBeenCalled();
  });

  it('keeps a value on its line: no header can be smuggled in through a line break', () => {
    const raw = rawHeaderBlock([
      { name: 'Subject', value: 'Hei\r\nx-elements-tilgang: {"kind":"forged"}' },
      { name: 'Thread-Topic', value: 'folded\r\n\tover two lines' },
      { name: 'Bad Name', value: 'dropped' },
      { name: 'Colon:Name', value: 'dropped' },
      { name: 'X-Empty', value: '' },
    ]);
    expect(raw.split('\r\n')).toEqual([
      'Subject: Hei x-elements-tilgang: {"kind":"forged"}',
      'Thread-Topic: folded\tover two lines',
      'X-Empty: ',
    ]);
    expect(parseRawHeaders(raw).map((header) => header.name)).toEqual([
      'Subject',
      'Thread-Topic',
      'X-Empty',
    ]);
    expect(findMailReferenceInRawHeaders(raw)).toBeNull();
  });
});
