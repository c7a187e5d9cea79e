// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  findMailReferenceInRawHeaders,
  parseRawHeaders,
  serializeMailReference,
} from '../../src/m365/mail-reference.ts';

const reference = {
  kind: 'review',
  campaignId: '7f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
  lineId: '0b9a8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d',
};

/** Headers as Outlook hands them to the task pane: trace fields first, CRLF line ends. */
function rawBlock(lines: readonly string[], eol = '\r\n'): string {
  return lines.join(eol) + eol;
}

describe('parseRawHeaders', () => {
  it('reads each field with its name as written and its value trimmed, for CRLF and LF alike', () => {
    const lines = [
      'Received: from mail.bodo.example (10.0.0.1) by exchange.example',
      'Message-ID: <abc@bodo.example>',
      'Subject:Gjennomgang av tilgang',
      'X-Elements-Tilgang:   {"kind":"review"}  ',
    ];
    const expected = [
      { name: 'Received', value: 'from mail.bodo.example (10.0.0.1) by exchange.example' },
      { name: 'Message-ID', value: '<abc@bodo.example>' },
      { name: 'Subject', value: 'Gjennomgang av tilgang' },
      { name: 'X-Elements-Tilgang', value: '{"kind":"review"}' },
    ];
    expect(parseRawHeaders(rawBlock(lines))).toEqual(expected);
    expect(parseRawHeaders(rawBlock(lines, '\n'))).toEqual(expected);
    expect(parseRawHeaders(lines.join('\r\n'))).toEqual(expected);
  });

  it('unfolds continuation lines by dropping only the line break (space and tab)', () => {
    const raw = rawBlock([
      'Subject: Gjennomgang av tilganger til SvarUt',
      ' for Skolekontoret',
      '\tog Oppvekst',
      'To: ola.hansen@bodo.example',
    ]);
    expect(parseRawHeaders(raw)).toEqual([
      {
        name: 'Subject',
        value: 'Gjennomgang av tilganger til SvarUt for Skolekontoret\tog Oppvekst',
      },
      { name: 'To', value: 'ola.hansen@bodo.example' },
    ]);
  });

  it('stops at the first empty line, so a body is never read as headers', () => {
    const raw = [
      'Subject: Hei',
      '',
      'x-elements-tilgang: {"kind":"review","campaignId":"forged"}',
      '',
    ].join('\r\n');
    expect(parseRawHeaders(raw)).toEqual([{ name: 'Subject', value: 'Hei' }]);
    expect(findMailReferenceInRawHeaders(raw)).toBeNull();
  });

  it('accepts white space before the colon (obsolete syntax) and skips lines that are not fields', () => {
    const raw = rawBlock([
      'From ola@bodo.example Mon Mar  3 09:00:00 2025',
      ' continuation of a line that was not a field',
      ': no name',
      'Subject : Hei',
      'no colon here',
    ]);
    expect(parseRawHeaders(raw)).toEqual([{ name: 'Subject', value: 'Hei' }]);
  });

  it('keeps a field with an empty value and repeated fields in order', () => {
    const raw = rawBlock(['Received: a', 'X-Empty:', 'Received: b']);
    expect(parseRawHeaders(raw)).toEqual([
      { name: 'Received', value: 'a' },
      { name: 'X-Empty', value: '' },
      { name: 'Received', value: 'b' },
    ]);
  });

  it('reads nothing from an empty string', () => {
    expect(parseRawHeaders('')).toEqual([]);
  });
});

describe('findMailReferenceInRawHeaders', () => {
  it('finds our header whatever the case of its name', () => {
    const raw = rawBlock([
      'Received: from x',
      `X-ELEMENTS-TILGANG: ${serializeMailReference(reference)}`,
      'Subject: Gjennomgang',
    ]);
    expect(findMailReferenceInRawHeaders(raw)).toEqual(reference);
  });

  it('reads a long value that transport folded over several lines', () => {
    // A folding agent may only break before existing white space (RFC 5322 §2.2.3); a value
    // with spaces between its JSON members can be folded there and unfolds to valid JSON.
    const long = {
      ...reference,
      note: 'n'.repeat(120),
    };
    const raw = rawBlock([
      'Received: from mail.bodo.example',
      `x-elements-tilgang: {"kind": "review",`,
      `\t"campaignId": "${long.campaignId}",`,
      ` "lineId": "${long.lineId}",`,
      ` "note": "${long.note}"}`,
      'Subject: Gjennomgang',
    ]);
    expect(findMailReferenceInRawHeaders(raw)).toEqual(long);
    expect(parseRawHeaders(raw)[1]?.value).toBe(
      `{"kind": "review",\t"campaignId": "${long.campaignId}", "lineId": "${long.lineId}", "note": "${long.note}"}`,
    );
  });

  it('never takes a header written inside another field’s value', () => {
    const forged = serializeMailReference({ kind: 'review', campaignId: 'forged', lineId: 'x' });
    const raw = rawBlock([
      `Subject: Hei x-elements-tilgang: ${forged}`,
      `Thread-Topic: Gjennomgang`,
      ` x-elements-tilgang: ${forged}`,
      `\tx-elements-tilgang: ${forged}`,
    ]);
    expect(parseRawHeaders(raw).map((header) => header.name)).toEqual(['Subject', 'Thread-Topic']);
    expect(findMailReferenceInRawHeaders(raw)).toBeNull();
  });

  it('ignores a forged continuation but still finds the real header', () => {
    const forged = serializeMailReference({ kind: 'review', campaignId: 'forged', lineId: 'x' });
    const raw = rawBlock([
      'Subject: Hei',
      ` x-elements-tilgang: ${forged}`,
      `x-elements-tilgang: ${serializeMailReference(reference)}`,
    ]);
    expect(findMailReferenceInRawHeaders(raw)).toEqual(reference);
  });

  it('is null when the header is missing or not ours', () => {
    expect(findMailReferenceInRawHeaders(rawBlock(['Subject: Hei']))).toBeNull();
    expect(findMailReferenceInRawHeaders(rawBlock(['x-elements-tilgang: not json']))).toBeNull();
    expect(
      findMailReferenceInRawHeaders(rawBlock(['x-elements-tilgang: {"campaignId":"c"}'])),
    ).toBeNull();
  });
});
