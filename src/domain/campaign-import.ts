import { campaignLineSchema } from './campaigns.ts';
import type { DomainMessageKey, MessageParams } from './messages.ts';
import { personRefSchema } from './person.ts';

/**
 * Import of access-review campaign lines (issue 6) from a CSV file exported
 * from KS Fiks or Elements: who (name, e-mail) has which right in which
 * organisation / sub-unit, optionally in which module.
 *
 * Nothing here throws on a bad file: every fault is an `ImportProblem` with
 * the physical line where the record starts (the header is line 1), so
 * systemansvarlig can find it in Excel or Notepad. Valid rows come back with
 * their line numbers; the UI imports nothing until the file is clean
 * (`cleanLines`) or the user deliberately leaves out the bad rows
 * (`dropBadRows`). Cell values are kept as written (trimmed): a cell that
 * looks like a spreadsheet formula stays plain text here and is escaped when
 * exported.
 */

/** 2 MB: a KS Fiks export of 5,000 lines is well under 1 MB. */
export const maxCampaignFileBytes = 2 * 1024 * 1024;
export const maxCampaignImportRows = 5000;
/** RFC 5321's limit on a forward path; `campaignLineSchema` itself sets none. */
const maxEmailLength = 254;

export type CampaignFileEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export type CsvDelimiter = ';' | ',' | '\t' | '|';
/** In order of preference when the header has as many of two: Norwegian Excel writes `;`. */
export const csvDelimiters: readonly CsvDelimiter[] = [';', ',', '\t', '|'];

export type ImportField = 'name' | 'email' | 'subUnit' | 'right' | 'module';

export type ImportProblemKey = Extract<DomainMessageKey, `import.${string}`>;

/**
 * Something wrong with the file. Shaped like a `Reason` (key, params, field),
 * so `formatReason` renders it; the texts leave the line number to the UI.
 */
export interface ImportProblem {
  readonly key: ImportProblemKey;
  /**
   * `file`: nothing can be imported until the file is fixed. `row`: the row is
   * left out of `rows`, and `dropBadRows` may import the others.
   */
  readonly scope: 'file' | 'row';
  /** 1-based physical line where the record starts (header = 1); null when the file could not be read. */
  readonly line: number | null;
  readonly field?: ImportField;
  /** 1-based column position in the file (A = 1 in Excel). */
  readonly column?: number;
  readonly params?: MessageParams;
}

/** A valid row, as written in the file (trimmed). */
export interface ImportedLine {
  /** 1-based physical line where the record starts. */
  readonly line: number;
  readonly name: string;
  readonly email: string;
  readonly subUnit: string;
  readonly right: string;
  /** Only when the file has a module column and the cell is not empty. */
  readonly module?: string;
}

export type DecodedCampaignFile =
  | { readonly ok: true; readonly text: string; readonly encoding: CampaignFileEncoding }
  | { readonly ok: false; readonly problem: ImportProblem };

export interface ParsedCampaignCsv {
  /** Null when the text was empty. */
  readonly delimiter: CsvDelimiter | null;
  /** Where each recognised field was found (1-based column). */
  readonly columns: Readonly<Partial<Record<ImportField, number>>>;
  /** The valid rows; a row with any problem is not here. */
  readonly rows: readonly ImportedLine[];
  readonly problems: readonly ImportProblem[];
}

export interface CampaignImport extends ParsedCampaignCsv {
  /** Null when the file could not be read (empty or too large). */
  readonly encoding: CampaignFileEncoding | null;
}

const fileProblem = (
  key: ImportProblemKey,
  line: number | null,
  extra: Pick<ImportProblem, 'field' | 'column' | 'params'> = {},
): ImportProblem => ({ key, scope: 'file', line, ...extra });

const rowProblem = (
  key: ImportProblemKey,
  line: number,
  extra: Pick<ImportProblem, 'field' | 'column' | 'params'> = {},
): ImportProblem => ({ key, scope: 'row', line, ...extra });

const startsWith = (bytes: Uint8Array, prefix: readonly number[]): boolean =>
  bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte);

/**
 * Decodes an uploaded file. A byte-order mark decides (UTF-8, UTF-16 LE/BE);
 * otherwise bytes that are valid UTF-8 are UTF-8, and anything else is
 * Windows-1252, which is what Excel on a Norwegian Windows writes ("Bodø" with
 * ø as the single byte 0xF8).
 */
export function decodeCampaignFile(bytes: Uint8Array): DecodedCampaignFile {
  if (bytes.length > maxCampaignFileBytes) {
    return {
      ok: false,
      problem: fileProblem('import.tooLarge', null, {
        params: { max: maxCampaignFileBytes / (1024 * 1024) },
      }),
    };
  }
  const decoded = decode(bytes);
  if (decoded.text.trim() === '') {
    return { ok: false, problem: fileProblem('import.empty', null) };
  }
  return { ok: true, ...decoded };
}

function decode(bytes: Uint8Array): { text: string; encoding: CampaignFileEncoding } {
  // TextDecoder drops a byte-order mark that matches its encoding.
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8-bom' };
  }
  if (startsWith(bytes, [0xff, 0xfe])) {
    return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  }
  if (startsWith(bytes, [0xfe, 0xff])) {
    return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

/** Decodes and parses an uploaded file: the one call the UI needs before it shows the result. */
export function importCampaignFile(bytes: Uint8Array): CampaignImport {
  const decoded = decodeCampaignFile(bytes);
  if (!decoded.ok) {
    return { encoding: null, delimiter: null, columns: {}, rows: [], problems: [decoded.problem] };
  }
  return { encoding: decoded.encoding, ...parseCampaignCsv(decoded.text) };
}

// ---------------------------------------------------------------------------
// CSV (RFC 4180, read leniently where Excel and KS Fiks differ from it)

interface CsvRecord {
  /** Physical line where the record starts. */
  readonly line: number;
  readonly fields: readonly string[];
}

interface CsvRead {
  readonly records: readonly CsvRecord[];
  /** Line of the record whose quoted field runs to the end of the file, if any. */
  readonly unclosedQuoteLine: number | null;
}

/**
 * The delimiter is the candidate that occurs most often outside quotes in the
 * header line; on a tie (or none at all) the earlier in `csvDelimiters`.
 */
function detectDelimiter(text: string): CsvDelimiter {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best: CsvDelimiter = ';';
  for (const candidate of csvDelimiters) {
    if ((counts.get(candidate) ?? 0) > (counts.get(best) ?? 0)) best = candidate;
  }
  return best;
}

/**
 * Splits text into records: quoted fields may hold the delimiter, doubled
 * quotes and line breaks; CRLF, LF and CR each end a line. Text after a
 * closing quote is kept as written, and a quote inside an unquoted field is an
 * ordinary character, as Excel reads them.
 */
function readCsv(text: string, delimiter: CsvDelimiter): CsvRead {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let fieldStart = true;
  let line = 1;
  let recordLine = 1;
  let index = 0;

  const endRecord = (): void => {
    fields.push(field);
    records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    fieldStart = true;
  };

  while (index < text.length) {
    const char = text[index];
    if (fieldStart && char === '"') {
      index += 1;
      let closed = false;
      while (index < text.length) {
        const inner = text[index];
        if (inner === '"') {
          if (text[index + 1] === '"') {
            field += '"';
            index += 2;
            continue;
          }
          index += 1;
          closed = true;
          break;
        }
        if (inner === '\r' && text[index + 1] === '\n') {
          line += 1;
          field += '\r\n';
          index += 2;
          continue;
        }
        if (inner === '\r' || inner === '\n') line += 1;
        field += inner;
        index += 1;
      }
      if (!closed) {
        endRecord();
        return { records, unclosedQuoteLine: recordLine };
      }
      fieldStart = false;
      continue;
    }
    if (char === delimiter) {
      fields.push(field);
      field = '';
      fieldStart = true;
      index += 1;
    } else if (char === '\r' || char === '\n') {
      endRecord();
      index += char === '\r' && text[index + 1] === '\n' ? 2 : 1;
      line += 1;
      recordLine = line;
    } else {
      field += char;
      fieldStart = false;
      index += 1;
    }
  }
  if (fields.length > 0 || field !== '' || !fieldStart) endRecord();
  return { records, unclosedQuoteLine: null };
}

/** Blank lines, and rows Excel writes as nothing but delimiters, carry no data. */
const isBlank = (record: CsvRecord): boolean => record.fields.every((cell) => cell.trim() === '');

// ---------------------------------------------------------------------------
// Header

/** Case, diacritics, spaces and punctuation do not matter: "E-post" = "epost", "Sub-unit" = "subunit". */
export function normaliseHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]/g, '');
}

/**
 * Header aliases per field, normalised, in ranks: when a file has columns of
 * two ranks (KS Fiks may list both "Organisasjon" and "Underenhet"), the
 * first rank wins. Two columns of the same rank are ambiguous.
 */
const headerAliases: Readonly<Record<ImportField, readonly (readonly string[])[]>> = {
  name: [['navn', 'fulltnavn', 'name', 'fullname', 'displayname', 'visningsnavn'], ['person']],
  email: [
    ['epost', 'epostadresse', 'email', 'emailaddress', 'mail', 'mailadresse', 'emailadresse'],
  ],
  subUnit: [
    ['underenhet', 'subunit', 'organisasjonunderenhet', 'organisationsubunit'],
    ['enhet', 'unit', 'organisasjonsenhet', 'orgenhet'],
    ['organisasjon', 'organisation', 'organization', 'org', 'virksomhet'],
  ],
  right: [
    ['rettighet', 'rettigheter', 'right', 'rights'],
    ['tilgang', 'tilganger', 'access'],
    ['rolle', 'roller', 'role', 'roles'],
  ],
  module: [['modul', 'moduler', 'module', 'modules']],
};

const importFields: readonly ImportField[] = ['name', 'email', 'subUnit', 'right', 'module'];
const requiredFields: readonly ImportField[] = ['name', 'email', 'subUnit', 'right'];

const missingColumnKey: Readonly<Record<ImportField, ImportProblemKey | null>> = {
  name: 'import.missingColumn.name',
  email: 'import.missingColumn.email',
  subUnit: 'import.missingColumn.subUnit',
  right: 'import.missingColumn.right',
  module: null,
};

interface HeaderMap {
  /** 0-based index of each recognised field. */
  readonly indexes: Partial<Record<ImportField, number>>;
  readonly problems: readonly ImportProblem[];
}

function mapHeader(headers: readonly string[]): HeaderMap {
  const normalised = headers.map(normaliseHeader);
  const indexes: Partial<Record<ImportField, number>> = {};
  const problems: ImportProblem[] = [];
  for (const field of importFields) {
    for (const rank of headerAliases[field]) {
      const found = normalised.flatMap((name, index) => (rank.includes(name) ? [index] : []));
      const [first, second] = found;
      if (first === undefined) continue;
      if (second !== undefined) {
        problems.push(
          fileProblem('import.duplicateColumn', 1, {
            field,
            column: second + 1,
            params: { first: headers[first]?.trim() ?? '', second: headers[second]?.trim() ?? '' },
          }),
        );
      }
      indexes[field] = first;
      break;
    }
  }
  for (const field of requiredFields) {
    const key = missingColumnKey[field];
    if (indexes[field] === undefined && key !== null) {
      problems.push(fileProblem(key, 1, { field }));
    }
  }
  return { indexes, problems };
}

// ---------------------------------------------------------------------------
// Rows

const emailSchema = campaignLineSchema.shape.email.unwrap();
const maxLengths: Readonly<Record<ImportField, number>> = {
  name: personRefSchema.shape.displayName.unwrap().maxLength ?? 256,
  email: maxEmailLength,
  subUnit: campaignLineSchema.shape.subUnit.maxLength ?? 200,
  right: campaignLineSchema.shape.right.maxLength ?? 100,
  module: campaignLineSchema.shape.module.maxLength ?? 64,
};

/** Enough of a bad value to find it, not a whole pasted paragraph. */
const shown = (value: string): string => (value.length > 80 ? `${value.slice(0, 79)}…` : value);

/**
 * Reads decoded CSV text into campaign lines and problems. File problems
 * (no header, missing columns, too many rows, an unclosed quote) stop the
 * row checks: with them, no row can be trusted.
 */
export function parseCampaignCsv(text: string): ParsedCampaignCsv {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const empty = (problem: ImportProblem): ParsedCampaignCsv => ({
    delimiter: null,
    columns: {},
    rows: [],
    problems: [problem],
  });
  if (body.trim() === '') return empty(fileProblem('import.empty', null));

  const delimiter = detectDelimiter(body.slice(body.search(/[^\r\n]/)));
  const read = readCsv(body, delimiter);
  const records = read.records.filter((record) => !isBlank(record));
  const [header, ...data] = records;
  const result = (
    columns: ParsedCampaignCsv['columns'],
    rows: readonly ImportedLine[],
    problems: readonly ImportProblem[],
  ): ParsedCampaignCsv => ({ delimiter, columns, rows, problems });

  if (read.unclosedQuoteLine !== null) {
    return result({}, [], [fileProblem('import.unclosedQuote', read.unclosedQuoteLine)]);
  }
  if (header === undefined) return empty(fileProblem('import.empty', null));

  const headers = dropTrailingEmpty(header.fields);
  const map = mapHeader(headers);
  const columns = Object.fromEntries(
    Object.entries(map.indexes).map(([field, index]) => [field, index + 1]),
  );
  if (map.problems.length > 0) return result(columns, [], map.problems);
  if (data.length === 0) return result(columns, [], [fileProblem('import.empty', header.line)]);
  const excess = data[maxCampaignImportRows];
  if (excess !== undefined) {
    return result(
      columns,
      [],
      [
        fileProblem('import.tooManyRows', excess.line, {
          params: { count: data.length, max: maxCampaignImportRows },
        }),
      ],
    );
  }

  const rows: ImportedLine[] = [];
  const problems: ImportProblem[] = [];
  const firstLineOf = new Map<string, number>();
  for (const record of data) {
    const checked = checkRow(record, headers, map.indexes);
    if (!checked.ok) {
      problems.push(...checked.problems);
      continue;
    }
    const row = checked.row;
    const identity = [row.email, row.subUnit, row.right, row.module ?? '']
      .map((part) => part.toLowerCase())
      .join('\u0000');
    const firstLine = firstLineOf.get(identity);
    if (firstLine !== undefined) {
      problems.push(rowProblem('import.duplicate', row.line, { params: { firstLine } }));
      continue;
    }
    firstLineOf.set(identity, row.line);
    rows.push(row);
  }
  return result(columns, rows, problems);
}

function dropTrailingEmpty(fields: readonly string[]): readonly string[] {
  let end = fields.length;
  while (end > 0 && (fields[end - 1] ?? '').trim() === '') end -= 1;
  return fields.slice(0, end);
}

type CheckedRow =
  | { readonly ok: true; readonly row: ImportedLine }
  | { readonly ok: false; readonly problems: readonly ImportProblem[] };

function checkRow(
  record: CsvRecord,
  headers: readonly string[],
  indexes: Partial<Record<ImportField, number>>,
): CheckedRow {
  const { line } = record;
  // A trailing delimiter (or a few) adds empty fields: tolerated.
  const fields =
    record.fields.length > headers.length &&
    record.fields.slice(headers.length).every((cell) => cell.trim() === '')
      ? record.fields.slice(0, headers.length)
      : record.fields;
  if (fields.length !== headers.length) {
    return {
      ok: false,
      problems: [
        rowProblem('import.fieldCount', line, {
          params: { found: fields.length, expected: headers.length },
        }),
      ],
    };
  }

  const problems: ImportProblem[] = [];
  const values: Partial<Record<ImportField, string>> = {};
  for (const field of importFields) {
    const index = indexes[field];
    if (index === undefined) continue;
    const value = (fields[index] ?? '').trim();
    const where = {
      field,
      column: index + 1,
      params: { column: (headers[index] ?? '').trim() },
    };
    if (value === '') {
      if (field !== 'module') problems.push(rowProblem('import.required', line, where));
      continue;
    }
    if (value.length > maxLengths[field]) {
      problems.push(
        rowProblem('import.tooLong', line, {
          ...where,
          params: { ...where.params, max: maxLengths[field] },
        }),
      );
      continue;
    }
    if (field === 'email' && !emailSchema.safeParse(value).success) {
      problems.push(
        rowProblem('import.badEmail', line, { ...where, params: { value: shown(value) } }),
      );
      continue;
    }
    values[field] = value;
  }
  const { name, email, subUnit, right, module } = values;
  if (
    problems.length > 0 ||
    name === undefined ||
    email === undefined ||
    subUnit === undefined ||
    right === undefined
  ) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    row:
      module === undefined
        ? { line, name, email, subUnit, right }
        : { line, name, email, subUnit, right, module },
  };
}

// ---------------------------------------------------------------------------
// What to import

/** The lines to import when the file has no problem at all; otherwise null. */
export function cleanLines(result: CampaignImport): readonly ImportedLine[] | null {
  return result.problems.length === 0 ? result.rows : null;
}

/**
 * The user has chosen to leave out the rows with problems: the valid rows,
 * and the lines left out. Null when no row is valid, or when a problem with
 * the file as a whole makes every row doubtful (missing column, unclosed
 * quote, too many rows…).
 */
export function dropBadRows(
  result: CampaignImport,
): { readonly lines: readonly ImportedLine[]; readonly droppedLines: readonly number[] } | null {
  if (result.rows.length === 0 || result.problems.some((problem) => problem.scope === 'file')) {
    return null;
  }
  const droppedLines = [
    ...new Set(result.problems.flatMap((problem) => (problem.line === null ? [] : [problem.line]))),
  ].sort((a, b) => a - b);
  return { lines: result.rows, droppedLines };
}
