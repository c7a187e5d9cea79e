// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { anomalyReasons } from '../../src/domain/anomalies.ts';
import {
  domainMessageKeys,
  domainMessages,
  formatMessage,
  formatReason,
  isDomainMessageKey,
} from '../../src/domain/messages.ts';

const placeholders = (text: string): string[] =>
  [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '').sort();

describe('domain messages', () => {
  it('has the same keys in nb and en', () => {
    expect(Object.keys(domainMessages.en).sort()).toEqual(Object.keys(domainMessages.nb).sort());
    expect(domainMessageKeys.length).toBe(Object.keys(domainMessages.nb).length);
  });

  it('has the same placeholders in both languages, and no empty text', () => {
    for (const key of domainMessageKeys) {
      expect(placeholders(domainMessages.en[key]), key).toEqual(
        placeholders(domainMessages.nb[key]),
      );
      expect(domainMessages.nb[key].trim(), key).not.toBe('');
      expect(domainMessages.en[key].trim(), key).not.toBe('');
    }
  });

  it('has a text for every anomaly reason', () => {
    for (const reason of anomalyReasons) expect(isDomainMessageKey(reason), reason).toBe(true);
  });

  it('keeps domain words Norwegian in English', () => {
    expect(domainMessages.en['rule.r2.serviceNeedMissing']).toContain('tjenstlig behov');
    expect(domainMessages.en['grading.personalsak']).toBe('Personalsak');
    expect(domainMessages.en['rule.r8.arkivlederApprovalMissing']).toContain('arkivleder');
  });

  it('fills placeholders and leaves a missing one visible', () => {
    expect(formatReason('nb', { key: 'rule.r10.periodTooLong', params: { max: 12 } })).toBe(
      'Perioden kan være høyst 12 måneder.',
    );
    expect(formatMessage('en', 'rule.r10.periodTooLong')).toBe(
      'The period can be at most {max} months.',
    );
  });
});
