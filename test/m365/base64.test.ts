// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  base64ToBytes,
  base64ToUtf8Text,
  bytesToBase64,
  tryBase64ToUtf8Text,
  utf8TextToBase64,
} from '../../src/m365/base64.ts';

describe('base64 and UTF-8 text, without Buffer', () => {
  it('reads Norwegian text and JSON as Graph and Outlook send it', () => {
    expect(base64ToUtf8Text('SGVsbG8gV29ybGQh')).toBe('Hello World!');
    expect(utf8TextToBase64('Bodø')).toBe('Qm9kw7g=');
    expect(base64ToUtf8Text('Qm9kw7g=')).toBe('Bodø');
    // A byte order mark at the start is dropped; line breaks between characters are allowed.
    expect(base64ToUtf8Text(utf8TextToBase64('\uFEFF{"a":1}'))).toBe('{"a":1}');
    expect(base64ToUtf8Text('Qm9k\r\nw7g=')).toBe('Bodø');
  });

  it('round-trips any text and any bytes, also past the 32 KiB slices', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(base64ToUtf8Text(utf8TextToBase64(text))).toBe(text);
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70_000 }), (bytes) => {
        expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes);
      }),
      { numRuns: 20 },
    );
  });

  it('refuses what is not base64 or not UTF-8, never replacing characters', () => {
    for (const bad of ['not base64!', 'SGk', 'SGk-_w==', 'S===', '====']) {
      expect(() => base64ToBytes(bad)).toThrow(RangeError);
      expect(tryBase64ToUtf8Text(bad)).toBeNull();
    }
    const notUtf8 = bytesToBase64(new Uint8Array([0x25, 0x50, 0xe2, 0xe3, 0xcf, 0xd3]));
    expect(() => base64ToUtf8Text(notUtf8)).toThrow(TypeError);
    expect(tryBase64ToUtf8Text(notUtf8)).toBeNull();
    expect(tryBase64ToUtf8Text('')).toBe('');
  });
});
