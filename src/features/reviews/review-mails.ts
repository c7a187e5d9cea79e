/**
 * The review e-mail (R11, R12): one per person, listing every line of theirs
 * in the campaign, in Norwegian bokmål. It says how to answer: with the
 * "Elements tilgang" button in Outlook (per line), or by a plain reply whose
 * first line is JA/BEHOLD (keep all) or NEI/FJERN (remove all). A reminder is
 * the same mail with a reminder headline. All text is escaped by `html`.
 */
import {
  findReviewModule,
  findReviewedRole,
  findBase,
  type Catalogue,
} from '../../domain/catalogue.ts';
import type { CampaignDefinition, CampaignLine } from '../../domain/campaigns.ts';
import { html, type SafeHtml } from '../../m365/safe-html.ts';
import { norwegianDate } from '../requests/notifications.ts';

export function targetName(definition: CampaignDefinition, catalogue: Catalogue): string {
  return definition.kind === 'quarterly-module'
    ? (findReviewModule(catalogue, definition.target)?.name ?? definition.target)
    : (findReviewedRole(catalogue, definition.target)?.name ?? definition.target);
}

export interface ReviewMailInput {
  readonly definition: CampaignDefinition;
  readonly catalogue: Catalogue;
  readonly recipientName: string;
  readonly lines: readonly CampaignLine[];
  readonly reminder: boolean;
  /** Who sends (systemansvarlig), for the signature. */
  readonly senderName: string;
}

export function reviewMail(input: ReviewMailInput): { subject: string; html: SafeHtml } {
  const { definition, catalogue, lines, reminder } = input;
  const target = targetName(definition, catalogue);
  const base = findBase(catalogue, definition.base)?.name ?? definition.base;
  const what =
    definition.kind === 'quarterly-module'
      ? `kvartalsvis gjennomgang av tilgang til ${target}`
      : `årlig gjennomgang av rollen ${target} i ${base}`;
  const subject = `${reminder ? 'Påminnelse: ' : ''}Bekreft tilgangen din til ${target} innen ${norwegianDate(definition.deadline)}`;
  const rows = lines.map(
    (line) =>
      html`<tr>
        <td style="padding:4px 8px;border:1px solid #ccc">${line.subUnit}</td>
        <td style="padding:4px 8px;border:1px solid #ccc">${line.right}</td>
      </tr>`,
  );
  return {
    subject,
    html: html`<div style="font-family:Segoe UI,Arial,sans-serif;font-size:14px">
      <p>Hei ${input.recipientName},</p>
      ${reminder ? html`<p><strong>Vi har ikke fått svar fra deg ennå.</strong></p>` : html``}
      <p>Dette er ${what}. Du har i dag denne tilgangen:</p>
      <table style="border-collapse:collapse">
        <thead>
          <tr>
            <th style="padding:4px 8px;border:1px solid #ccc;text-align:left">
              Organisasjon / underenhet
            </th>
            <th style="padding:4px 8px;border:1px solid #ccc;text-align:left">Rettighet</th>
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>
      <p>
        Trenger du fortsatt tilgangen i jobben din? Svar innen
        <strong>${norwegianDate(definition.deadline)}</strong>:
      </p>
      <ul>
        <li>
          I Outlook: trykk på knappen <strong>Elements tilgang</strong> og velg
          <em>Behold</em> eller <em>Fjern</em> for hver linje.
        </li>
        <li>
          Eller svar på denne e-posten med <strong>JA</strong> (behold alt) eller
          <strong>NEI</strong> (fjern alt) på første linje.
        </li>
      </ul>
      <p>Tilgang du ikke trenger, blir fjernet. Sluttet eller byttet stilling? Svar NEI.</p>
      <p>Hilsen<br />${input.senderName}<br />Systemansvarlig for Elements, Dokumentsenteret</p>
    </div>`,
  };
}
