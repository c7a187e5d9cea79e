/**
 * The request's record for the archive (R9, journey 7) and the queue as CSV.
 *
 * - `recordHtml` is a self-contained, printable page (inline CSS, no scripts,
 *   no external resources; a CSP meta forbids both), built with the escaping
 *   `html` template, so no text from a request can become markup.
 * - `queueCsv` is RFC 4180 CSV with formula cells defused, through the shared
 *   `features/exports/csv.ts`.
 */
import { findBase, type Catalogue } from '../../domain/catalogue.ts';
import { defaultCatalogue } from '../../domain/catalogue.ts';
import { capacityKey, gradingKey, kindKey, rightKey, statusKey } from '../../domain/labels.ts';
import { formatMessage, type DomainMessageKey } from '../../domain/messages.ts';
import type { AccessRequest } from '../../domain/requests.ts';
import { html, type SafeHtml } from '../../m365/safe-html.ts';
import { osloTime } from '../exports/printable-page.ts';
import { toCsv, type CsvColumn } from '../exports/csv.ts';
import { norwegianDate, shortReference } from '../requests/notifications.ts';
import type { QueueRow, TriageDetail } from './triage-desk.ts';

const nb = (key: DomainMessageKey): string => formatMessage('nb', key);

const eventLabels: Readonly<Record<string, string>> = {
  'request.submitted': 'Sendt inn',
  'request.leader-confirmed': 'Leder bekreftet tjenstlig behov',
  'request.leader-declined': 'Leder avslo',
  'request.arkivleder-approved': 'Arkivleder godkjente',
  'request.arkivleder-rejected': 'Arkivleder avslo',
  'request.information-requested': 'Ba om mer informasjon',
  'request.information-provided': 'Svarte med mer informasjon',
  'request.approved': 'Godkjent',
  'request.rejected': 'Avslått',
  'request.sent-to-atea': 'Bestilling sendt til Atea',
  'request.carried-out': 'Utført i Elements',
  'request.withdrawn': 'Trukket',
};

const textLabels: Readonly<Record<string, string>> = {
  justification: 'Begrunnelse',
  'leader-confirmation': 'Lederens bekreftelse',
  'decision-reason': 'Begrunnelse for avgjørelsen',
  'decision-note': 'Merknad til avgjørelsen',
  information: 'Spørsmål / svar',
};

function requestFacts(
  request: AccessRequest,
  names: Readonly<Record<string, string>>,
  catalogue: Catalogue,
): (readonly [string, string])[] {
  const rows: (readonly [string, string])[] = [
    ['Type', nb(kindKey(request.kind))],
    ['Base', findBase(catalogue, request.base)?.name ?? request.base],
  ];
  if (request.kind === 'order.external-consultant') {
    rows.push(
      ['Konsulent', `${request.consultant.name} (${request.consultant.company})`],
      ['Periode', `${norwegianDate(request.period.start)} – ${norwegianDate(request.period.end)}`],
      ['Periode avtalt med', names[request.agreedWith.id] ?? request.agreedWith.id],
    );
  } else {
    rows.push(['Gjelder', names[request.subject.id] ?? request.subject.displayName ?? '']);
  }
  if ('caseNumber' in request) rows.push(['Saksnummer', request.caseNumber]);
  if ('grading' in request && request.grading !== undefined) {
    rows.push(['Gradering', nb(gradingKey(request.grading))]);
  }
  if ('right' in request) rows.push(['Tilgang', nb(rightKey(request.right))]);
  if ('serviceNeed' in request) rows.push(['Tjenstlig behov', request.serviceNeed]);
  return rows;
}

const table = (rows: readonly (readonly [string, string])[]): SafeHtml =>
  html`<table class="facts">
    ${rows.map(
      ([title, value]) =>
        html`<tr>
          <th>${title}</th>
          <td>${value}</td>
        </tr>`,
    )}
  </table>`;

/** A printable page of the request for archiving in Elements. */
export function recordHtml(
  detail: TriageDetail,
  options: { readonly catalogue?: Catalogue; readonly printedAt?: Date } = {},
): string {
  const { view, names } = detail;
  const catalogue = options.catalogue ?? defaultCatalogue;
  const nameOf = (id: string, fallback?: string) => names[id] ?? fallback ?? id;
  const textById = new Map(detail.texts.map((text) => [text.textId, text]));
  const status = view.status === null ? 'Ikke registrert' : nb(statusKey(view.status));
  const events = view.timeline.map((entry) => {
    const text = entry.textId === null ? undefined : textById.get(entry.textId);
    const who = `${nameOf(entry.author.id, entry.author.displayName)} (${nb(capacityKey(entry.capacity))}${
      entry.onBehalfOf === null ? '' : ` for ${nameOf(entry.onBehalfOf)}`
    })`;
    return html`<tr>
      <td>${osloTime(entry.recordedAt)}</td>
      <td>${eventLabels[entry.type] ?? entry.type}</td>
      <td>${who}</td>
      <td>
        ${text === undefined ? '' : html`<div class="text">${textLabels[text.purpose] ?? text.purpose}: ${text.body}</div>`}
      </td>
    </tr>`;
  });
  const decision = view.decision;
  const carried = view.carriedOut;
  const outcome: (readonly [string, string])[] = [['Status', status]];
  if (decision !== null) {
    outcome.push([
      'Avgjørelse',
      `${decision.outcome === 'approved' ? 'Godkjent' : 'Avslått'} av ${nameOf(decision.by.id, decision.by.displayName)}, ${osloTime(decision.at)}`,
    ]);
    // Decision 014: the directory no longer showed the recorded leader relation; the decider checked it.
    if (decision.checkedStanding) {
      outcome.push([
        'Lederrolle',
        'Bestillerens lederrolle ble kontrollert manuelt av systemansvarlig',
      ]);
    }
  }
  if (carried !== null) {
    outcome.push(
      ['Elements-referanse', carried.elementsReference],
      [
        'Utført',
        `${carried.carriedOutOn === null ? osloTime(carried.at) : norwegianDate(carried.carriedOutOn)} av ${nameOf(carried.by.id, carried.by.displayName)}`,
      ],
    );
    if (carried.grantedRight !== null)
      outcome.push(['Gitt tilgang', nb(rightKey(carried.grantedRight))]);
  }
  if (view.endDate !== null) outcome.push(['Tilgangen varer til', norwegianDate(view.endDate)]);
  const anomalies = detail.anomalies.map(
    (anomaly) =>
      html`<li>
        ${osloTime(anomaly.recordedAt)}: ${anomaly.type ?? ''} av
        ${
          anomaly.author === null ? 'ukjent' : nameOf(anomaly.author.id, anomaly.author.displayName)
        }
        – ${nb(anomaly.reason)}
      </li>`,
  );
  const page = html`<!doctype html>
    <html lang="nb">
      <head>
        <meta charset="utf-8" />
        <meta
          http-equiv="Content-Security-Policy"
          content="default-src 'none'; style-src 'unsafe-inline'"
        />
        <title>Elements tilgang – forespørsel ${shortReference(detail.requestId)}</title>
        <style>
          body {
            font-family:
              Segoe UI,
              Arial,
              sans-serif;
            font-size: 11pt;
            margin: 2cm;
            color: #000;
          }
          h1 {
            font-size: 16pt;
          }
          h2 {
            font-size: 13pt;
            margin-top: 1.5em;
          }
          table {
            border-collapse: collapse;
            width: 100%;
          }
          th,
          td {
            border: 1px solid #888;
            padding: 4px 6px;
            text-align: left;
            vertical-align: top;
          }
          table.facts th {
            width: 30%;
          }
          .text {
            white-space: pre-wrap;
          }
          tr {
            page-break-inside: avoid;
          }
          @media print {
            body {
              margin: 0;
            }
          }
        </style>
      </head>
      <body>
        <h1>Forespørsel om tilgang til Elements</h1>
        <p>
          Referanse ${shortReference(detail.requestId)} (${detail.requestId}). Innsendt av
          ${
            view.requester === null
              ? 'ukjent'
              : nameOf(view.requester.id, view.requester.displayName)
          }
          ${osloTime(view.submittedAt)}.
        </p>
        <h2>Forespørselen</h2>
        ${view.request === null ? html`<p>Ingen godtatt innsending.</p>` : table(requestFacts(view.request, names, catalogue))}
        <h2>Utfall</h2>
        ${table(outcome)}
        <h2>Hendelser</h2>
        <table>
          <thead>
            <tr>
              <th>Tid</th>
              <th>Hendelse</th>
              <th>Av</th>
              <th>Tekst</th>
            </tr>
          </thead>
          <tbody>
            ${events}
          </tbody>
        </table>
        ${
          anomalies.length === 0
            ? html``
            : html`<h2>Avvik (hendelser som ikke teller)</h2>
                <ul>
                  ${anomalies}
                </ul>`
        }
        <p>
          Skrevet ut ${osloTime((options.printedAt ?? new Date()).toISOString())} fra Elements
          tilgang, Dokumentsenteret, Bodø kommune.
        </p>
      </body>
    </html>`;
  return page.html;
}

const csvColumns: readonly CsvColumn<QueueRow>[] = [
  ['Referanse', (row) => row.reference],
  ['Forespørsel-id', (row) => row.requestId],
  ['Type', (row) => (row.kind === null ? null : nb(kindKey(row.kind)))],
  ['Status', (row) => (row.status === null ? null : nb(statusKey(row.status)))],
  ['Base', (row) => row.base],
  ['Gradering', (row) => row.grading],
  ['Saksnummer', (row) => row.caseNumber],
  ['Gjelder', (row) => row.subjectName],
  ['Innsendt av', (row) => row.requesterName],
  ['Innsendt', (row) => row.submittedAt],
  ['Alder (dager)', (row) => row.ageDays],
];

/** The queue's rows (its current filter) as RFC 4180 CSV, with a header row. */
export function queueCsv(rows: readonly QueueRow[]): string {
  return toCsv(csvColumns, rows);
}
