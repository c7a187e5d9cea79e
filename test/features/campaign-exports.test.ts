// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { foldCampaign, type CampaignView } from '../../src/domain/campaign-fold.ts';
import type { CampaignLine } from '../../src/domain/campaigns.ts';
import type { LedgerEvent, RecordedEvent } from '../../src/domain/events.ts';
import type { PersonRef } from '../../src/domain/person.ts';
import { csvCell, toCsv } from '../../src/features/exports/csv.ts';
import { campaignCsv, campaignReportHtml } from '../../src/features/reviews/campaign-exports.ts';
import { people, recorded } from '../domain/fixtures.ts';

const day = (date: string, time = '09:00:00'): string => `${date}T${time}Z`;
const inCampaign = { streamId: 'campaign-1' };

const names: Record<string, string> = {
  [people.ola.id]: 'Ola Hansen',
  [people.lise.id]: 'Lise Olsen',
  [people.ingrid.id]: 'Ingrid Berg',
  [people.per.id]: 'Per Johansen',
  [people.sigrid.id]: 'Sigrid Lund',
  [people.anders.id]: 'Anders Moe',
};

interface Texts {
  readonly subUnit?: string;
  readonly right?: string;
  readonly comment?: string;
}

function line(
  lineId: string,
  person: PersonRef,
  subUnit: string,
  right: string,
  email?: string,
): CampaignLine {
  return { lineId, person, module: 'svarut', subUnit, right, ...(email ? { email } : {}) };
}

/**
 * A quarterly SvarUt review, deadline 21 March 2025: Ola keeps one line and removes another
 * (confirmed in KS Fiks), Lise's e-mail reply says remove (recorded by Anders, not confirmed),
 * Ingrid answers late in Teams, Per never answers; Sigrid closes it with an archive reference.
 */
function history(texts: Texts = {}): RecordedEvent[] {
  const lines = [
    line('l-ola-1', people.ola, 'Skolekontoret', 'send', 'ola.hansen@bodo.example'),
    line('l-ola-2', people.ola, texts.subUnit ?? 'Oppvekst', texts.right ?? 'full'),
    line('l-lise', people.lise, 'Byggesak', 'send', 'lise.olsen@bodo.example'),
    line('l-ingrid', people.ingrid, 'Skolekontoret', 'send'),
    line('l-per', people.per, 'Plan og miljø', 'send', 'per.johansen@bodo.example'),
  ];
  const by = (event: LedgerEvent, author: PersonRef, when: string) =>
    recorded(event, author, when, inCampaign);
  const mailed = [people.ola, people.lise, people.ingrid, people.per].map((person) =>
    by(
      {
        type: 'campaign.mail-sent',
        payload: {
          personId: person.id,
          lineIds: lines.filter((item) => item.person.id === person.id).map((item) => item.lineId),
        },
      },
      people.sigrid,
      day('2025-03-03', '10:00:00'),
    ),
  );
  return [
    by(
      {
        type: 'campaign.created',
        payload: {
          campaign: {
            kind: 'quarterly-module',
            target: 'svarut',
            base: 'bodo',
            deadline: '2025-03-21',
            reminderEveryDays: 7,
          },
        },
      },
      people.sigrid,
      day('2025-03-03'),
    ),
    ...lines.map((item) =>
      by(
        { type: 'campaign.line-added', payload: { line: item } },
        people.sigrid,
        day('2025-03-03', '09:01:00'),
      ),
    ),
    ...mailed,
    by(
      {
        type: 'campaign.answered',
        payload: {
          answers: [
            { lineId: 'l-ola-1', decision: 'keep' },
            {
              lineId: 'l-ola-2',
              decision: 'remove',
              comment: texts.comment ?? 'Byttet oppgaver i januar.',
            },
          ],
          channel: 'task-pane',
        },
      },
      people.ola,
      day('2025-03-04'),
    ),
    by(
      {
        type: 'campaign.reply-recorded',
        payload: {
          personId: people.lise.id,
          decision: 'remove',
          messageId: '<nei@bodo>',
          evidence: {
            from: 'lise.olsen@bodo.example',
            internetMessageId: '<nei@bodo>',
            receivedAt: day('2025-03-05', '08:50:00'),
          },
        },
      },
      people.anders,
      day('2025-03-05'),
    ),
    by(
      { type: 'campaign.reminded', payload: { personId: people.ingrid.id } },
      people.sigrid,
      day('2025-03-10', '10:00:00'),
    ),
    by(
      {
        type: 'campaign.removal-confirmed',
        payload: { lineId: 'l-ola-2', where: 'ks-fiks', reference: 'KS-4711' },
      },
      people.sigrid,
      day('2025-03-12', '13:30:00'),
    ),
    by(
      {
        type: 'campaign.answered',
        payload: { answers: [{ lineId: 'l-ingrid', decision: 'keep' }], channel: 'tab' },
      },
      people.ingrid,
      day('2025-03-24', '08:15:00'),
    ),
    by(
      { type: 'campaign.closed', payload: { outcome: 'completed', reportReference: '2025/123-4' } },
      people.sigrid,
      day('2025-03-28'),
    ),
  ];
}

function view(texts: Texts = {}): CampaignView {
  return foldCampaign(history(texts), new Date(day('2025-03-30')));
}

const generatedAt = new Date(day('2025-03-28', '09:05:00'));

function report(campaign: CampaignView, reportNames: Record<string, string> = names): string {
  return campaignReportHtml(campaign, {
    names: reportNames,
    generatedAt,
    generatedBy: 'Sigrid Lund',
  });
}

/** The text of the `<section>` that follows the heading `title`, tags stripped. */
function section(page: string, title: string): string {
  const start = page.indexOf(`<h2>${title}</h2>`);
  if (start < 0) throw new Error(`no section ${title}`);
  const end = page.indexOf('<h2>', start + 4);
  return page
    .slice(start, end < 0 ? undefined : end)
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
}

/** The table rows of a section, each as its cells' text. */
function rows(page: string, title: string): string[][] {
  const start = page.indexOf(`<h2>${title}</h2>`);
  const end = page.indexOf('<h2>', start + 4);
  const part = page.slice(start, end < 0 ? undefined : end);
  return [...part.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) =>
      (cell[1] ?? '')
        .replace(/<[^>]+>/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    ),
  );
}

/** An RFC 4180 reader: quoted fields with doubled quotes, CRLF records, line breaks inside quotes. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      index += 1;
    } else field += char;
  }
  if (field !== '' || record.length > 0) throw new Error('the last record has no CRLF');
  return records;
}

describe('campaignReportHtml', () => {
  it('describes the campaign: kind, module, base, deadline, creator, outcome and archive reference', () => {
    const page = report(view());
    const about = section(page, 'Gjennomgangen');
    expect(page).toContain('<h1>Kvartalsvis gjennomgang av modul: SvarUt</h1>');
    expect(about).toContain('Modul SvarUt');
    expect(about).toContain('Frist for å svare 21.03.2025');
    expect(about).not.toContain('fristen er passert');
    expect(about).toMatch(/Opprettet 03\.03\.2025,? 10:00 av Sigrid Lund/);
    expect(about).toContain('Status Avsluttet');
    expect(about).toMatch(/Utfall Fullført av Sigrid Lund 28\.03\.2025,? 10:00/);
    expect(about).toContain('Arkivreferanse i Elements 2025/123-4');
    expect(about).toContain('Gjennomgangens id campaign-1');
    expect(page).toMatch(/Laget 28\.03\.2025,? 10:05 av Sigrid Lund/);
    expect(page).toContain(
      '<title>Elements tilgang – Kvartalsvis gjennomgang av modul: SvarUt, frist 21.03.2025</title>',
    );
  });

  it('counts the lines and lists every line with its answer, channel, time and removal', () => {
    const page = report(view());
    expect(rows(page, 'Oppsummering')).toEqual([
      ['Tilganger i gjennomgangen', '5'],
      ['Personer', '4'],
      ['Beholdes', '2'],
      ['Skal fjernes', '2'],
      ['Ikke svart', '1'],
      ['Fjerning bekreftet', '1'],
      ['Fjerning ikke bekreftet ennå', '1'],
      ['Sluttet (ikke spurt)', '0'],
      ['Byttet enhet eller leder (ikke spurt)', '0'],
    ]);
    const table = rows(page, 'Alle tilganger i gjennomgangen');
    expect(table[0]).toEqual([
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
    ]);
    // ICU versions differ on a comma between date and time; compare without it.
    const byLine = table
      .slice(1)
      .map((cells) => cells.map((cell) => cell.replace(/(\d{4}), (\d{2}:\d{2})/g, '$1 $2')));
    expect(byLine).toEqual([
      [
        'Ola Hansen',
        'ola.hansen@bodo.example',
        'Skolekontoret',
        'send',
        'Behold',
        '',
        'Oppgaverute i Outlook',
        '04.03.2025 10:00',
        'Nei',
        '',
      ],
      [
        'Ola Hansen',
        '',
        'Oppvekst',
        'full',
        'Fjern',
        'Byttet oppgaver i januar.',
        'Oppgaverute i Outlook',
        '04.03.2025 10:00',
        'Nei',
        'KS Fiks, referanse KS-4711, av Sigrid Lund 12.03.2025 14:30',
      ],
      [
        'Lise Olsen',
        'lise.olsen@bodo.example',
        'Byggesak',
        'send',
        'Fjern',
        '',
        'Svar på e-post (registrert av Anders Moe)',
        '05.03.2025 10:00',
        'Nei',
        '',
      ],
      [
        'Ingrid Berg',
        '',
        'Skolekontoret',
        'send',
        'Behold',
        '',
        'Fanen i Teams',
        '24.03.2025 09:15',
        'Ja',
        '',
      ],
      [
        'Per Johansen',
        'per.johansen@bodo.example',
        'Plan og miljø',
        'send',
        'Ikke svart',
        '',
        '',
        '',
        '',
        '',
      ],
    ]);
  });

  it('lists the access to remove, the non-answers after the deadline, mailings and every event', () => {
    const page = report(view());
    const removals = rows(page, 'Tilganger som skal fjernes').slice(1);
    expect(removals.map((cells) => [cells[0], cells[1], cells[5]])).toEqual([
      ['Ola Hansen', 'Oppvekst', expect.stringContaining('KS Fiks, referanse KS-4711')],
      ['Lise Olsen', 'Byggesak', 'Ikke bekreftet ennå'],
    ]);
    expect(rows(page, 'Ikke svart innen fristen').slice(1)).toEqual([
      ['Per Johansen', 'per.johansen@bodo.example', 'Plan og miljø', 'send', 'Ikke fjernet'],
    ]);
    const mailings = rows(page, 'Utsendelser og påminnelser').slice(1);
    expect(mailings.find((cells) => cells[0] === 'Ingrid Berg')).toEqual([
      'Ingrid Berg',
      expect.stringMatching(/^03\.03\.2025,? 11:00$/),
      expect.stringMatching(/^10\.03\.2025,? 11:00$/),
      'Ja',
    ]);
    const events = rows(page, 'Hendelser').slice(1);
    expect(events).toHaveLength(1 + 5 + 4 + 6);
    expect(events.map((cells) => cells[1])).toEqual(
      expect.arrayContaining([
        'Gjennomgangen ble opprettet',
        'Tilgang lagt til i gjennomgangen',
        'E-post om gjennomgangen sendt',
        'Svar registrert',
        'Svar på e-post registrert',
        'Påminnelse sendt',
        'Fjerning bekreftet',
        'Gjennomgangen ble avsluttet',
      ]),
    );
    expect(events.at(-1)).toEqual([
      expect.stringMatching(/^28\.03\.2025,? 10:00$/),
      'Gjennomgangen ble avsluttet',
      'Sigrid Lund',
    ]);
    expect(events.find((cells) => cells[1] === 'Svar på e-post registrert')?.[2]).toBe(
      'Anders Moe',
    );
    expect(page).not.toContain('Avvik');
  });

  it('says so while the deadline has not passed, and flags an open campaign past it', () => {
    const early = foldCampaign(history().slice(0, 12), new Date(day('2025-03-10')));
    expect(section(report(early), 'Ikke svart innen fristen')).toContain(
      'Fristen (21.03.2025) er ikke passert ennå.',
    );
    expect(section(report(early), 'Gjennomgangen')).toContain('Utfall Ikke avsluttet');
    expect(section(report(early), 'Gjennomgangen')).toContain(
      'Arkivreferanse i Elements Ikke registrert',
    );
    const late = foldCampaign(history().slice(0, -1), new Date(day('2025-03-30')));
    expect(section(report(late), 'Gjennomgangen')).toContain('21.03.2025 (fristen er passert)');
  });

  it('names an annual role review by the role, and falls back to the event’s name and the id', () => {
    const created = recorded(
      {
        type: 'campaign.created',
        payload: {
          campaign: {
            kind: 'annual-role',
            target: 'ar1',
            base: 'bodo',
            deadline: '2025-12-31',
            reminderEveryDays: 14,
          },
        },
      },
      people.sigrid,
      day('2025-12-01'),
      { streamId: 'campaign-2' },
    );
    const added = recorded(
      {
        type: 'campaign.line-added',
        payload: { line: { ...line('l-x', people.hilde, 'Bodø', 'AR1'), module: 'ar1' } },
      },
      people.sigrid,
      day('2025-12-01', '09:01:00'),
      { streamId: 'campaign-2' },
    );
    const page = report(foldCampaign([created, added], new Date(day('2025-12-02'))), {});
    expect(page).toContain('<h1>Årlig gjennomgang av rolle: AR1</h1>');
    expect(section(page, 'Gjennomgangen')).toContain('Rolle AR1');
    // No name in `names`: the display name copied in the event, else the id.
    expect(section(page, 'Gjennomgangen')).toContain('av Sigrid Lund');
    expect(rows(page, 'Alle tilganger i gjennomgangen')[1]?.[0]).toBe('Hilde Arnesen');
    expect(section(page, 'Ikke svart innen fristen')).toContain('er ikke passert ennå');
    expect(section(page, 'Tilganger som skal fjernes')).toContain('Ingen tilganger skal fjernes.');
  });

  it('prints a page for a stream without an accepted creation, with the anomaly', () => {
    const [created] = history();
    if (created === undefined) throw new Error('no event');
    // Ola cannot add to the Systemansvarlig list: a modified client can only use a staff list.
    const byOla = { ...created, author: people.ola, list: 'requests' as const };
    const page = report(foldCampaign([byOla], new Date(day('2025-03-10'))));
    expect(page).toContain('Ingen godtatt opprettelse av gjennomgangen.');
    expect(section(page, 'Avvik (hendelser som ikke teller)')).toContain('Ola Hansen');
  });

  it('escapes markup in names, sub-units and comments, and is self-contained', () => {
    const campaign = view({
      subUnit: '<img src=x onerror=alert(1)>',
      comment: 'Ikke "lenger" nødvendig & <script>alert(1)</script>',
    });
    const page = report(campaign, {
      ...names,
      [people.ola.id]: 'Ola <b onmouseover="alert(1)">Hansen</b>',
    });
    expect(page).not.toContain('<script');
    expect(page).not.toContain('<img');
    expect(page).not.toContain('<b ');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain(
      'Ikke &quot;lenger&quot; nødvendig &amp; &lt;script&gt;alert(1)&lt;/script&gt;',
    );
    expect(page).toContain('Ola &lt;b onmouseover=&quot;alert(1)&quot;&gt;Hansen&lt;/b&gt;');
    // No script and no external resource: a CSP meta forbids both, and nothing is linked.
    expect(page.replace(/\s+/g, ' ')).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'" />`,
    );
    expect(page).not.toMatch(/<(script|link|iframe|object|embed)\b/i);
    expect(page).not.toMatch(/<[^>]*\s(src|href|on\w+)=/i);
    expect(page).toContain('@media print');
    expect(page.startsWith('<!doctype html>')).toBe(true);
  });
});

describe('campaignCsv', () => {
  it('has a header and one CRLF record per line, every field quoted, and parses back', () => {
    const comment = 'Første linje\r\nAndre "linje", med komma';
    const csv = campaignCsv(view({ comment }), names);
    expect(csv.endsWith('\r\n')).toBe(true);
    const records = parseCsv(csv);
    expect(records).toHaveLength(6);
    const [header, ...lines] = records;
    expect(header).toEqual([
      'Linje-id',
      'Person',
      'E-post',
      'Modul/rolle',
      'Underenhet',
      'Tilgang',
      'I katalogen',
      'Svar',
      'Kommentar',
      'Kanal',
      'Registrert av',
      'Besvart (norsk tid)',
      'For sent',
      'Fjernet i',
      'Referanse for fjerning',
      'Fjerning bekreftet av',
      'Fjerning bekreftet (norsk tid)',
    ]);
    expect(lines.every((record) => record.length === header?.length)).toBe(true);
    expect(lines[1]).toEqual([
      'l-ola-2',
      'Ola Hansen',
      '',
      'svarut',
      'Oppvekst',
      'full',
      'Til stede',
      'Fjern',
      comment,
      'Oppgaverute i Outlook',
      'Ola Hansen',
      '2025-03-04 10:00',
      'Nei',
      'KS Fiks',
      'KS-4711',
      'Sigrid Lund',
      '2025-03-12 14:30',
    ]);
    expect(lines[2]?.slice(7, 13)).toEqual([
      'Fjern',
      '',
      'Svar på e-post',
      'Anders Moe',
      '2025-03-05 10:00',
      'Nei',
    ]);
    expect(lines[3]?.[12]).toBe('Ja');
    expect(lines[4]?.slice(0, 2)).toEqual(['l-per', 'Per Johansen']);
    expect(lines[4]?.[7]).toBe('Ikke svart');
    // Every field is quoted with its quotes doubled: quoting the parsed fields again gives the file.
    const requoted = records
      .map((record) => record.map((field) => `"${field.replace(/"/g, '""')}"`).join(','))
      .join('\r\n');
    expect(csv).toBe(`${requoted}\r\n`);
    expect(csv).toContain('"Første linje\r\nAndre ""linje"", med komma"');
  });

  it('says of a leaver and a mover that they were not asked, and puts both on removal', () => {
    const leaver: CampaignLine = {
      ...line(
        'l-gone',
        { id: 'mail:gone@bodo.example', displayName: 'Gunn Gone' },
        'Byggesak',
        'send',
        'gone@bodo.example',
      ),
      presence: 'left',
    };
    const mover: CampaignLine = {
      ...line('l-moved', people.ingrid, 'Plan og miljø', 'full'),
      presence: 'moved',
    };
    const extra = [leaver, mover].map((item) =>
      recorded(
        { type: 'campaign.line-added', payload: { line: item } },
        people.sigrid,
        day('2025-03-03', '09:01:00'),
        inCampaign,
      ),
    );
    const campaign = foldCampaign([...history(), ...extra], new Date(day('2025-03-30')));
    const page = report(campaign);
    expect(rows(page, 'Oppsummering')).toEqual(
      expect.arrayContaining([
        ['Sluttet (ikke spurt)', '1'],
        ['Byttet enhet eller leder (ikke spurt)', '1'],
      ]),
    );
    const csv = parseCsv(campaignCsv(campaign, names));
    const byId = new Map(csv.map((record) => [record[0], record]));
    expect(byId.get('l-gone')?.slice(1, 8)).toEqual([
      'Gunn Gone',
      'gone@bodo.example',
      'svarut',
      'Byggesak',
      'send',
      'Sluttet i kommunen (ikke spurt)',
      'Ikke svart',
    ]);
    expect(byId.get('l-moved')?.[6]).toBe(
      'Byttet enhet eller leder siden forrige gjennomgang (ikke spurt)',
    );
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    const csv = campaignCsv(
      view({
        right: '=HYPERLINK("https://evil.example","klikk")',
        subUnit: '+47 75 55 50 00',
        comment: '@SUM(A1:A9)',
      }),
      { ...names, [people.lise.id]: '-2+3', [people.per.id]: '\tPer' },
    );
    expect(csv).toContain('"\'=HYPERLINK(""https://evil.example"",""klikk"")"');
    expect(csv).toContain('"\'+47 75 55 50 00"');
    expect(csv).toContain('"\'@SUM(A1:A9)"');
    expect(csv).toContain('"\'-2+3"');
    expect(csv).toContain('"\'\tPer"');
    const cells = parseCsv(csv).flat();
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    expect(cells).toContain('\'=HYPERLINK("https://evil.example","klikk")');
  });
});

describe('the shared CSV helpers', () => {
  it('quote every cell, double quotes, and defuse = + - @ tab CR', () => {
    expect(csvCell(null)).toBe('""');
    expect(csvCell(12)).toBe('"12"');
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      expect(csvCell(`${start}1`)).toBe(`"'${start}1"`);
    }
    expect(csvCell('1-2')).toBe('"1-2"');
  });

  it('write a header row and end every record in CRLF', () => {
    const csv = toCsv<{ a: string }>([['A', (row) => row.a]], [{ a: 'x' }, { a: 'y\nz' }]);
    expect(csv).toBe('"A"\r\n"x"\r\n"y\nz"\r\n');
    expect(toCsv<{ a: string }>([['A', (row) => row.a]], [])).toBe('"A"\r\n');
  });
});
