/**
 * CSV for the app's downloads (the triage queue, a review campaign's report),
 * one implementation: RFC 4180 (CRLF line ends, every field quoted, quotes
 * doubled, so commas and line breaks in a field are safe), and a cell that a
 * spreadsheet would read as a formula (= + - @, tab, CR) gets a leading single
 * quote (OWASP's CSV-injection advice). The UTF-8 BOM that Excel needs is
 * added where the file is saved, not here.
 */

export type CsvValue = string | number | null;

/** A column: its heading and how a row fills it. */
export type CsvColumn<Row> = readonly [title: string, value: (row: Row) => CsvValue];

/** One CSV cell: a formula-looking value is defused, every cell quoted. */
export function csvCell(value: CsvValue): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** `rows` as CSV under a header row of the column titles; every record ends in CRLF. */
export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string {
  const lines = [
    columns.map(([title]) => csvCell(title)).join(','),
    ...rows.map((row) => columns.map(([, value]) => csvCell(value(row))).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
