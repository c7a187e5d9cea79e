/**
 * What the triage desk tells people: the requester (and the ordering leader)
 * on every decision and on completion, and the channel thread's reply.
 *
 * Unlike the triage channel's notice (decision 010), a decision mail goes only
 * to people who are parties to the request, so it carries the reason or the
 * question where there is one: the requester must know why, or what to answer.
 * The channel reply names nobody and carries no text. All text is escaped by
 * the `html` template; mails are in Norwegian bokmål.
 */
import type { Catalogue } from '../../domain/catalogue.ts';
import { findBase } from '../../domain/catalogue.ts';
import { formatMessage } from '../../domain/messages.ts';
import { gradingKey, kindKey, rightKey } from '../../domain/labels.ts';
import type { AccessRequest } from '../../domain/requests.ts';
import { html, type SafeHtml } from '../../m365/safe-html.ts';
import { norwegianDate, safeLink, shortReference } from '../requests/notifications.ts';
import type { StepMail } from '../requests/notifications.ts';

export type TriageStep = 'approved' | 'rejected' | 'information-requested' | 'carried-out';

export interface DecisionMailInput {
  readonly requestId: string;
  readonly request: AccessRequest;
  readonly step: TriageStep;
  readonly link: string;
  readonly catalogue: Catalogue;
  /** Who is greeted (null: "Hei,"). */
  readonly recipientName: string | null;
  /** The systemansvarlig who took the step. */
  readonly actorName: string;
  /** Whom the access is for, from the directory (or the consultant's name). */
  readonly subjectName: string;
  /** The reason (rejection) or the question (information requested). */
  readonly text: string | null;
  /** For completion: where it is archived in Elements, and when it was granted. */
  readonly carriedOut: { readonly elementsReference: string; readonly on: string | null } | null;
  /** The grant's end date, for time-limited access. */
  readonly endDate: string | null;
}

function details(request: AccessRequest, catalogue: Catalogue): string {
  const grading =
    'grading' in request && request.grading !== undefined
      ? formatMessage('nb', gradingKey(request.grading))
      : null;
  return [
    findBase(catalogue, request.base)?.name ?? request.base,
    ...(grading === null ? [] : [grading]),
    ...('right' in request ? [formatMessage('nb', rightKey(request.right))] : []),
    ...('caseNumber' in request ? [`sak ${request.caseNumber}`] : []),
  ].join(', ');
}

const headline: Record<TriageStep, string> = {
  approved: 'Forespørselen er godkjent',
  rejected: 'Forespørselen ble avslått',
  'information-requested': 'Systemansvarlig trenger mer informasjon',
  'carried-out': 'Tilgangen er gitt i Elements (utført)',
};

export function decisionMail(input: DecisionMailInput): StepMail {
  const kind = formatMessage('nb', kindKey(input.request.kind));
  const what = html`${kind} (${details(input.request, input.catalogue)}) for ${input.subjectName}`;
  const link = safeLink(input.link);
  const greeting =
    input.recipientName === null ? html`<p>Hei,</p>` : html`<p>Hei ${input.recipientName},</p>`;
  let body: SafeHtml;
  switch (input.step) {
    case 'approved':
      body = html`<p>
        ${input.actorName} i Dokumentsenteret har godkjent forespørselen om ${what}. Tilgangen gis i
        Elements, og du får en ny e-post når det er gjort.
      </p>`;
      break;
    case 'rejected':
      body = html`<p>
          ${input.actorName} i Dokumentsenteret har avslått forespørselen om ${what}. Ta kontakt med
          ${input.actorName} hvis du har spørsmål.
        </p>
        <p>Begrunnelse:</p>
        <blockquote>${input.text ?? ''}</blockquote>`;
      break;
    case 'information-requested':
      body = html`<p>
          ${input.actorName} i Dokumentsenteret trenger mer informasjon før forespørselen om ${what}
          kan behandles. Svar i Elements tilgang; da går forespørselen tilbake til behandling.
        </p>
        <p>Spørsmål:</p>
        <blockquote>${input.text ?? ''}</blockquote>`;
      break;
    case 'carried-out':
      body = html`<p>
          ${input.actorName} i Dokumentsenteret har gitt tilgangen i Elements: ${what}. Status er nå
          «Utført».
        </p>
        <p>
          Arkivert i Elements:
          ${input.carriedOut?.elementsReference ?? ''}${
            input.carriedOut?.on ? html`, gitt ${norwegianDate(input.carriedOut.on)}` : html``
          }.
        </p>
        ${
          input.endDate === null
            ? html``
            : html`<p>Tilgangen er tidsbegrenset og avsluttes ${norwegianDate(input.endDate)}.</p>`
        }`;
      break;
  }
  return {
    subject: `Elements tilgang – ${headline[input.step]}: ${kind} (ref. ${shortReference(input.requestId)})`,
    html: html`${greeting} ${body}
      ${link === null ? html`` : html`<p><a href="${link}">Åpne forespørselen i Elements tilgang</a></p>`}
      <p style="color:#616161">Sendt av Elements tilgang for Dokumentsenteret, Bodø kommune.</p>`,
    reference: { kind: 'request-step', requestId: input.requestId, step: input.step },
  };
}

/** The reply under the request's announcement in the channel: what was decided, no names, no texts. */
export function channelReply(step: TriageStep, link: string): SafeHtml {
  const safe = safeLink(link);
  return html`<p>${headline[step]}.</p>
    ${safe === null ? html`` : html`<p><a href="${safe}">Åpne forespørselen</a></p>`}`;
}
