// @vitest-environment node
import { loadEnv } from 'vite';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/app/config.ts';

/** The committed demo values: `.env` plus `.env.development` (what `npm start` runs with). */
const validEnv = {
  VITE_TENANT_ID: '00000000-0000-4000-8000-000000000b0d',
  VITE_CLIENT_ID: '11111111-2222-4333-8444-555555555555',
  VITE_SHAREPOINT_SITE: 'https://bodokommune.sharepoint.example/sites/dokumentsenteret',
  VITE_TRIAGE_TEAM_ID: '22222222-3333-4444-8555-666666666666',
  VITE_TRIAGE_CHANNEL_ID: '19:demo-triage@thread.tacv2',
  VITE_TRIAGE_CHANNEL_ADDRESS: 'forespoersler.dokumentsenteret@bodo.example',
  VITE_SYSTEMANSVARLIG_GROUP_ID: '6863f77b-cd52-4054-816d-4cad0b885209',
  VITE_ARKIVLEDER_GROUP_ID: '83eb1090-9f0e-4e49-b047-56cebc7af559',
  VITE_TEAMS_APP_ID: '33333333-4444-4555-8666-777777777777',
  VITE_ATEA_ORDER_ADDRESS: 'bestilling@atea.example',
  VITE_GRAPH_BASE_URL: '/graph',
  VITE_OFFICE_JS_URL: '/vendor/office-js/office.js',
} as const;

const variableNames = [
  'VITE_TENANT_ID',
  'VITE_CLIENT_ID',
  'VITE_GRAPH_BASE_URL',
  'VITE_SHAREPOINT_SITE',
  'VITE_TRIAGE_TEAM_ID',
  'VITE_TRIAGE_CHANNEL_ID',
  'VITE_TRIAGE_CHANNEL_ADDRESS',
  'VITE_SYSTEMANSVARLIG_GROUP_ID',
  'VITE_ARKIVLEDER_GROUP_ID',
  'VITE_TEAMS_APP_ID',
  'VITE_ATEA_ORDER_ADDRESS',
  'VITE_OFFICE_JS_URL',
] as const;

/** The problems `parseConfig` reports for `env`; fails the test if it does not throw a ConfigError. */
function problemsFor(env: Readonly<Record<string, unknown>>): readonly string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('parseConfig accepted the configuration');
}

function without(name: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(validEnv).filter(([key]) => key !== name));
}

describe('parseConfig', () => {
  it('maps a complete configuration to named settings', () => {
    expect(parseConfig(validEnv)).toEqual({
      tenantId: '00000000-0000-4000-8000-000000000b0d',
      clientId: '11111111-2222-4333-8444-555555555555',
      graphBaseUrl: '/graph',
      sharePointSite: 'https://bodokommune.sharepoint.example/sites/dokumentsenteret',
      triageTeamId: '22222222-3333-4444-8555-666666666666',
      triageChannelId: '19:demo-triage@thread.tacv2',
      triageChannelAddress: 'forespoersler.dokumentsenteret@bodo.example',
      groups: {
        systemansvarlig: '6863f77b-cd52-4054-816d-4cad0b885209',
        arkivleder: '83eb1090-9f0e-4e49-b047-56cebc7af559',
      },
      teamsAppId: '33333333-4444-4555-8666-777777777777',
      ateaOrderAddress: 'bestilling@atea.example',
      officeJsUrl: '/vendor/office-js/office.js',
      reviewMailbox: undefined,
      reviewMailsPerMinute: 30,
      reviewInFlightSeconds: 120,
    });
  });

  it('takes the optional review mailbox and sending pace, and names a bad one', () => {
    const config = parseConfig({
      ...validEnv,
      VITE_REVIEW_MAILBOX: ' dokumentsenteret@bodo.example ',
      VITE_REVIEW_MAILS_PER_MINUTE: '20',
    });
    expect(config.reviewMailbox).toBe('dokumentsenteret@bodo.example');
    expect(config.reviewMailsPerMinute).toBe(20);
    expect(parseConfig({ ...validEnv, VITE_REVIEW_MAILBOX: '' }).reviewMailbox).toBeUndefined();
    expect(problemsFor({ ...validEnv, VITE_REVIEW_MAILBOX: 'dokumentsenteret' })).toEqual([
      expect.stringMatching(/^VITE_REVIEW_MAILBOX /),
    ]);
    for (const pace of ['0', '1.5', 'fast', '601']) {
      expect(problemsFor({ ...validEnv, VITE_REVIEW_MAILS_PER_MINUTE: pace })).toEqual([
        expect.stringMatching(/^VITE_REVIEW_MAILS_PER_MINUTE /),
      ]);
    }
  });

  it.each(['development', 'e2e', 'production'])(
    'accepts the committed .env files for mode %s',
    (mode) => {
      const env = loadEnv(mode, process.cwd(), 'VITE_');
      expect(() => parseConfig(env)).not.toThrow();
    },
  );

  it('removes trailing slashes from the Graph root', () => {
    expect(
      parseConfig({ ...validEnv, VITE_GRAPH_BASE_URL: 'https://graph.microsoft.com/' })
        .graphBaseUrl,
    ).toBe('https://graph.microsoft.com');
    expect(parseConfig({ ...validEnv, VITE_GRAPH_BASE_URL: '/graph//' }).graphBaseUrl).toBe(
      '/graph',
    );
  });

  it('trims whitespace around values', () => {
    expect(parseConfig({ ...validEnv, VITE_TENANT_ID: ` ${validEnv.VITE_TENANT_ID}\n` })).toEqual(
      expect.objectContaining({ tenantId: validEnv.VITE_TENANT_ID }),
    );
  });

  it('rejects a Graph root that is neither a URL nor a path on this origin', () => {
    expect(problemsFor({ ...validEnv, VITE_GRAPH_BASE_URL: 'graph' })).toEqual([
      expect.stringMatching(/^VITE_GRAPH_BASE_URL /),
    ]);
    expect(problemsFor({ ...validEnv, VITE_GRAPH_BASE_URL: '//graph.example' })).toEqual([
      expect.stringMatching(/^VITE_GRAPH_BASE_URL /),
    ]);
  });

  it.each(variableNames)('names %s when it is missing', (name) => {
    expect(problemsFor(without(name))).toEqual([expect.stringMatching(new RegExp(`^${name} `))]);
  });

  it.each([
    ['VITE_TENANT_ID', 'not-a-guid'],
    ['VITE_CLIENT_ID', '11111111-2222-4333-8444-55555555555'],
    ['VITE_TRIAGE_TEAM_ID', '{22222222-3333-4444-8555-666666666666}'],
    ['VITE_SHAREPOINT_SITE', 'http://bodokommune.sharepoint.example/sites/dokumentsenteret'],
    ['VITE_SHAREPOINT_SITE', 'bodokommune.sharepoint.example/sites/dokumentsenteret'],
    ['VITE_TRIAGE_CHANNEL_ID', '19:demo triage@thread.tacv2'],
    ['VITE_TRIAGE_CHANNEL_ID', 'demo-triage@thread.tacv2'],
    ['VITE_ATEA_ORDER_ADDRESS', 'bestilling.atea.example'],
    ['VITE_GRAPH_BASE_URL', 'https://graph.microsoft.com/v1.0'],
    ['VITE_GRAPH_BASE_URL', 'https://graph.microsoft.com/beta/'],
  ])('names %s when it is %j', (name, value) => {
    const problems = problemsFor({ ...validEnv, [name]: value });
    expect(problems).toEqual([expect.stringMatching(new RegExp(`^${name} `))]);
  });

  it('says a missing Atea address is missing and trims a padded one', () => {
    const { VITE_ATEA_ORDER_ADDRESS: _omitted, ...withoutAtea } = validEnv;
    expect(problemsFor(withoutAtea)).toEqual(['VITE_ATEA_ORDER_ADDRESS is missing']);
    expect(
      parseConfig({ ...validEnv, VITE_ATEA_ORDER_ADDRESS: ' bestilling@atea.example ' })
        .ateaOrderAddress,
    ).toBe('bestilling@atea.example');
  });

  it('reports every problem at once, in a message that lists them', () => {
    let caught: unknown;
    try {
      parseConfig({
        ...without('VITE_CLIENT_ID'),
        VITE_TENANT_ID: 'nope',
        VITE_SHAREPOINT_SITE: 'http://intranet.example',
        VITE_TRIAGE_CHANNEL_ID: 'general',
        VITE_ATEA_ORDER_ADDRESS: 'atea',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    if (!(caught instanceof ConfigError)) return;
    const named = caught.problems.map((problem) => problem.split(' ')[0]);
    expect(new Set(named)).toEqual(
      new Set([
        'VITE_TENANT_ID',
        'VITE_CLIENT_ID',
        'VITE_SHAREPOINT_SITE',
        'VITE_TRIAGE_CHANNEL_ID',
        'VITE_ATEA_ORDER_ADDRESS',
      ]),
    );
    for (const problem of caught.problems) expect(caught.message).toContain(problem);
  });
});
