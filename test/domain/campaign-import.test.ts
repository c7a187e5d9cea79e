// @vitest-environment node
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { demoPeople } from '../../emulator/directory-data.ts';
import {
  cleanLines,
  decodeCampaignFile,
  dropBadRows,
  importCampaignFile,
  maxCampaignFileBytes,
  type CampaignFileEncoding,
  type CsvDelimiter,
  type ImportedLine,
} from '../../src/domain/campaign-import.ts';
import { formatReason } from '../../src/domain/messages.ts';

/** Windows-1252 is Latin-1 outside 0x80-0x9F; the tests only write characters where both agree. */
function windows1252(text: string): Uint8Array {
  return Uint8Array.from(text, (char) => {
    const code = char.codePointAt(0) ?? 0;
    if (code > 0xff || (code >= 0x80 && code <= 0x9f)) throw new Error(`not in the test's 1252`);
    return code;
  });
}

function utf16(text: string, littleEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, 0xfeff, littleEndian);
  for (let index = 0; index < text.length; index += 1) {
    view.setUint16(2 + index * 2, text.charCodeAt(index), littleEndian);
  }
  return bytes;
}

function encode(text: string, encoding: CampaignFileEncoding): Uint8Array {
  switch (encoding) {
    case 'utf-8':
      return new TextEncoder().encode(text);
    case 'utf-8-bom':
      return new TextEncoder().encode(`\uFEFF${text}`);
    case 'utf-16le':
      return utf16(text, true);
    case 'utf-16be':
      return utf16(text, false);
    case 'windows-1252':
      return windows1252(text);
  }
}

const importText = (text: string, encoding: CampaignFileEncoding = 'utf-8') =>
  importCampaignFile(encode(text, encoding));

const header = 'Navn;E-post;Organisasjon;Rettighet';
const ola = 'Ola Hansen;ola.hansen@bodo.example;Bodø kommune - Skolekontoret;send';
const lise = 'Lise Olsen;lise.olsen@bodo.example;Bodø kommune - Byggesak;send';
const olaLine: Omit<ImportedLine, 'line'> = {
  name: 'Ola Hansen',
  email: 'ola.hansen@bodo.example',
  subUnit: 'Bodø kommune - Skolekontoret',
  right: 'send',
};

describe('decodeCampaignFile', () => {
  it('reads Windows-1252 as Excel on a Norwegian Windows saves it (ø as the byte 0xF8)', () => {
    const bytes = Uint8Array.from([0x42, 0x6f, 0x64, 0xf8, 0x20, 0xe6, 0xe5, 0xc6, 0xd8, 0xc5]);
    expect(decodeCampaignFile(bytes)).toEqual({
      ok: true,
      text: 'Bodø æåÆØÅ',
      encoding: 'windows-1252',
    });
  });

  it.each<CampaignFileEncoding>(['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be'])(
    'reads %s, without the byte-order mark',
    (encoding) => {
      expect(decodeCampaignFile(encode('Bodø;Sæther;Åse', encoding))).toEqual({
        ok: true,
        text: 'Bodø;Sæther;Åse',
        encoding,
      });
    },
  );

  it('refuses an empty file, or one with only a byte-order mark and blank lines', () => {
    for (const bytes of [new Uint8Array(), encode('\r\n \r\n', 'utf-8-bom')]) {
      const decoded = decodeCampaignFile(bytes);
      expect(decoded.ok).toBe(false);
      if (!decoded.ok)
        expect(decoded.problem).toMatchObject({ key: 'import.empty', scope: 'file' });
    }
  });

  it('refuses a file over 2 MB, and takes one of exactly 2 MB', () => {
    const tooLarge = decodeCampaignFile(new Uint8Array(maxCampaignFileBytes + 1).fill(0x61));
    expect(tooLarge).toEqual({
      ok: false,
      problem: { key: 'import.tooLarge', scope: 'file', line: null, params: { max: 2 } },
    });
    expect(decodeCampaignFile(new Uint8Array(maxCampaignFileBytes).fill(0x61)).ok).toBe(true);
  });
});

describe('importCampaignFile', () => {
  it('reads a Windows-1252 file with æøå in names and sub-units', () => {
    const result = importText(
      `${header}\r\nÅse Hovland;ase.hovland@bodo.example;Bodø kommune - Økonomi;send\r\n`,
      'windows-1252',
    );
    expect(result.encoding).toBe('windows-1252');
    expect(result.problems).toEqual([]);
    expect(result.rows).toEqual([
      {
        line: 2,
        name: 'Åse Hovland',
        email: 'ase.hovland@bodo.example',
        subUnit: 'Bodø kommune - Økonomi',
        right: 'send',
      },
    ]);
  });

  it('reads UTF-8 with a byte-order mark: the mark is not part of the first header', () => {
    const result = importText(`${header}\n${ola}\n`, 'utf-8-bom');
    expect(result.encoding).toBe('utf-8-bom');
    expect(result.problems).toEqual([]);
    expect(result.rows).toEqual([{ line: 2, ...olaLine }]);
  });

  it.each<[string, CsvDelimiter]>([
    ['semicolon', ';'],
    ['comma', ','],
    ['tab', '\t'],
    ['pipe', '|'],
  ])('finds the %s delimiter from the header line', (_name, delimiter) => {
    const text = [header, ola, lise].map((line) => line.replaceAll(';', delimiter)).join('\n');
    const result = importText(text);
    expect(result.delimiter).toBe(delimiter);
    expect(result.problems).toEqual([]);
    expect(result.rows.map((row) => row.name)).toEqual(['Ola Hansen', 'Lise Olsen']);
  });

  it('reads quoted fields holding the delimiter, doubled quotes and line breaks', () => {
    const text = [
      header,
      '"Hansen; Ola";ola.hansen@bodo.example;"Bodø kommune - Skolekontoret, ""PPT""";"send\r\nles"',
    ].join('\r\n');
    const result = importText(text);
    expect(result.problems).toEqual([]);
    expect(result.rows).toEqual([
      {
        line: 2,
        name: 'Hansen; Ola',
        email: 'ola.hansen@bodo.example',
        subUnit: 'Bodø kommune - Skolekontoret, "PPT"',
        right: 'send\r\nles',
      },
    ]);
  });

  it.each([
    ['CRLF', '\r\n'],
    ['LF', '\n'],
    ['CR', '\r'],
  ])(
    'counts physical lines with %s line ends, blank and delimiter-only lines included',
    (_n, eol) => {
      const text = [header, '', ola, ';;;', '   ', lise, ''].join(eol);
      const result = importText(text);
      expect(result.problems).toEqual([]);
      expect(result.rows.map((row) => [row.line, row.name])).toEqual([
        [3, 'Ola Hansen'],
        [6, 'Lise Olsen'],
      ]);
    },
  );

  it('skips blank lines before the header', () => {
    const result = importText(`\r\n\r\n${header}\r\n${ola}`);
    expect(result.problems).toEqual([]);
    expect(result.rows).toEqual([{ line: 4, ...olaLine }]);
  });

  it('tolerates a trailing delimiter on the header and on rows', () => {
    const result = importText(`${header};\n${ola};\n${lise};;\n`);
    expect(result.problems).toEqual([]);
    expect(result.rows).toHaveLength(2);
  });

  it('reports a bad row on the line where its record starts, after a quoted line break', () => {
    const text = [
      header,
      'Ola Hansen;ola.hansen@bodo.example;"Bodø kommune -',
      'Skolekontoret";send',
      lise,
      'Ingrid Berg;ingrid.berg(at)bodo.example;Bodø kommune - Skolekontoret;send',
      '"Per',
      '',
      'Johansen";per.johansen@bodo.example;Bodø kommune - Byggesak;send',
    ].join('\r\n');
    const result = importText(text);
    expect(result.problems).toEqual([
      {
        key: 'import.badEmail',
        scope: 'row',
        line: 5,
        field: 'email',
        column: 2,
        params: { value: 'ingrid.berg(at)bodo.example' },
      },
    ]);
    expect(result.rows.map((row) => row.line)).toEqual([2, 4, 6]);
    expect(result.rows[2]?.name).toBe('Per\r\n\r\nJohansen');
  });

  it('maps Norwegian and English headers whatever their case, diacritics and punctuation', () => {
    const text = [
      'FULLT NAVN|E-Mail|Sub-unit|Rolle|Modul|Kommentar',
      'Ola Hansen|ola.hansen@bodo.example|Skolekontoret|send|SvarUt|ny i år',
      'Lise Olsen|lise.olsen@bodo.example|Byggesak|send||',
    ].join('\n');
    const result = importText(text);
    expect(result.problems).toEqual([]);
    expect(result.columns).toEqual({ name: 1, email: 2, subUnit: 3, right: 4, module: 5 });
    expect(result.rows).toEqual([
      {
        line: 2,
        name: 'Ola Hansen',
        email: 'ola.hansen@bodo.example',
        subUnit: 'Skolekontoret',
        right: 'send',
        module: 'SvarUt',
      },
      {
        line: 3,
        name: 'Lise Olsen',
        email: 'lise.olsen@bodo.example',
        subUnit: 'Byggesak',
        right: 'send',
      },
    ]);
  });

  it.each([
    ['Navn;Epostadresse;Underenhet;Tilgang'],
    ['name,email,organisation,right'],
    ['Person;Mail;Virksomhet;Rettigheter'],
    ['Name;E-post;Enhet;Role'],
    ['navn;epost;organisasjon;rettighet'],
  ])('recognises the header %j', (headerLine) => {
    const delimiter = headerLine.includes(',') ? ',' : ';';
    const result = importText(`${headerLine}\n${ola.replaceAll(';', delimiter)}`);
    expect(result.problems).toEqual([]);
    expect(result.rows).toHaveLength(1);
  });

  it('prefers the sub-unit column when the file has both organisation and sub-unit', () => {
    const result = importText(
      'Navn;E-post;Organisasjon;Underenhet;Rettighet\nOla Hansen;ola.hansen@bodo.example;Bodø kommune;Skolekontoret;send',
    );
    expect(result.problems).toEqual([]);
    expect(result.rows[0]?.subUnit).toBe('Skolekontoret');
  });

  it('reports two columns that mean the same, and imports nothing', () => {
    const result = importText(`Navn;E-post;E-mail;Organisasjon;Rettighet\n${ola};x`);
    expect(result.problems).toEqual([
      {
        key: 'import.duplicateColumn',
        scope: 'file',
        line: 1,
        field: 'email',
        column: 3,
        params: { first: 'E-post', second: 'E-mail' },
      },
    ]);
    expect(result.rows).toEqual([]);
  });

  it('reports a missing column once for the file, not once per row', () => {
    const result = importText(
      'Navn;Organisasjon;Rettighet\nOla Hansen;Skolekontoret;send\nLise Olsen;Byggesak;send',
    );
    expect(result.problems).toEqual([
      { key: 'import.missingColumn.email', scope: 'file', line: 1, field: 'email' },
    ]);
    expect(result.rows).toEqual([]);
    expect(dropBadRows(result)).toBeNull();
  });

  it('reports every missing column of a file without a recognisable header', () => {
    const result = importText(`${ola}\n${lise}`);
    expect(result.problems.map((problem) => problem.key)).toEqual([
      'import.missingColumn.name',
      'import.missingColumn.email',
      'import.missingColumn.subUnit',
      'import.missingColumn.right',
    ]);
  });

  it('reports a header with no rows under it as empty', () => {
    const result = importText(`${header}\r\n\r\n;;;\r\n`);
    expect(result.problems).toEqual([{ key: 'import.empty', scope: 'file', line: 1 }]);
  });

  it('reports a repeated row (e-mail, sub-unit and right in any case) and keeps the first', () => {
    const result = importText(
      [
        header,
        ola,
        lise,
        'Ola  Hansen;OLA.HANSEN@bodo.example; bodø kommune - skolekontoret ;SEND',
        'Ola Hansen;ola.hansen@bodo.example;Bodø kommune - Skolekontoret;les',
      ].join('\n'),
    );
    expect(result.problems).toEqual([
      { key: 'import.duplicate', scope: 'row', line: 4, params: { firstLine: 2 } },
    ]);
    expect(result.rows.map((row) => [row.line, row.right])).toEqual([
      [2, 'send'],
      [3, 'send'],
      [5, 'les'],
    ]);
  });

  it('reports empty required cells with the column as the file names it', () => {
    const result = importText(`${header}\n ;ola.hansen@bodo.example;;send\n`);
    expect(result.problems).toEqual([
      {
        key: 'import.required',
        scope: 'row',
        line: 2,
        field: 'name',
        column: 1,
        params: { column: 'Navn' },
      },
      {
        key: 'import.required',
        scope: 'row',
        line: 2,
        field: 'subUnit',
        column: 3,
        params: { column: 'Organisasjon' },
      },
    ]);
    expect(result.rows).toEqual([]);
  });

  it('takes values up to the lengths of a campaign line and reports longer ones', () => {
    const at = (subUnit: string, right: string) =>
      importText(`${header}\nOla Hansen;ola.hansen@bodo.example;${subUnit};${right}`);
    expect(at('s'.repeat(200), 'r'.repeat(100)).rows).toHaveLength(1);
    expect(at('s'.repeat(201), 'r'.repeat(101)).problems).toEqual([
      {
        key: 'import.tooLong',
        scope: 'row',
        line: 2,
        field: 'subUnit',
        column: 3,
        params: { column: 'Organisasjon', max: 200 },
      },
      {
        key: 'import.tooLong',
        scope: 'row',
        line: 2,
        field: 'right',
        column: 4,
        params: { column: 'Rettighet', max: 100 },
      },
    ]);
  });

  it('reports a row with too few fields, or with extra values, but not one with empty extras', () => {
    const result = importText(
      [header, 'Ola Hansen;ola.hansen@bodo.example;send', `${lise};ekstra`, `${lise};;`].join('\n'),
    );
    expect(result.problems).toEqual([
      { key: 'import.fieldCount', scope: 'row', line: 2, params: { found: 3, expected: 4 } },
      { key: 'import.fieldCount', scope: 'row', line: 3, params: { found: 5, expected: 4 } },
    ]);
    expect(result.rows.map((row) => row.line)).toEqual([4]);
  });

  it.each([
    `=cmd|' /C calc'!A0`,
    '=HYPERLINK("http://evil.example","Klikk")',
    '+47 755 55 000',
    '-2+3',
    '@SUM(A1:A2)',
  ])('keeps the formula-like cell %j as plain text', (cell) => {
    const quoted = `"${cell.replaceAll('"', '""')}"`;
    const result = importText(`${header}\n${quoted};ola.hansen@bodo.example;${quoted};send`);
    expect(result.problems).toEqual([]);
    expect(result.rows[0]).toMatchObject({ name: cell, subUnit: cell });
  });

  it('reports a quote that never closes, instead of swallowing the rest of the file', () => {
    const result = importText(
      [header, ola, '"Lise Olsen;lise.olsen@bodo.example;x;send', ola].join('\n'),
    );
    expect(result.problems).toEqual([{ key: 'import.unclosedQuote', scope: 'file', line: 3 }]);
    expect(result.rows).toEqual([]);
  });

  it('takes 5,000 rows, and refuses 5,001 with one problem at the first row too many', () => {
    const rows = (count: number) =>
      Array.from(
        { length: count },
        (_, index) => `Person ${index};p${index}@bodo.example;Bodø kommune - Kultur;send`,
      );
    const full = importText([header, ...rows(5000)].join('\r\n'));
    expect(full.problems).toEqual([]);
    expect(full.rows).toHaveLength(5000);

    const over = importText([header, ...rows(5001)].join('\r\n'));
    expect(over.problems).toEqual([
      {
        key: 'import.tooManyRows',
        scope: 'file',
        line: 5002,
        params: { count: 5001, max: 5000 },
      },
    ]);
    expect(over.rows).toEqual([]);
  });

  it('gives problems that render as domain messages in both languages', () => {
    const [problem] = importText(`${header}\nOla Hansen;ola;x;send`).problems;
    expect(problem).toBeDefined();
    if (problem === undefined) return;
    expect(formatReason('nb', problem)).toBe('«ola» er ikke en gyldig e-postadresse.');
    expect(formatReason('en', problem)).toBe('“ola” is not a valid e-mail address.');
  });
});

describe('what to import', () => {
  const mixed = importText([header, ola, 'Lise Olsen;lise;Byggesak;send', ola].join('\n'));

  it('imports nothing while the file has problems', () => {
    expect(cleanLines(mixed)).toBeNull();
    expect(cleanLines(importText(`${header}\n${ola}`))).toEqual([{ line: 2, ...olaLine }]);
  });

  it('leaves out the bad rows only when asked, and says which lines', () => {
    expect(dropBadRows(mixed)).toEqual({ lines: [{ line: 2, ...olaLine }], droppedLines: [3, 4] });
  });

  it('drops nothing when the file as a whole is wrong, or no row is valid', () => {
    expect(dropBadRows(importText(`Navn;E-post;Rettighet\n${ola}`))).toBeNull();
    expect(dropBadRows(importText(`${header}\nOla Hansen;ola;x;send`))).toBeNull();
    expect(dropBadRows(importCampaignFile(new Uint8Array()))).toBeNull();
  });
});

describe('round trip', () => {
  const headerNames = {
    name: ['Navn', 'Fullt navn', 'Name', 'PERSON'],
    email: ['E-post', 'Epost', 'E-mail', 'Email', 'Mail', 'E-postadresse'],
    subUnit: ['Organisasjon', 'Org', 'Enhet', 'Underenhet', 'Virksomhet', 'Sub-unit'],
    right: ['Rettighet', 'Rettigheter', 'Right', 'Tilgang', 'Rolle', 'Role'],
    module: ['Modul', 'Module'],
  } as const;
  type Field = keyof typeof headerNames;

  /**
   * Windows-1252 text stays within ASCII and the letters 0xC0-0xFF: bytes
   * 0x80-0xBF would let some Latin-1 strings pass as valid UTF-8 ("Ã¸" is the
   * UTF-8 for "ø"), which no real Norwegian export has.
   */
  const latinChars = [
    ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
    ...'æøåÆØÅéèüÖ',
    ...` ;,|\t"'=+-@/()!\n\r`,
  ];
  const unicodeChars = [...latinChars, 'ŋ', '€', '–', 'č', '😀'];

  const valueArb = (chars: readonly string[], maxLength: number) =>
    fc
      .string({ unit: fc.constantFrom(...chars), minLength: 1, maxLength })
      .filter((value) => value.trim() === value && value !== '');
  const emailArb = fc
    .tuple(
      fc.stringMatching(/^[a-z0-9]{1,8}(\.[a-z0-9]{1,8})?$/),
      fc.stringMatching(/^[a-z0-9]{1,8}\.[a-z]{2,4}$/),
    )
    .map(([local, domain]) => `${local}@${domain}`);

  const fileArb = fc
    .record({
      encoding: fc.constantFrom<CampaignFileEncoding>(
        'utf-8',
        'utf-8-bom',
        'windows-1252',
        'utf-16le',
        'utf-16be',
      ),
      delimiter: fc.constantFrom<CsvDelimiter>(';', ',', '\t', '|'),
      eol: fc.constantFrom('\r\n', '\n', '\r'),
      withModule: fc.boolean(),
      quoteAll: fc.boolean(),
      trailingEol: fc.boolean(),
    })
    .chain((settings) => {
      const chars = settings.encoding === 'windows-1252' ? latinChars : unicodeChars;
      const fields: readonly Field[] = settings.withModule
        ? ['name', 'email', 'subUnit', 'right', 'module']
        : ['name', 'email', 'subUnit', 'right'];
      const row = fc.record({
        name: valueArb(chars, 20),
        email: emailArb,
        subUnit: valueArb(chars, 30),
        right: valueArb(chars, 10),
        module: valueArb(chars, 10),
        blankBefore: fc.boolean(),
      });
      return fc.record({
        settings: fc.constant(settings),
        order: fc.shuffledSubarray([...fields], {
          minLength: fields.length,
          maxLength: fields.length,
        }),
        headers: fc.record({
          name: fc.constantFrom(...headerNames.name),
          email: fc.constantFrom(...headerNames.email),
          subUnit: fc.constantFrom(...headerNames.subUnit),
          right: fc.constantFrom(...headerNames.right),
          module: fc.constantFrom(...headerNames.module),
        }),
        rows: fc.uniqueArray(row, {
          minLength: 1,
          maxLength: 12,
          selector: (r) =>
            [r.email, r.subUnit, r.right, settings.withModule ? r.module : '']
              .join('\u0000')
              .toLowerCase(),
        }),
      });
    });

  it('parses any valid rows back, with any supported delimiter, encoding and line end', () => {
    fc.assert(
      fc.property(fileArb, ({ settings, order, headers, rows }) => {
        const { delimiter, eol } = settings;
        const cell = (value: string): string =>
          settings.quoteAll || /["\r\n]/.test(value) || value.includes(delimiter)
            ? `"${value.replaceAll('"', '""')}"`
            : value;
        const breaks = (value: string): number => value.match(/\r\n|\r|\n/g)?.length ?? 0;

        let text = order.map((field) => headers[field]).join(delimiter);
        let line = 1;
        const expected: ImportedLine[] = [];
        for (const row of rows) {
          const values: Record<Field, string> = row;
          text += eol;
          line += 1;
          if (row.blankBefore) {
            text += eol;
            line += 1;
          }
          text += order.map((field) => cell(values[field])).join(delimiter);
          const { name, email, subUnit, right, module } = row;
          expected.push({
            line,
            name,
            email,
            subUnit,
            right,
            ...(settings.withModule ? { module } : {}),
          });
          line += order.reduce((sum, field) => sum + breaks(values[field]), 0);
        }
        if (settings.trailingEol) text += eol;

        const result = importCampaignFile(encode(text, settings.encoding));
        expect(result.problems).toEqual([]);
        expect(result.delimiter).toBe(delimiter);
        expect(result.rows).toEqual(expected);
        // eslint-disable-next-line no-control-regex
        const ascii = /^[\u0000-\u007f]*$/.test(text);
        expect(result.encoding).toBe(
          settings.encoding === 'windows-1252' && ascii ? 'utf-8' : settings.encoding,
        );
      }),
      { numRuns: 300 },
    );
  });
});

describe('the e2e fixture svarut-25.csv', () => {
  const bytes = readFileSync(new URL('../e2e/fixtures/svarut-25.csv', import.meta.url));
  const result = importCampaignFile(new Uint8Array(bytes));

  it('is a Windows-1252, semicolon-separated KS Fiks export with æøå as single bytes', () => {
    expect(result.encoding).toBe('windows-1252');
    expect(result.delimiter).toBe(';');
    expect(bytes.includes(0xf8)).toBe(true);
    expect(result.columns).toEqual({ name: 1, email: 2, subUnit: 3, right: 4 });
  });

  it('has 26 valid rows and one bad e-mail address on line 15', () => {
    expect(result.rows).toHaveLength(26);
    expect(result.problems).toEqual([
      {
        key: 'import.badEmail',
        scope: 'row',
        line: 15,
        field: 'email',
        column: 2,
        params: { value: 'kjetil.saetherbodo.example' },
      },
    ]);
  });

  it('lists 25 demo people by their demo addresses, Ola Hansen twice, and not Sigrid Lund', () => {
    const mailOf = new Map(demoPeople.map((person) => [person.mail, person.displayName]));
    for (const row of result.rows) {
      expect(mailOf.get(row.email), row.email).toBe(row.name);
      expect(row.right).toBe('send');
      expect(row.subUnit).toMatch(/^Bodø kommune - /);
    }
    const emails = result.rows.map((row) => row.email);
    expect(new Set(emails).size).toBe(25);
    expect(emails.filter((email) => email === 'ola.hansen@bodo.example')).toHaveLength(2);
    expect(emails).toContain('lise.olsen@bodo.example');
    expect(emails).toContain('ingrid.berg@bodo.example');
    expect(emails).not.toContain('sigrid.lund@bodo.example');
  });
});
