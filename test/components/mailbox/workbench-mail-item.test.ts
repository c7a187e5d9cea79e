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
import { receivedMessage, reference } from './fake-mailbox.ts';

describe('the workbench mail item', () => {
  it('hands over the headers as one raw block, found by the parser the task pane uses', async () => {
    const item = workbenchMailItem(receivedMessage('m-1'));
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
    const item = workbenchMailItem(receivedMessage('m-sent', { internetMessageHeaders: [] }));
    expect(await item.getInternetHeaders()).toBe('');
    expect(findMailReferenceInRawHeaders(await item.getInternetHeaders())).toBeNull();
  });

  it('takes the Message-ID from the headers when Graph gave none', () => {
    const item = workbenchMailItem(receivedMessage('m-2', { internetMessageId: null }));
    expect(item.internetMessageId).toBe('<m-2@bodo.example>');
    const bare = workbenchMailItem(
      receivedMessage('m-3', { internetMessageId: null, internetMessageHeaders: [] }),
    );
    expect(bare.internetMessageId).toBeNull();
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
