// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { parseReviewReply } from '../../src/domain/campaigns.ts';

describe('parseReviewReply', () => {
  it.each([
    ['JA', 'keep'],
    ['ja.', 'keep'],
    ['\n\n  Behold!\n> Fra: systemansvarlig', 'keep'],
    ['NEI', 'remove'],
    ['Fjern\r\n\r\nHilsen Lise', 'remove'],
  ])('reads %j', (body, decision) => {
    expect(parseReviewReply(body)).toBe(decision);
  });

  it.each(['', 'Ja takk, men bare SvarUt', 'Kanskje', 'NEI JA', 'Hei!\nNEI'])(
    'leaves %j for systemansvarlig to read',
    (body) => {
      expect(parseReviewReply(body)).toBeNull();
    },
  );
});
