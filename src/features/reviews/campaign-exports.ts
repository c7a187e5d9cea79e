/**
 * A review campaign's report for archiving in Elements (R11, R12, issue 6),
 * and its lines as CSV.
 *
 * - `campaignReportHtml` is a self-contained, printable page (inline CSS, no
 *   scripts, no external resources; a CSP meta forbids both), built with the
 *   escaping `html` template, so no name, sub-unit or comment can become markup.
 * - `campaignCsv` is RFC 4180 CSV with formula cells defused (the shared
 *   `features/exports/csv.ts`).
 */
import type {
  CampaignLineView,
  CampaignTimelineEntry,
  CampaignView,
  LineAnswer,
  LineRemoval,
} from '../../domain/campaign-fold.ts';
import type {
  AnswerChannel,
  CampaignDefinition,
  CampaignOutcome,
  RemovalPlace,
} from '../../domain/campaigns.ts';
import {
  defaultCatalogue,
  findBase,
  findReviewModule,
  findReviewedRole,
  type Catalogue,
} from '../../domain/catalogue.ts';
import { campaignKindKey, campaignStatusKey, reviewDecisionKey } from '../../domain/labels.ts';
import { formatMessage, type DomainMessageKey } from '../../domain/messages.ts';
import type { PersonRef } from '../../domain/person.ts';
import { html, type SafeHtml } from '../../m365/safe-html.ts';
import { toCsv, type CsvColumn } from '../exports/csv.ts';
import {
  dataTable,
  factTable,
  osloSortableTime,
  osloTime,
  printablePage,
} from '../exports/printable-page.ts';
import { norwegianDate } from '../requests/notifications.ts';

const nb = (key: DomainMessageKey): string => formatMessage('nb', key);

/** Display names by person id (from the directory); a person missing here falls back to the event's copy. */
export type PersonNames = Readonly<Record<string, string>>;

const channelLabels: Readonly<Record<AnswerChannel, string>> = {
  'task-pane': 'Oppgaverute i Outlook',
  tab: 'Fanen i Teams',
  reply: 'Svar på e-post',
};

const placeLabels: Readonly<Record<RemovalPlace, string>> = {
  'ks-fiks': 'KS Fiks',
  elements: 'Elements',
  other: 'Annet sted',
};

const outcomeLabels: Readonly<Record<CampaignOutcome, string>> = {
  completed: 'Fullført',
  cancelled: 'Avbrutt',
};

const eventLabels: Readonly<Record<CampaignTimelineEntry['type'], string>> = {
  'campaign.created': 'Gjennomgangen ble opprettet',
  'campaign.line-added': 'Tilgang lagt til i gjennomgangen',
  'campaign.mail-sent': 'E-post om gjennomgangen sendt',
  'campaign.answered': 'Svar registrert',
  'campaign.reply-recorded': 'Svar på e-post registrert',
  'campaign.reminded': 'Påminnelse sendt',
  'campaign.removal-confirmed': 'Fjerning bekreftet',
  'campaign.closed': 'Gjennomgangen ble avsluttet',
};

const notAnswered = 'Ikke svart';

/** R11: why a line went to removal without anyone being asked. */
const presenceLabels = {
  left: 'Sluttet i kommunen (ikke spurt)',
  moved: 'Byttet enhet eller leder siden forrige gjennomgang (ikke spurt)',
} as const;

function nameOf(names: PersonNames, person: PersonRef): string {
  return names[person.id] ?? person.displayName ?? person.id;
}

function answerLabel(answer: LineAnswer | null): string {
  return answer === null ? notAnswered : nb(reviewDecisionKey(answer.decision));
}

/** The channel, and who recorded the answer when it was not the person (a reply recorded by systemansvarlig). */
function channelLabel(names: PersonNames, line: CampaignLineView): string {
  const { answer } = line;
  if (answer === null) return '';
  const label = channelLabels[answer.channel];
  return answer.recordedBy.id === line.line.person.id
    ? label
    : `${label} (registrert av ${nameOf(names, answer.recordedBy)})`;
}

function lateLabel(answer: LineAnswer | null): string {
  if (answer === null) return '';
  return answer.late ? 'Ja' : 'Nei';
}

function removalLabel(names: PersonNames, removal: LineRemoval | null): string {
  if (removal === null) return '';
  const reference = removal.reference === null ? '' : `, referanse ${removal.reference}`;
  return `${placeLabels[removal.where]}${reference}, av ${nameOf(names, removal.by)} ${osloTime(removal.at)}`;
}

/** The module (quarterly) or role (annual) under review, by its catalogue name. */
function targetLabel(definition: CampaignDefinition, catalogue: Catalogue): string {
  return definition.kind === 'quarterly-module'
    ? (findReviewModule(catalogue, definition.target)?.name ?? definition.target)
    : (findReviewedRole(catalogue, definition.target)?.name ?? definition.target);
}

function campaignFacts(
  view: CampaignView,
  definition: CampaignDefinition,
  names: PersonNames,
  catalogue: Catalogue,
): (readonly [string, string])[] {
  const rows: (readonly [string, string])[] = [
    ['Type', nb(campaignKindKey(definition.kind))],
    [
      definition.kind === 'quarterly-module' ? 'Modul' : 'Rolle',
      targetLabel(definition, catalogue),
    ],
    ['Base', findBase(catalogue, definition.base)?.name ?? definition.base],
    [
      'Frist for å svare',
      `${norwegianDate(definition.deadline)}${view.overdue ? ' (fristen er passert)' : ''}`,
    ],
    ['Påminnelser', `Hver ${definition.reminderEveryDays}. dag til de som ikke har svart`],
    [
      'Opprettet',
      `${osloTime(view.createdAt)} av ${view.createdBy === null ? 'ukjent' : nameOf(names, view.createdBy)}`,
    ],
    ['Status', view.status === null ? 'Ikke registrert' : nb(campaignStatusKey(view.status))],
  ];
  const { outcome } = view;
  rows.push(
    outcome === null
      ? ['Utfall', 'Ikke avsluttet']
      : [
          'Utfall',
          `${outcomeLabels[outcome.result]} av ${nameOf(names, outcome.closedBy)} ${osloTime(outcome.closedAt)}`,
        ],
    ['Arkivreferanse i Elements', outcome?.reportReference ?? 'Ikke registrert'],
    ['Gjennomgangens id', view.campaignId ?? ''],
  );
  return rows;
}

function summaryFacts(view: CampaignView): (readonly [string, string])[] {
  const { summary } = view;
  return [
    ['Tilganger i gjennomgangen', String(summary.lines)],
    ['Personer', String(view.people.length)],
    ['Beholdes', String(summary.kept)],
    ['Skal fjernes', String(summary.toRemove)],
    ['Ikke svart', String(summary.unanswered)],
    ['Fjerning bekreftet', String(summary.removalsConfirmed)],
    ['Fjerning ikke bekreftet ennå', String(summary.removalsPending)],
    ['Sluttet (ikke spurt)', String(summary.leavers)],
    ['Byttet enhet eller leder (ikke spurt)', String(summary.movers)],
  ];
}

const multiline = (text: string): SafeHtml => html`<span class="text">${text}</span>`;

function lineRows(view: CampaignView, names: PersonNames): SafeHtml {
  return dataTable(
    [
      'Person',
      'E-post',
      'Underenhet',
      'Tilgang',
      'Svar',
      'Kommentar',
      'Kanal',
      'Besvart',
      'For sent',
      'Fjerning bekreftet',
    ],
    view.lines.map((line) => [
      nameOf(names, line.line.person),
      line.line.email ?? '',
      line.line.subUnit,
      line.line.right,
      answerLabel(line.answer),
      multiline(line.answer?.comment ?? ''),
      channelLabel(names, line),
      osloTime(line.answer?.at ?? null),
      lateLabel(line.answer),
      removalLabel(names, line.removal),
    ]),
  );
}

function removalSection(view: CampaignView, names: PersonNames): SafeHtml {
  const lines = view.lines.filter(
    (line) =>
      line.presence !== 'present' || line.answer?.decision === 'remove' || line.removal !== null,
  );
  if (lines.length === 0) return html`<p>Ingen tilganger skal fjernes.</p>`;
  return dataTable(
    ['Person', 'Underenhet', 'Tilgang', 'Hvorfor', 'Kommentar', 'Fjerning'],
    lines.map((line) => [
      nameOf(names, line.line.person),
      line.line.subUnit,
      line.line.right,
      line.presence === 'present' ? answerLabel(line.answer) : presenceLabels[line.presence],
      multiline(line.answer?.comment ?? ''),
      line.removal === null ? 'Ikke bekreftet ennå' : removalLabel(names, line.removal),
    ]),
  );
}

function unansweredSection(
  view: CampaignView,
  definition: CampaignDefinition,
  names: PersonNames,
): SafeHtml {
  const lines = view.unansweredAfterDeadline;
  if (lines.length === 0) {
    return view.summary.unanswered > 0
      ? html`<p>Fristen (${norwegianDate(definition.deadline)}) er ikke passert ennå.</p>`
      : html`<p>Alle har svart.</p>`;
  }
  return dataTable(
    ['Person', 'E-post', 'Underenhet', 'Tilgang', 'Fjerning'],
    lines.map((line) => [
      nameOf(names, line.line.person),
      line.line.email ?? '',
      line.line.subUnit,
      line.line.right,
      line.removal === null ? 'Ikke fjernet' : removalLabel(names, line.removal),
    ]),
  );
}

function mailingSection(view: CampaignView, names: PersonNames): SafeHtml {
  if (view.people.length === 0) return html`<p>Ingen personer i gjennomgangen.</p>`;
  const times = (instants: readonly string[]) => instants.map((at) => osloTime(at)).join('; ');
  return dataTable(
    ['Person', 'E-post sendt', 'Påminnelser', 'Har svart på alt'],
    view.people.map((person) => [
      nameOf(names, person.person),
      times(person.mailedAt),
      times(person.remindedAt),
      person.answeredAll ? 'Ja' : 'Nei',
    ]),
  );
}

function timelineSection(view: CampaignView, names: PersonNames): SafeHtml {
  return dataTable(
    ['Tid', 'Hendelse', 'Av'],
    view.timeline.map((entry) => [
      osloTime(entry.recordedAt),
      eventLabels[entry.type],
      nameOf(names, entry.author),
    ]),
  );
}

function anomalySection(view: CampaignView, names: PersonNames): SafeHtml {
  if (view.anomalies.length === 0) return html``;
  return html`<h2>Avvik (hendelser som ikke teller)</h2>
    ${dataTable(
      ['Tid', 'Hendelse', 'Av', 'Hvorfor'],
      view.anomalies.map((anomaly) => [
        osloTime(anomaly.recordedAt),
        anomaly.type ?? '',
        anomaly.author === null ? 'ukjent' : nameOf(names, anomaly.author),
        nb(anomaly.reason),
      ]),
    )}`;
}

export interface CampaignReportOptions {
  /** Display names by person id. */
  readonly names: PersonNames;
  /** @default defaultCatalogue */
  readonly catalogue?: Catalogue;
  readonly generatedAt: Date;
  /** Who made the report (a display name), printed at the foot. */
  readonly generatedBy: string;
}

/** A printable report of the campaign for archiving in Elements. */
export function campaignReportHtml(view: CampaignView, options: CampaignReportOptions): string {
  const { names, generatedAt, generatedBy } = options;
  const catalogue = options.catalogue ?? defaultCatalogue;
  const { definition } = view;
  const footer = html`<p>
    Laget ${osloTime(generatedAt.toISOString())} av ${generatedBy} i Elements tilgang,
    Dokumentsenteret, Bodø kommune.
  </p>`;
  if (definition === null) {
    return printablePage(
      'Elements tilgang – tilgangsgjennomgang',
      html`<h1>Tilgangsgjennomgang</h1>
        <p>Ingen godtatt opprettelse av gjennomgangen.</p>
        ${anomalySection(view, names)} ${footer}`,
    );
  }
  const target = targetLabel(definition, catalogue);
  const kind = nb(campaignKindKey(definition.kind));
  return printablePage(
    `Elements tilgang – ${kind}: ${target}, frist ${norwegianDate(definition.deadline)}`,
    html`<h1>${kind}: ${target}</h1>
      <h2>Gjennomgangen</h2>
      ${factTable(campaignFacts(view, definition, names, catalogue))}
      <h2>Oppsummering</h2>
      ${factTable(summaryFacts(view))}
      <h2>Alle tilganger i gjennomgangen</h2>
      ${lineRows(view, names)}
      <h2>Tilganger som skal fjernes</h2>
      ${removalSection(view, names)}
      <h2>Ikke svart innen fristen</h2>
      ${unansweredSection(view, definition, names)}
      <h2>Utsendelser og påminnelser</h2>
      ${mailingSection(view, names)}
      <h2>Hendelser</h2>
      ${timelineSection(view, names)} ${anomalySection(view, names)} ${footer}`,
  );
}

function csvColumns(names: PersonNames): readonly CsvColumn<CampaignLineView>[] {
  return [
    ['Linje-id', (line) => line.line.lineId],
    ['Person', (line) => nameOf(names, line.line.person)],
    ['E-post', (line) => line.line.email ?? null],
    ['Modul/rolle', (line) => line.line.module],
    ['Underenhet', (line) => line.line.subUnit],
    ['Tilgang', (line) => line.line.right],
    [
      'I katalogen',
      (line) => (line.presence === 'present' ? 'Til stede' : presenceLabels[line.presence]),
    ],
    ['Svar', (line) => answerLabel(line.answer)],
    ['Kommentar', (line) => line.answer?.comment ?? null],
    ['Kanal', (line) => (line.answer === null ? null : channelLabels[line.answer.channel])],
    [
      'Registrert av',
      (line) => (line.answer === null ? null : nameOf(names, line.answer.recordedBy)),
    ],
    ['Besvart (norsk tid)', (line) => osloSortableTime(line.answer?.at ?? null)],
    ['For sent', (line) => lateLabel(line.answer)],
    ['Fjernet i', (line) => (line.removal === null ? null : placeLabels[line.removal.where])],
    ['Referanse for fjerning', (line) => line.removal?.reference ?? null],
    [
      'Fjerning bekreftet av',
      (line) => (line.removal === null ? null : nameOf(names, line.removal.by)),
    ],
    ['Fjerning bekreftet (norsk tid)', (line) => osloSortableTime(line.removal?.at ?? null)],
  ];
}

/** Every line of the campaign with its answer and removal, as RFC 4180 CSV with a header row. */
export function campaignCsv(view: CampaignView, names: PersonNames): string {
  return toCsv(csvColumns(names), view.lines);
}
