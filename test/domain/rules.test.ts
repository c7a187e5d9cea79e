// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../../src/domain/anomalies.ts';
import { defaultCatalogue, findReviewModule } from '../../src/domain/catalogue.ts';
import { defaultDomainConfig } from '../../src/domain/config.ts';
import { foldRequest } from '../../src/domain/request-fold.ts';
import {
  checkR10ExternalConsultant,
  checkR11ModuleRight,
  checkR11QuarterlyReviewDue,
  checkR12AnnualReviewDue,
  checkR1CanOrder,
  checkR1MayOrder,
  checkR2ServiceNeed,
  checkR3CanDecide,
  checkR4FolderRequest,
  checkR5Grading,
  checkR6GrantMatchesRequest,
  checkR6Right,
  checkR7FolderOnly,
  checkR8Route,
  checkR9CarriedOut,
  deviationsToReport,
} from '../../src/domain/rules.ts';
import {
  at,
  extendedAccessRequest,
  externalConsultantOrder,
  facts,
  factsWith,
  folderRequest,
  newUserOrder,
  now,
  people,
  recorded,
  submitted,
} from './fixtures.ts';

const keys = (reasons: readonly { key: string }[]) => reasons.map((reason) => reason.key);

describe('R1: a leader or delegate orders, never the employee', () => {
  it('lets Kari order for Ola, and Marit above her', () => {
    expect(checkR1CanOrder(people.kari, people.ola, facts, now)).toEqual([]);
    expect(checkR1CanOrder(people.marit, people.ola, facts, now)).toEqual([]);
  });

  it('tells Ola he cannot order for himself, nor for anyone', () => {
    expect(keys(checkR1CanOrder(people.ola, people.ola, facts, now))).toEqual([
      'rule.r1.selfOrder',
    ]);
    expect(keys(checkR1CanOrder(people.ola, people.ingrid, facts, now))).toEqual([
      'rule.r1.nobodysLeader',
    ]);
    expect(keys(checkR1MayOrder(people.ola, facts, now))).toEqual(['rule.r1.nobodysLeader']);
    expect(checkR1MayOrder(people.kari, facts, now)).toEqual([]);
  });

  it('tells Kari that Lise is outside her reporting line, naming Lise', () => {
    expect(checkR1CanOrder(people.kari, people.lise, facts, now)).toEqual([
      { key: 'rule.r1.notLeaderOf', params: { subject: 'Lise Olsen' } },
    ]);
  });

  it('lets a delegate order while the delegation is in force', () => {
    const delegated = factsWith([
      {
        delegationId: 'd',
        leaderId: people.per.id,
        delegateId: people.ola.id,
        grantedById: people.tor.id,
        validFrom: '2025-03-01',
        validTo: null,
        grantedAt: '2025-03-01T08:00:00Z',
        revokedAt: null,
      },
    ]);
    expect(checkR1CanOrder(people.ola, people.lise, delegated, now)).toEqual([]);
    expect(checkR1MayOrder(people.ola, delegated, now)).toEqual([]);
    expect(keys(checkR1CanOrder(people.ola, people.ingrid, delegated, now))).toEqual([
      'rule.r1.notLeaderOf',
    ]);
  });
});

describe('R2: service need', () => {
  it('must be stated, and say something', () => {
    expect(keys(checkR2ServiceNeed('   '))).toEqual(['rule.r2.serviceNeedMissing']);
    expect(checkR2ServiceNeed('Trenger det')).toEqual([
      { key: 'rule.r2.serviceNeedTooShort', params: { min: 20 }, field: 'serviceNeed' },
    ]);
    expect(checkR2ServiceNeed('Saksbehandler elevsaker ved skolekontoret.')).toEqual([]);
    expect(keys(checkR2ServiceNeed('x'.repeat(2001)))).toEqual(['rule.r2.serviceNeedTooLong']);
  });
});

describe('R3: only systemansvarlig decides, never on their own request', () => {
  const view = foldRequest(
    [recorded(submitted(newUserOrder(people.anders)), people.hilde, at(0))],
    { now },
  );

  it('refuses staff and the subject', () => {
    expect(checkR3CanDecide(people.sigrid, view, facts)).toEqual([]);
    expect(keys(checkR3CanDecide(people.anders, view, facts))).toEqual(['rule.r3.ownRequest']);
    expect(keys(checkR3CanDecide(people.hilde, view, facts))).toEqual([
      'rule.r3.notSystemansvarlig',
      'rule.r3.ownRequest',
    ]);
    expect(keys(checkR3CanDecide(people.kari, view, facts))).toEqual([
      'rule.r3.notSystemansvarlig',
    ]);
  });
});

describe('R4-R7: folder requests', () => {
  it('needs a valid case number and a justification to judge case by case', () => {
    expect(
      checkR4FolderRequest({
        caseNumber: '2024/1537',
        justification: 'Kontaktlærer for eleven, skal skrive vedtak om spesialundervisning.',
        grading: 'elevsak',
        right: 'write',
      }),
    ).toEqual([]);
    expect(
      checkR4FolderRequest({
        caseNumber: '2024/01',
        justification: 'Trenger',
        grading: 'hemmelig',
        right: 'both',
      }),
    ).toEqual([
      { key: 'caseNumber.leadingZero', field: 'caseNumber' },
      { key: 'rule.r5.gradingRequired', field: 'grading' },
      { key: 'rule.r6.rightRequired', field: 'right' },
      { key: 'rule.r4.justificationTooShort', params: { min: 30 }, field: 'justification' },
    ]);
    expect(keys(checkR4FolderRequest({ caseNumber: '', justification: '' }))).toEqual([
      'caseNumber.required',
      'rule.r4.justificationMissing',
    ]);
  });

  it('knows the grading levels, read versus write, and the folder-only scope', () => {
    expect(checkR5Grading('barnesak')).toEqual([]);
    expect(checkR6Right('read')).toEqual([]);
    expect(keys(checkR6GrantMatchesRequest('read', 'write'))).toEqual([
      'rule.r6.grantExceedsRequest',
    ]);
    expect(checkR6GrantMatchesRequest('write', 'read')).toEqual([]);
    expect(checkR7FolderOnly('folder')).toEqual([]);
    expect(keys(checkR7FolderOnly('folder-and-registry-entries'))).toEqual(['rule.r7.folderOnly']);
  });
});

describe('R8: the route of extended access', () => {
  it('lists the missing stages, and has nothing to say about other kinds', () => {
    const request = recorded(submitted(extendedAccessRequest()), people.ola, at(0));
    const confirmed = recorded(
      { type: 'request.leader-confirmed', payload: { confirmationTextId: 'c' } },
      people.kari,
      at(1),
    );
    expect(keys(checkR8Route(foldRequest([request, confirmed], { now })))).toEqual([
      'rule.r8.arkivlederApprovalMissing',
    ]);
    expect(
      checkR8Route(foldRequest([recorded(submitted(folderRequest()), people.ola, at(0))], { now })),
    ).toEqual([]);
  });
});

describe('R9: carried out with the Elements reference', () => {
  it('needs a case or registry reference', () => {
    expect(checkR9CarriedOut('2025/412-3')).toEqual([]);
    expect(keys(checkR9CarriedOut(' '))).toEqual(['rule.r9.referenceMissing']);
    expect(keys(checkR9CarriedOut('sak 412'))).toEqual(['rule.r9.referenceFormat']);
  });
});

describe('R10: external consultants', () => {
  const order = externalConsultantOrder();

  it('accepts a complete order', () => {
    expect(
      order.kind === 'order.external-consultant' &&
        checkR10ExternalConsultant(order, defaultDomainConfig, facts),
    ).toEqual([]);
  });

  it('refuses an order without a period', () => {
    expect(
      checkR10ExternalConsultant(
        {
          confidentialityDeclaration: { confirmed: true, storedAt: 'Elements 2025/88-2' },
          period: null,
          agreedWith: people.sigrid,
        },
        defaultDomainConfig,
        facts,
      ),
    ).toEqual([{ key: 'rule.r10.periodRequired', field: 'period' }]);
  });

  it('refuses a period longer than the configured maximum', () => {
    const draft = {
      confidentialityDeclaration: { confirmed: true, storedAt: 'Arkivskap 3' },
      period: { start: '2025-04-01', end: '2026-04-02' },
      agreedWith: people.anders,
    };
    expect(checkR10ExternalConsultant(draft, defaultDomainConfig, facts)).toEqual([
      { key: 'rule.r10.periodTooLong', params: { max: 12 }, field: 'period.end' },
    ]);
    expect(
      checkR10ExternalConsultant(
        { ...draft, period: { start: '2025-04-01', end: '2026-04-01' } },
        defaultDomainConfig,
        facts,
      ),
    ).toEqual([]);
    expect(
      keys(checkR10ExternalConsultant(draft, { externalConsultantMaxMonths: 6 }, facts)),
    ).toEqual(['rule.r10.periodTooLong']);
  });

  it('checks the declaration and that the period was agreed with a real systemansvarlig', () => {
    expect(
      keys(
        checkR10ExternalConsultant(
          {
            confidentialityDeclaration: { confirmed: false },
            period: { start: '2025-04-01', end: '2025-03-01' },
            agreedWith: people.kari,
          },
          defaultDomainConfig,
          facts,
        ),
      ),
    ).toEqual([
      'rule.r10.declarationNotConfirmed',
      'rule.r10.declarationStorageMissing',
      'validation.endBeforeStart',
      'rule.r10.agreedWithNotSystemansvarlig',
    ]);
  });
});

describe('R11: quarterly review of KS Fiks modules', () => {
  const svarut = { name: 'SvarUt' };
  const started = (createdAt: string, extra: object = {}) => ({ createdAt, ...extra });

  it('is due when the module was never reviewed', () => {
    expect(checkR11QuarterlyReviewDue(svarut, null, now)).toEqual([
      { key: 'rule.r11.neverReviewed', params: { module: 'SvarUt' } },
    ]);
  });

  it('is satisfied by a review started this quarter', () => {
    expect(checkR11QuarterlyReviewDue(svarut, started('2025-01-06T09:00:00Z'), now)).toEqual([]);
  });

  it('is due this quarter after a review last quarter, and overdue after that', () => {
    expect(checkR11QuarterlyReviewDue(svarut, started('2024-11-06T09:00:00Z'), now)).toEqual([
      { key: 'rule.r11.reviewDue', params: { module: 'SvarUt', due: '2025-03-31' } },
    ]);
    expect(checkR11QuarterlyReviewDue(svarut, started('2024-08-06T09:00:00Z'), now)).toEqual([
      { key: 'rule.r11.reviewOverdue', params: { module: 'SvarUt', due: '2024-12-31' } },
    ]);
  });

  it('flags a review of this quarter left open past its deadline', () => {
    expect(
      keys(
        checkR11QuarterlyReviewDue(
          svarut,
          started('2025-01-06T09:00:00Z', {
            status: 'open',
            definition: { deadline: '2025-02-01' },
          }),
          now,
        ),
      ),
    ).toEqual(['rule.r11.campaignPastDeadline']);
  });

  it('gives someone who only sends manually only the send function', () => {
    const module = findReviewModule(defaultCatalogue, 'svarut');
    expect(module).not.toBeNull();
    if (!module) return;
    expect(checkR11ModuleRight(module, 'send', true)).toEqual([]);
    expect(keys(checkR11ModuleRight(module, 'full', true))).toEqual(['rule.r11.sendOnly']);
    expect(checkR11ModuleRight(module, 'full', false)).toEqual([]);
    expect(keys(checkR11ModuleRight(module, 'admin', false))).toEqual(['rule.r11.unknownRight']);
  });
});

describe('R12: annual review of systemansvar, AR1 and AR2', () => {
  const ar1 = { name: 'AR1' };
  it('is due twelve months after the last review, flagged a month ahead', () => {
    expect(keys(checkR12AnnualReviewDue(ar1, null, now))).toEqual(['rule.r12.neverReviewed']);
    expect(checkR12AnnualReviewDue(ar1, { createdAt: '2024-09-01T09:00:00Z' }, now)).toEqual([]);
    expect(checkR12AnnualReviewDue(ar1, { createdAt: '2024-04-01T09:00:00Z' }, now)).toEqual([
      { key: 'rule.r12.reviewDueSoon', params: { role: 'AR1', due: '2025-04-01' } },
    ]);
    expect(checkR12AnnualReviewDue(ar1, { createdAt: '2024-03-01T09:00:00Z' }, now)).toEqual([
      { key: 'rule.r12.reviewOverdue', params: { role: 'AR1', due: '2025-03-01' } },
    ]);
  });
});

describe('R13: deviations to report in Kvalitetslosen', () => {
  it('suggests a deviation for breaches, not for technical or concurrency anomalies', () => {
    const anomaly = (reason: Anomaly['reason']): Anomaly => ({
      list: 'systemansvarlig',
      eventId: reason,
      type: 'request.approved',
      author: people.ola,
      recordedAt: at(0),
      reason,
    });
    const suggestions = deviationsToReport([
      anomaly('anomaly.notEntitled'),
      anomaly('anomaly.unparseable'),
      anomaly('anomaly.alreadyDecided'),
      anomaly('anomaly.ownRequest'),
      anomaly('anomaly.outOfOrder'),
    ]);
    expect(suggestions.map((item) => [item.key, item.anomaly.reason])).toEqual([
      ['rule.r13.notEntitled', 'anomaly.notEntitled'],
      ['rule.r13.ownRequest', 'anomaly.ownRequest'],
    ]);
    expect(suggestions[0]?.params).toMatchObject({
      author: 'Ola Hansen',
      type: 'request.approved',
    });
  });
});
