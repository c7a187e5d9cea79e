/** The smoke run's result as a plain-text table (for a terminal) or as JSON. */
import type { SmokeOptions } from './smoke-options.ts';
import type { SmokeReport } from './smoke-run.ts';

/** Words to lines of at most `width` characters (a longer word is cut). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  const words = text
    .split(/\s+/)
    .filter((part) => part !== '')
    // A path longer than its column is cut into pieces that fit.
    .flatMap((word) => word.match(new RegExp(`.{1,${Math.max(1, width)}}`, 'g')) ?? []);
  for (const word of words) {
    if (current === '') current = word;
    else if (current.length + 1 + word.length <= width) current = `${current} ${word}`;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current !== '' || lines.length === 0) lines.push(current);
  return lines;
}

/** A table with a header line, a rule, and cells wrapped to their column's width. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  widths: readonly number[],
): string {
  const render = (cells: readonly string[]) => {
    const wrapped = cells.map((cell, index) => wrap(cell, widths[index] ?? 20));
    const height = Math.max(...wrapped.map((lines) => lines.length));
    const out: string[] = [];
    for (let line = 0; line < height; line += 1) {
      out.push(
        wrapped
          .map((lines, index) => (lines[line] ?? '').padEnd(widths[index] ?? 20))
          .join(' | ')
          // Empty cells at the end of a continuation line leave no dangling separators.
          .replace(/(\s*\|)*\s*$/, ''),
      );
    }
    return out;
  };
  const rule = widths.map((width) => '-'.repeat(width)).join('-+-');
  return [...render(header), rule, ...rows.flatMap((cells) => render(cells))].join('\n');
}

export function formatSmokeReport(report: SmokeReport, options: SmokeOptions): string {
  const checks = formatTable(
    ['Check', 'Result', 'Evidence', 'What the product assumes'],
    report.rows.map((row) => [row.check, row.outcome.toUpperCase(), row.evidence, row.assumes]),
    [28, 7, 56, 40],
  );
  const calls = formatTable(
    ['Product call', 'Result', 'Request', 'Scopes', 'Evidence'],
    report.calls.map((call) => [
      call.id,
      call.outcome.toUpperCase(),
      `${call.method} ${call.path}${call.writes === 'nothing' ? '' : ` (writes: ${call.writes})`}`,
      call.scopes.join(' '),
      call.evidence,
    ]),
    [38, 7, 40, 20, 34],
  );
  const failing = report.rows.filter(
    (row) => row.relied && (row.outcome === 'fail' || row.outcome === 'not run'),
  );
  return [
    `Elements tilgang smoke run ${report.runId}: ${options.site}, ${options.mailbox}`,
    `${report.startedAt} – ${report.finishedAt}`,
    '',
    checks,
    '',
    calls,
    '',
    failing.length === 0
      ? 'Every check the product relies on passed.'
      : `Not confirmed: ${failing.map((row) => row.check).join('; ')}. Exit code 1.`,
  ].join('\n');
}

export function smokeReportJson(report: SmokeReport, options: SmokeOptions): string {
  return JSON.stringify(
    {
      tenant: options.tenant,
      site: options.site,
      mailbox: options.mailbox,
      ...(options.sharedMailbox === undefined ? {} : { sharedMailbox: options.sharedMailbox }),
      ...report,
    },
    null,
    2,
  );
}
