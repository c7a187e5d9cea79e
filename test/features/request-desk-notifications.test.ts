// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createCatalogue, defaultCatalogue } from '../../src/domain/catalogue.ts';
import { foldRequest } from '../../src/domain/request-fold.ts';
import { parseRecordedEvents, toEnvelope } from '../../src/domain/events.ts';
import {
  ateaOrderMail,
  cardText,
  leaderStepMail,
  safeLink,
  shortReference,
  triageNotice,
} from '../../src/features/requests/notifications.ts';

const now = new Date('2026-11-30T10:00:00Z');

function submittedView(requestId: string) {
  const envelope = toEnvelope(
    {
      type: 'request.submitted',
      payload: {
        request: {
          kind: 'folder-access',
          subject: { id: 'ola', displayName: 'Ola Hansen' },
          base: 'bodo',
          caseNumber: '2026/1234',
          grading: 'barnesak',
          right: 'read',
          justificationTextId: 'text-1',
          scope: 'folder',
        },
      },
    },
    { eventId: 'event-1', streamId: requestId, occurredAt: '2026-11-28T09:00:00Z' },
  );
  const entries = parseRecordedEvents([
    {
      ...envelope,
      author: { id: 'ola', displayName: 'Ola Hansen' },
      recordedAt: '2026-11-28T09:00:00Z',
    },
  ]);
  return foldRequest(entries, { now });
}

describe('the texts of notices', () => {
  it('strips what Teams would render as Markdown from card text', () => {
    expect(cardText('**fet** _kursiv_ [lenke](https://evil.example) `kode`')).toBe(
      'fet kursiv lenke https://evil.example kode',
    );
    // One line: a list or a heading can only start where the text starts.
    expect(cardText('# Overskrift\n- punkt\n1. nummer')).toBe('Overskrift - punkt 1. nummer');
    expect(cardText('- punkt')).toBe('punkt');
    expect(cardText('1. Første')).toBe('1 Første');
    expect(cardText('28.11.2026 (i dag)')).toBe('28.11.2026 i dag');
    expect(cardText('<at>Alle</at>')).toBe('at Alle /at');
  });

  it('links only http(s) addresses', () => {
    expect(safeLink('javascript:alert(1)')).toBeNull();
    expect(safeLink('not a url')).toBeNull();
    expect(safeLink('https://teams.microsoft.com/l/entity/x?context=%7B%7D')).toBe(
      'https://teams.microsoft.com/l/entity/x?context=%7B%7D',
    );
  });

  it('gives the triage channel kind, base, grading, status, age and a link, and no names', () => {
    const requestId = '1a2b3c4d-0000-4000-8000-000000000000';
    const notice = triageNotice({
      requestId,
      view: submittedView(requestId),
      occasion: 'new',
      link: `https://tilgang.example/index.html?request=${requestId}&x="y"`,
      catalogue: defaultCatalogue,
      now,
    });
    const card = JSON.stringify(notice?.card);
    expect(card).toContain('Tilgang til mappe');
    expect(card).toContain('Bodø');
    expect(card).toContain('Barnesak');
    expect(card).toContain('28.11.2026 for 2 dager siden');
    expect(card).toContain(shortReference(requestId));
    expect(card).not.toContain('Ola');
    expect(card).not.toContain('2026/1234');
    const mail = notice?.html.html ?? '';
    expect(mail).toContain('request=1a2b3c4d-0000-4000-8000-000000000000&amp;x=%22y%22');
    expect(mail).not.toContain('Ola');
    expect(notice?.reference).toEqual({ kind: 'triage-notice', requestId, occasion: 'new' });
  });

  it('escapes catalogue names and people in mails, and keeps Markdown out of cards', () => {
    const catalogue = createCatalogue({
      bases: [
        {
          id: 'test',
          name: '**Test** <b>base</b>',
          main: false,
          integrations: [],
          plannedIntegrations: [],
          archiveServices: [],
          technicalSupport: 'systemansvarlig',
          noteKeys: [],
        },
      ],
    });
    const view = submittedView('r-1');
    const request = view.request;
    if (request === null) throw new Error('the fold did not accept the submission');
    const notice = triageNotice({
      requestId: 'r-1',
      view: { ...view, request: { ...request, base: 'test' } },
      occasion: 'ready-for-systemansvarlig',
      link: 'https://tilgang.example/?request=r-1',
      catalogue,
      now,
    });
    expect(JSON.stringify(notice?.card)).toContain('Test b base /b');
    expect(notice?.html.html).toContain('**Test** &lt;b&gt;base&lt;/b&gt;');
    const mail = leaderStepMail({
      requestId: 'r-1',
      request,
      link: 'https://tilgang.example/?request=r-1',
      catalogue,
      recipientName: 'Kari <script>',
      actorName: 'Ola & co',
      subjectName: 'Ola "Hansen"',
      justification: 'Trenger <b>tilgang</b> & mer',
    });
    expect(mail.html.html).toContain('Kari &lt;script&gt;');
    // The leader's mail carries the justification they must judge, escaped (decision 014).
    expect(mail.html.html).toContain('Trenger &lt;b&gt;tilgang&lt;/b&gt; &amp; mer');
    expect(mail.html.html).toContain('Ola &amp; co');
    expect(mail.html.html).not.toContain('<script>');
    expect(mail.reference).toEqual({ kind: 'request-step', requestId: 'r-1', step: 'leader' });
  });

  it("puts the whole order in Atea's mail", () => {
    const mail = ateaOrderMail({
      requestId: 'r-2',
      order: {
        kind: 'order.external-consultant',
        consultant: { name: 'Eva', company: 'Firma & Co', email: 'eva@firma.example' },
        confidentialityDeclaration: { confirmed: true, storedAt: '2026/88-2' },
        period: { start: '2026-12-01', end: '2027-02-28' },
        agreedWith: { id: 'sigrid' },
        base: 'bodo',
        administrativeUnit: 'Skolekontoret',
        roles: ['saksbehandler', 'leser'],
        accessCodes: ['uo'],
        serviceNeed: 'Skal hjelpe til med innføringen av nytt skolesystem.',
      },
      catalogue: defaultCatalogue,
      orderedBy: 'Kari Nordmann',
      approvedBy: 'Sigrid Lund',
      agreedWith: 'Sigrid Lund',
    });
    expect(mail.subject).toContain('Eva (Firma & Co)');
    expect(mail.html.html).toContain('Firma &amp; Co');
    expect(mail.html.html).toContain('Saksbehandler, Leser');
    expect(mail.html.html).toContain('UO (Unntatt offentlighet)');
    expect(mail.html.html).toContain('01.12.2026 – 28.02.2027');
    expect(mail.html.html).not.toContain('innføringen');
    expect(mail.reference).toEqual({ kind: 'atea-order', requestId: 'r-2' });
  });
});
