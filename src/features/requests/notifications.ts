/**
 * What the request desk tells people, and how: the triage channel's notice of
 * a new request (an Adaptive Card, or a mail to the channel's address), the
 * e-mails to whoever a step now waits for, and the order to Atea (R10).
 *
 * Rules every message here keeps (docs/decisions/010-triage-notification-route.md):
 * - No justification, confirmation, reason or answer text ever goes into a
 *   channel message or a mail: those texts are sensitive and live in the texts
 *   list behind item-level permissions. The link opens the request, where the
 *   reader sees only what the ledger lets them read.
 * - The triage notice names nobody and carries no service need: kind, base,
 *   grading, status, age, a short reference and the link. The channel is read
 *   by the whole Dokumentsenteret team; the queue behind the link shows more to
 *   those who may see it.
 * - All text from people or from configuration is escaped: HTML through the
 *   `html` template, Adaptive Card text through {@link cardText}.
 * - Mails are in Norwegian bokmål, the routine's language; they have no host
 *   locale to follow.
 */
import {
  findAccessCode,
  findBase,
  findElementsRole,
  type Catalogue,
} from '../../domain/catalogue.ts';
import { daysBetween, osloDate, type IsoDate } from '../../domain/dates.ts';
import { gradingKey, kindKey, rightKey, waitingKey } from '../../domain/labels.ts';
import { formatMessage, type DomainMessageKey } from '../../domain/messages.ts';
import type { RequestView, WaitingStep } from '../../domain/request-fold.ts';
import type { AccessRequest, ExternalConsultantOrder, RequestKind } from '../../domain/requests.ts';
import type { AdaptiveCard, ChannelNotifier } from '../../m365/channel-notifier.ts';
import { GraphError } from '../../m365/errors.ts';
import type { MailReference } from '../../m365/mail-reference.ts';
import { html, type SafeHtml } from '../../m365/safe-html.ts';

const nb = (key: DomainMessageKey): string => formatMessage('nb', key);

/** The Adaptive Card schema version Teams renders (1.5 and below). */
const CARD_VERSION = '1.5';

/**
 * Text for an Adaptive Card TextBlock or FactSet in Teams. Teams renders a
 * subset of Markdown there (emphasis, lists, links, headings in some clients)
 * and does not reliably honour backslash escapes, so characters that start
 * Markdown are replaced by a space rather than escaped; line breaks become
 * spaces so nothing can start a list or a heading. HTML-like text is not
 * interpreted by cards, but `<` and `>` go too, as some clients autolink them.
 * Only our own labels, catalogue names and ids reach the card today; this is
 * the guard for the day someone adds a name.
 */
export function cardText(value: string): string {
  return (
    value
      .replace(/[\\*_~`#[\]()<>|]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      // What is left that starts a list: "1. " or "1) ", "- " or "+ " at the start.
      .replace(/^(\d+)[.)](?=\s|$)/, '$1')
      .replace(/^[-+](?=\s|$)/, '')
      .trim()
  );
}

/** Only http(s) links are ever put in a message; anything else is left out. */
export function safeLink(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** `2026-11-28` -> `28.11.2026`, the Norwegian way. */
export function norwegianDate(date: IsoDate): string {
  const [year, month, day] = date.split('-');
  return `${day ?? ''}.${month ?? ''}.${year ?? ''}`;
}

/** A short reference people can read out on the phone; the full id is in the link. */
export function shortReference(requestId: string): string {
  return requestId
    .replace(/[^0-9a-zA-Z]/g, '')
    .slice(0, 8)
    .toUpperCase();
}

export function kindLabel(kind: RequestKind): string {
  return nb(kindKey(kind));
}

export function baseName(catalogue: Catalogue, baseId: string): string {
  return findBase(catalogue, baseId)?.name ?? baseId;
}

function gradingOf(request: AccessRequest): string | null {
  if (request.kind === 'folder-access') return nb(gradingKey(request.grading));
  if (request.kind === 'extended-access' && request.grading !== undefined) {
    return nb(gradingKey(request.grading));
  }
  // Case ownership of a personnel folder (R8) is personalsak by definition.
  if (request.kind === 'case-owner') return nb(gradingKey('personalsak'));
  return null;
}

function ageText(submittedAt: string | null, now: Date): string {
  if (submittedAt === null) return '';
  const submitted = osloDate(new Date(submittedAt));
  const days = daysBetween(submitted, osloDate(now));
  const when = days <= 0 ? 'i dag' : days === 1 ? 'i går' : `for ${days} dager siden`;
  return `${norwegianDate(submitted)} (${when})`;
}

function waitingText(step: WaitingStep | undefined): string {
  return step === undefined ? '' : nb(waitingKey(step));
}

/** Why the triage channel hears about a request. */
export type TriageOccasion = 'new' | 'ready-for-systemansvarlig';

export interface TriageNotice {
  /** For the card route. */
  readonly card: AdaptiveCard;
  /** Shown above the card in the channel. */
  readonly summary: SafeHtml;
  /** For the mail route. */
  readonly subject: string;
  readonly html: SafeHtml;
  readonly reference: MailReference;
}

interface Fact {
  readonly title: string;
  readonly value: string;
}

/**
 * The triage channel's notice for a request: the same facts on both routes.
 * Never the justification, the service need, or anyone's name.
 */
export function triageNotice(input: {
  readonly requestId: string;
  readonly view: RequestView;
  readonly occasion: TriageOccasion;
  readonly link: string;
  readonly catalogue: Catalogue;
  readonly now: Date;
}): TriageNotice | null {
  const { view, requestId, catalogue, now } = input;
  const request = view.request;
  if (request === null) return null;
  const kind = kindLabel(request.kind);
  const base = baseName(catalogue, request.base);
  const grading = gradingOf(request);
  const facts: Fact[] = [
    { title: 'Type', value: kind },
    { title: 'Base', value: base },
    ...(grading === null ? [] : [{ title: 'Gradering', value: grading }]),
    { title: 'Status', value: waitingText(view.waitingFor?.step) },
    { title: 'Sendt inn', value: ageText(view.submittedAt, now) },
    { title: 'Referanse', value: shortReference(requestId) },
  ];
  const heading =
    input.occasion === 'new' ? `Ny forespørsel: ${kind}` : `Klar for systemansvarlig: ${kind}`;
  const link = safeLink(input.link);
  const card: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: CARD_VERSION,
    body: [
      {
        type: 'TextBlock',
        text: cardText(heading),
        weight: 'Bolder',
        size: 'Medium',
        wrap: true,
      },
      {
        type: 'FactSet',
        facts: facts.map((fact) => ({ title: cardText(fact.title), value: cardText(fact.value) })),
      },
    ],
    ...(link === null
      ? {}
      : { actions: [{ type: 'Action.OpenUrl', title: 'Åpne forespørselen', url: link }] }),
  };
  const rows = facts.map(
    (fact) =>
      html`<tr>
        <th align="left">${fact.title}</th>
        <td>${fact.value}</td>
      </tr>`,
  );
  const body = html`<p><strong>${heading}</strong></p>
    <table>
      ${rows}
    </table>
    ${link === null ? html`` : html`<p><a href="${link}">Åpne forespørselen</a></p>`}`;
  return {
    card,
    summary: html`<p>${heading}</p>`,
    subject: `Elements tilgang – ${heading.charAt(0).toLowerCase()}${heading.slice(1)}, ${base}`,
    html: body,
    reference: { kind: 'triage-notice', requestId, occasion: input.occasion },
  };
}

/** A mail to one person (or a group's people) that a step waits for them, or that it ended. */
export interface StepMail {
  readonly subject: string;
  readonly html: SafeHtml;
  readonly reference: MailReference;
}

export type StepMailStep = 'leader' | 'arkivleder' | 'requester' | 'information-provided';

interface StepMailInput {
  readonly requestId: string;
  readonly request: AccessRequest;
  readonly link: string;
  readonly catalogue: Catalogue;
  /** Who is greeted (null: "Hei,"). */
  readonly recipientName: string | null;
  /** Who took the step that led here (the requester, the leader, ...). */
  readonly actorName: string;
  readonly subjectName: string;
}

function requestLine(input: StepMailInput): SafeHtml {
  const { request, catalogue } = input;
  const grading = gradingOf(request);
  const right = 'right' in request ? nb(rightKey(request.right)) : null;
  const details = [
    baseName(catalogue, request.base),
    ...(grading === null ? [] : [grading]),
    ...(right === null ? [] : [right]),
    ...('caseNumber' in request ? [`sak ${request.caseNumber}`] : []),
  ].join(', ');
  return html`${kindLabel(request.kind)} (${details})`;
}

function linkParagraph(link: string): SafeHtml {
  const safe = safeLink(link);
  return safe === null
    ? html``
    : html`<p><a href="${safe}">Åpne forespørselen i Elements tilgang</a></p>`;
}

function greeting(name: string | null): SafeHtml {
  return name === null ? html`<p>Hei,</p>` : html`<p>Hei ${name},</p>`;
}

const footer = html`<p style="color:#616161">
  Sendt av Elements tilgang for Dokumentsenteret, Bodø kommune. Begrunnelser og andre tekster i
  forespørselen står ikke i e-posten.
</p>`;

/**
 * R8: the leader is asked for their written confirmation of the service need.
 * Unlike every other step mail this one carries the employee's justification
 * (escaped): the leader must judge it and cannot read it in the lists
 * (decision 014). It goes from the employee's own mailbox to the leader only,
 * and the request travels with it as an attachment the app reads.
 */
export function leaderStepMail(
  input: StepMailInput & { readonly justification: string },
): StepMail {
  return {
    subject: `Venter på deg: bekreft tjenstlig behov for ${input.subjectName}`,
    html: html`${greeting(input.recipientName)}
      <p>
        ${input.actorName} har sendt en forespørsel om ${requestLine(input)} for
        ${input.subjectName}. Utvidet tilgang og sakseierskap til personalmapper krever at lederen
        bekrefter det tjenstlige behovet skriftlig før forespørselen går videre til arkivleder.
      </p>
      <p>Begrunnelsen fra ${input.actorName}:</p>
      <blockquote>${input.justification}</blockquote>
      ${linkParagraph(input.link)}
      <p style="color:#616161">
        Sendt av Elements tilgang for Dokumentsenteret, Bodø kommune, fra ${input.actorName}s egen
        e-post. E-posten er bare til deg: begrunnelsen står ikke i kanalen. Vedlegget leses av
        Elements tilgang; du trenger ikke åpne det.
      </p>`,
    reference: { kind: 'request-step', requestId: input.requestId, step: 'leader' },
  };
}

/** R8: after the leader's confirmation, the arkivleder decides. */
export function arkivlederStepMail(input: StepMailInput): StepMail {
  return {
    subject: `Venter på arkivleder: ${kindLabel(input.request.kind)} for ${input.subjectName}`,
    html: html`${greeting(input.recipientName)}
      <p>
        ${input.actorName} har bekreftet det tjenstlige behovet for ${requestLine(input)} for
        ${input.subjectName}. Forespørselen venter på din vurdering som arkivleder.
      </p>
      ${linkParagraph(input.link)} ${footer}`,
    reference: { kind: 'request-step', requestId: input.requestId, step: 'arkivleder' },
  };
}

/** The requester hears that the leader or the arkivleder stopped the request. */
export function refusedMail(
  input: StepMailInput & { readonly by: 'leader' | 'arkivleder'; readonly reason: string },
): StepMail {
  const who = input.by === 'leader' ? 'Lederen' : 'Arkivleder';
  return {
    subject: `Forespørselen din ble ikke godkjent: ${kindLabel(input.request.kind)}`,
    html: html`${greeting(input.recipientName)}
      <p>
        ${who} (${input.actorName}) godkjente ikke forespørselen om ${requestLine(input)} for
        ${input.subjectName}. Ta kontakt med ${input.actorName} hvis du har spørsmål.
      </p>
      <p>Begrunnelse:</p>
      <blockquote>${input.reason}</blockquote>
      ${linkParagraph(input.link)} ${footer}`,
    reference: { kind: 'request-step', requestId: input.requestId, step: 'requester' },
  };
}

/** The person who asked a question hears that it was answered. */
export function informationProvidedMail(input: StepMailInput): StepMail {
  return {
    subject: `Svar på spørsmålet ditt: ${kindLabel(input.request.kind)} for ${input.subjectName}`,
    html: html`${greeting(input.recipientName)}
      <p>
        ${input.actorName} har svart på spørsmålet ditt om ${requestLine(input)}. Forespørselen
        venter på deg igjen.
      </p>
      ${linkParagraph(input.link)} ${footer}`,
    reference: { kind: 'request-step', requestId: input.requestId, step: 'information-provided' },
  };
}

/**
 * R10: the order for an external consultant's account, to Atea. Atea cannot
 * open our link, so the mail carries the order itself (but not the service
 * need, which Atea has no use for).
 */
export function ateaOrderMail(input: {
  readonly requestId: string;
  readonly order: ExternalConsultantOrder;
  readonly catalogue: Catalogue;
  readonly orderedBy: string;
  readonly approvedBy: string;
  readonly agreedWith: string;
}): StepMail {
  const { order, catalogue } = input;
  const roles = order.roles.map((id) => findElementsRole(catalogue, id)?.name ?? id).join(', ');
  const codes = order.accessCodes
    .map((id) => {
      const code = findAccessCode(catalogue, id);
      return code === null ? id : `${code.code} (${code.name})`;
    })
    .join(', ');
  const rows: readonly (readonly [string, string])[] = [
    ['Navn', order.consultant.name],
    ['Firma', order.consultant.company],
    ['E-post', order.consultant.email],
    [
      'Periode',
      `${norwegianDate(order.period.start)} – ${norwegianDate(order.period.end)} (tilgangen skal avsluttes ved periodens slutt)`,
    ],
    ['Base', baseName(catalogue, order.base)],
    ['Administrativ enhet', order.administrativeUnit],
    ['Roller', roles],
    ['Tilgangskoder', codes === '' ? '–' : codes],
    ['Taushetserklæring', `Signert, oppbevares: ${order.confidentialityDeclaration.storedAt}`],
    ['Periode avtalt med', input.agreedWith],
    ['Bestilt av', input.orderedBy],
    ['Godkjent av systemansvarlig', input.approvedBy],
    ['Referanse', shortReference(input.requestId)],
  ];
  return {
    subject: `Bestilling av Elements-tilgang for ekstern konsulent: ${order.consultant.name} (${order.consultant.company})`,
    html: html`<p>Hei,</p>
      <p>
        Bodø kommune ber Atea opprette tilgang til Elements for en ekstern konsulent. Tilgangen er
        tidsbegrenset.
      </p>
      <table>
        ${rows.map(
          ([title, value]) =>
            html`<tr>
              <th align="left">${title}</th>
              <td>${value}</td>
            </tr>`,
        )}
      </table>
      <p>Svar til systemansvarlig i Dokumentsenteret når brukeren er opprettet.</p>`,
    reference: { kind: 'atea-order', requestId: input.requestId },
  };
}

/** The Dokumentsenteret team's triage channel (configuration). */
export interface TriageChannel {
  readonly teamId: string;
  readonly channelId: string;
  /** The channel's e-mail address: the route open to every requester. */
  readonly address: string;
}

/**
 * Posts the notice by the route the signed-in person can use (decision 010):
 * an Adaptive Card for members of the team, a mail to the channel's address
 * for everyone else. A member whose post is refused as a non-member (the
 * membership was read a moment ago, or from a cache) falls back to mail: a
 * 403 posted nothing. Any other failure is reported, never retried here: a
 * lost answer may mean the message is there, and a second one is worse than
 * none (the request is in the queue either way). Resolves true when the
 * channel was told.
 */
export async function sendTriageNotice(
  deps: {
    readonly channel: ChannelNotifier;
    readonly triage: TriageChannel;
    readonly isTeamMember: () => Promise<boolean>;
  },
  notice: TriageNotice,
): Promise<boolean> {
  try {
    const member = await deps.isTeamMember().catch(() => false);
    if (member) {
      try {
        await deps.channel.postCard(
          { teamId: deps.triage.teamId, channelId: deps.triage.channelId },
          notice.card,
          notice.summary,
        );
        return true;
      } catch (error) {
        if (!(error instanceof GraphError && error.kind === 'not-team-member')) throw error;
      }
    }
    await deps.channel.mailToChannel(
      deps.triage.address,
      notice.subject,
      notice.html,
      notice.reference,
    );
    return true;
  } catch (error) {
    warnNotSent('triage notice', error);
    return false;
  }
}

/**
 * A notice that could not be sent is not an error for the user (the step is
 * stored); it is logged for support with the failure's kind only, never with
 * names, addresses or texts.
 */
export function warnNotSent(what: string, error: unknown): void {
  const kind = error instanceof GraphError ? error.kind : 'unknown';
  console.warn(`Elements tilgang: ${what} not sent (${kind}).`);
}
