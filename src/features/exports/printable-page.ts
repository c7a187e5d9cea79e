/**
 * The frame of a printable record for archiving in Elements: one
 * self-contained HTML page (inline CSS with print styles, no scripts, no
 * external resources; a CSP meta forbids both even if markup slipped in),
 * and the Oslo-time formats the records use.
 */
import { html, type SafeHtml } from '../../m365/safe-html.ts';

const osloDateTime = new Intl.DateTimeFormat('nb-NO', {
  timeZone: 'Europe/Oslo',
  dateStyle: 'short',
  timeStyle: 'short',
});

/** `2026-11-28T09:05:00Z` as Oslo time for people, `28.11.2026, 10:05`; empty for null. */
export function osloTime(iso: string | null): string {
  if (iso === null) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : osloDateTime.format(date);
}

const osloParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Oslo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `2026-11-28T09:05:00Z` as sortable Oslo time for a spreadsheet, `2026-11-28 10:05`; empty for null. */
export function osloSortableTime(iso: string | null): string {
  if (iso === null) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    osloParts.formatToParts(date).find((entry) => entry.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
}

/** A two-column table of facts: a heading cell and a value per row. */
export function factTable(rows: readonly (readonly [string, string | SafeHtml])[]): SafeHtml {
  return html`<table class="facts">
    ${rows.map(
      ([title, value]) =>
        html`<tr>
          <th scope="row">${title}</th>
          <td>${value}</td>
        </tr>`,
    )}
  </table>`;
}

/** A table with a header row; each row is its cells, already escaped by `html`. */
export function dataTable(
  headings: readonly string[],
  rows: readonly (readonly (string | SafeHtml)[])[],
): SafeHtml {
  return html`<table>
    <thead>
      <tr>
        ${headings.map((heading) => html`<th scope="col">${heading}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (cells) =>
          html`<tr>
            ${cells.map((cell) => html`<td>${cell}</td>`)}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

/** The whole page: `title` in the tab and the PDF's name, `body` as built by the caller. */
export function printablePage(title: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="nb">
      <head>
        <meta charset="utf-8" />
        <meta
          http-equiv="Content-Security-Policy"
          content="default-src 'none'; style-src 'unsafe-inline'"
        />
        <meta name="referrer" content="no-referrer" />
        <title>${title}</title>
        <style>
          body {
            font-family:
              Segoe UI,
              Arial,
              sans-serif;
            font-size: 10pt;
            margin: 2cm;
            color: #000;
            background: #fff;
          }
          h1 {
            font-size: 16pt;
          }
          h2 {
            font-size: 13pt;
            margin-top: 1.5em;
            page-break-after: avoid;
          }
          table {
            border-collapse: collapse;
            width: 100%;
          }
          th,
          td {
            border: 1px solid #888;
            padding: 3px 5px;
            text-align: left;
            vertical-align: top;
            overflow-wrap: anywhere;
          }
          thead {
            display: table-header-group;
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
          @page {
            size: A4 landscape;
            margin: 1.5cm;
          }
          @media print {
            body {
              margin: 0;
            }
          }
        </style>
      </head>
      <body>
        ${body}
      </body>
    </html>`.html;
}
