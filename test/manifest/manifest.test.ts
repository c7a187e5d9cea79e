// @vitest-environment node
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import {
  ConfigError,
  ManifestValidationError,
  PROJECT_ROOT,
  TEMPLATE_PATH,
  buildManifest,
  bundledSchemaPath,
  checkIcons,
  createAppPackage,
  loadPackageConfig,
  packageApp,
  parseJsonObject,
  parsePackageConfig,
  readIconFiles,
  validateManifest,
  type JsonObject,
  type JsonValue,
} from '../../scripts/lib/manifest-build.ts';

const ENV = {
  VITE_CLIENT_ID: 'AAAAAAAA-1111-4222-8333-444444444444',
  TEAMS_APP_ID: 'bbbbbbbb-5555-4666-8777-888888888888',
  APP_BASE_URL: 'https://tilgang.bodo.test',
} as const;
const CLIENT_ID = ENV.VITE_CLIENT_ID.toLowerCase();
const config = parsePackageConfig(ENV, { version: '1.2.3' });

let fetchStub: Mock<typeof fetch>;

beforeEach(() => {
  fetchStub = vi.fn<typeof fetch>(() => {
    throw new Error('Network access is not allowed in the manifest tests.');
  });
  vi.stubGlobal('fetch', fetchStub);
});

afterEach(() => {
  expect(fetchStub).not.toHaveBeenCalled();
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

function validManifest(): JsonObject {
  return buildManifest(config);
}

function objectAt(value: JsonValue | undefined): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error('expected a JSON object');
  }
  return value;
}

function arrayAt(value: JsonValue | undefined): JsonValue[] {
  if (!Array.isArray(value)) throw new Error('expected a JSON array');
  return value;
}

function stringAt(value: JsonValue | undefined): string {
  if (typeof value !== 'string') throw new Error('expected a JSON string');
  return value;
}

function firstStaticTab(manifest: JsonObject): JsonObject {
  return objectAt(arrayAt(manifest['staticTabs'])[0]);
}

type Rgba = readonly [number, number, number, number];

function makePng(size: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const offset = (y * size + x) * 4;
      pixel(x, y).forEach((value, channel) => {
        png.data[offset + channel] = value;
      });
    }
  }
  return PNG.sync.write(png);
}

const whiteSquareOnTransparent = (x: number, y: number): Rgba =>
  x > 8 && x < 24 && y > 8 && y < 24 ? [255, 255, 255, 255] : [0, 0, 0, 0];

describe('manifest template', () => {
  it('fills every placeholder from the configuration', () => {
    const manifest = validManifest();
    expect(JSON.stringify(manifest)).not.toContain('{{');
    expect(manifest['id']).toBe(ENV.TEAMS_APP_ID);
    expect(manifest['version']).toBe('1.2.3');
    expect(manifest['validDomains']).toEqual(['tilgang.bodo.test']);
    expect(manifest['webApplicationInfo']).toEqual({
      id: CLIENT_ID,
      resource: `api://tilgang.bodo.test/${CLIENT_ID}`,
    });
    expect(firstStaticTab(manifest)['contentUrl']).toBe('https://tilgang.bodo.test/tab.html');
    expect(firstStaticTab(manifest)['scopes']).toEqual(['personal']);
    expect(objectAt(arrayAt(manifest['configurableTabs'])[0])).toMatchObject({
      configurationUrl: 'https://tilgang.bodo.test/config.html',
      scopes: ['team'],
      canUpdateConfiguration: true,
    });
    expect(objectAt(manifest['developer'])).toMatchObject({
      privacyUrl: 'https://tilgang.bodo.test/privacy.html',
      termsOfUseUrl: 'https://tilgang.bodo.test/terms.html',
    });
    const extension = objectAt(arrayAt(manifest['extensions'])[0]);
    expect(extension['requirements']).toEqual({
      scopes: ['mail'],
      capabilities: [{ name: 'Mailbox', minVersion: '1.8' }],
    });
    const runtime = objectAt(arrayAt(extension['runtimes'])[0]);
    expect(objectAt(runtime['code'])['page']).toBe('https://tilgang.bodo.test/taskpane.html');
  });

  it('points $schema at a schema bundled with @microsoft/app-manifest', () => {
    const manifest = validManifest();
    const schemaUrl = stringAt(manifest['$schema']);
    const manifestVersion = stringAt(manifest['manifestVersion']);
    expect(bundledSchemaPath(schemaUrl)).toBeDefined();
    expect(schemaUrl).toContain(`/v${manifestVersion}/`);
    expect(Number(manifestVersion.split('.')[1])).toBeGreaterThanOrEqual(22);
  });

  it('is valid against the JSON schema, offline', async () => {
    await expect(validateManifest(validManifest())).resolves.toEqual([]);
  });

  it('rejects unknown placeholders in the template', () => {
    const template = JSON.stringify({ id: '{{TEAMS_APP_ID}}', name: '{{NO_SUCH_VALUE}}' });
    expect(() => buildManifest(config, template)).toThrow(/\{\{NO_SUCH_VALUE\}\}/);
  });
});

describe('manifest validation', () => {
  it('reports a missing name', async () => {
    const manifest = validManifest();
    delete manifest['name'];
    const errors = await validateManifest(manifest);
    expect(errors.some((error) => error.includes("required property 'name'"))).toBe(true);
  });

  it('reports a wrong manifestVersion', async () => {
    const manifest = { ...validManifest(), manifestVersion: '1.99' };
    const errors = await validateManifest(manifest);
    expect(errors.some((error) => error.startsWith('manifest/manifestVersion'))).toBe(true);
  });

  it('reports an id that is not a GUID', async () => {
    const manifest = { ...validManifest(), id: 'elements-tilgang' };
    const errors = await validateManifest(manifest);
    expect(errors.some((error) => /^manifest\/id must match pattern/.test(error))).toBe(true);
  });

  it('reports a static tab without contentUrl', async () => {
    const manifest = validManifest();
    delete firstStaticTab(manifest)['contentUrl'];
    const errors = await validateManifest(manifest);
    expect(errors).toContainEqual(expect.stringMatching(/staticTabs\/0 has no contentUrl/));
  });

  it('reports a ribbon button whose action does not exist', async () => {
    const text = JSON.stringify(validManifest()).replace(
      '"actionId":"openReviewPane"',
      '"actionId":"openSomethingElse"',
    );
    const errors = await validateManifest(parseJsonObject(text, 'test manifest'));
    expect(errors).toContainEqual(expect.stringContaining('"openSomethingElse"'));
  });

  it('reports URLs outside validDomains and non-https runtime pages', async () => {
    const text = JSON.stringify(validManifest()).replace(
      'https://tilgang.bodo.test/taskpane.html',
      'http://elsewhere.test/taskpane.html',
    );
    const errors = await validateManifest(parseJsonObject(text, 'test manifest'));
    expect(errors).toContainEqual(expect.stringContaining('runtimes/0/code/page'));
  });

  it('refuses a $schema that is not bundled instead of downloading it', async () => {
    const manifest = {
      ...validManifest(),
      $schema: 'https://developer.microsoft.com/json-schemas/teams/v9.9/MicrosoftTeams.schema.json',
    };
    const errors = await validateManifest(manifest);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/not a Teams schema bundled .*refusing to download/);
  });

  it('rejects something that is not an object', async () => {
    await expect(validateManifest([])).resolves.toEqual(['The manifest must be a JSON object.']);
  });
});

describe('package configuration', () => {
  function configError(env: Record<string, string | undefined>): ConfigError {
    try {
      parsePackageConfig(env, { version: '1.2.3', mode: 'production' });
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
    throw new Error('expected a ConfigError');
  }

  it('derives APP_HOST and the default developer URLs', () => {
    expect(config).toEqual({
      clientId: CLIENT_ID,
      teamsAppId: ENV.TEAMS_APP_ID,
      appBaseUrl: 'https://tilgang.bodo.test',
      appHost: 'tilgang.bodo.test',
      websiteUrl: 'https://tilgang.bodo.test/tab.html',
      privacyUrl: 'https://tilgang.bodo.test/privacy.html',
      termsUrl: 'https://tilgang.bodo.test/terms.html',
      version: '1.2.3',
    });
  });

  it('uses PRIVACY_URL, TERMS_URL and WEBSITE_URL when set', () => {
    const custom = parsePackageConfig(
      {
        ...ENV,
        PRIVACY_URL: 'https://bodo.kommune.example/personvern',
        TERMS_URL: 'https://bodo.kommune.example/vilkar',
        WEBSITE_URL: 'https://bodo.kommune.example',
      },
      { version: '1.2.3' },
    );
    expect(custom.privacyUrl).toBe('https://bodo.kommune.example/personvern');
    expect(custom.termsUrl).toBe('https://bodo.kommune.example/vilkar');
    expect(custom.websiteUrl).toBe('https://bodo.kommune.example');
  });

  it('names a missing APP_BASE_URL', () => {
    const error = configError({ ...ENV, APP_BASE_URL: undefined });
    expect(error.problems).toEqual([expect.stringMatching(/^APP_BASE_URL is not set/)]);
    expect(error.message).toContain('.env.production');
  });

  it('treats an empty APP_BASE_URL as missing', () => {
    expect(configError({ ...ENV, APP_BASE_URL: '  ' }).problems[0]).toMatch(
      /^APP_BASE_URL is not set/,
    );
  });

  it('rejects a non-https APP_BASE_URL', () => {
    const error = configError({ ...ENV, APP_BASE_URL: 'http://tilgang.bodo.test' });
    expect(error.problems).toEqual([expect.stringMatching(/^APP_BASE_URL must use https/)]);
  });

  it('rejects a trailing slash and a relative APP_BASE_URL', () => {
    expect(configError({ ...ENV, APP_BASE_URL: 'https://tilgang.bodo.test/' }).problems[0]).toMatch(
      /must not end with a slash/,
    );
    expect(configError({ ...ENV, APP_BASE_URL: '/tilgang' }).problems[0]).toMatch(
      /not an absolute URL/,
    );
  });

  it('names every bad GUID at once', () => {
    const error = configError({ ...ENV, VITE_CLIENT_ID: 'abc', TEAMS_APP_ID: undefined });
    expect(error.problems).toHaveLength(2);
    expect(error.message).toMatch(/VITE_CLIENT_ID must be a GUID .*got "abc"/);
    expect(error.message).toMatch(/TEAMS_APP_ID is not set/);
  });

  it('rejects a package version Teams does not accept', () => {
    expect(() => parsePackageConfig(ENV, { version: '1.0.0-beta.1' })).toThrow(
      /major\.minor\.patch/,
    );
  });

  it('reads .env.<mode> through vite loadEnv, with process.env taking precedence', async () => {
    const rootDir = await mkdtemp(join(tmpdir(), 'manifest-env-'));
    try {
      await writeFile(join(rootDir, 'package.json'), JSON.stringify({ version: '2.0.1' }));
      await writeFile(
        join(rootDir, '.env.staging'),
        [
          `VITE_CLIENT_ID=${ENV.VITE_CLIENT_ID}`,
          `TEAMS_APP_ID=${ENV.TEAMS_APP_ID}`,
          'APP_BASE_URL=https://from-file.bodo.test',
        ].join('\n'),
      );
      for (const name of ['VITE_CLIENT_ID', 'TEAMS_APP_ID', 'PRIVACY_URL', 'TERMS_URL']) {
        vi.stubEnv(name, undefined);
      }
      vi.stubEnv('WEBSITE_URL', undefined);
      vi.stubEnv('APP_BASE_URL', undefined);
      expect(loadPackageConfig({ mode: 'staging', rootDir })).toMatchObject({
        appHost: 'from-file.bodo.test',
        version: '2.0.1',
      });

      vi.stubEnv('APP_BASE_URL', 'https://from-env.bodo.test');
      expect(loadPackageConfig({ mode: 'staging', rootDir }).appHost).toBe('from-env.bodo.test');

      vi.stubEnv('APP_BASE_URL', undefined);
      expect(() => loadPackageConfig({ mode: 'other', rootDir })).toThrow(ConfigError);
    } finally {
      await rm(rootDir, { recursive: true, force: true });
    }
  });
});

describe('icons', () => {
  it('accepts the committed icons', async () => {
    const { icons, problems } = await readIconFiles(PROJECT_ROOT);
    expect(problems).toEqual([]);
    expect(icons?.ribbon).toHaveProperty('80');
  });

  it('rejects an outline icon with a non-transparent background pixel', () => {
    const outline = makePng(32, (x, y) =>
      x === 0 && y === 0 ? [0, 90, 160, 255] : whiteSquareOnTransparent(x, y),
    );
    const problems = checkIcons({ color: makePng(192, () => [0, 90, 160, 255]), outline });
    expect(problems).toEqual([
      expect.stringMatching(
        /^manifest\/outline\.png must be white on a transparent background: 1 visible pixel.*\(0, 0\)/,
      ),
    ]);
  });

  it('accepts a white-on-transparent outline and an opaque colour icon', () => {
    const outline = makePng(32, whiteSquareOnTransparent);
    expect(checkIcons({ color: makePng(192, () => [0, 90, 160, 255]), outline })).toEqual([]);
  });

  it('rejects wrong sizes and a transparent colour icon', () => {
    const problems = checkIcons({
      color: makePng(192, (x) => (x < 10 ? [0, 0, 0, 0] : [0, 90, 160, 255])),
      outline: makePng(48, whiteSquareOnTransparent),
      ribbon: { 16: makePng(32, () => [0, 90, 160, 255]) },
    });
    expect(problems).toEqual([
      expect.stringMatching(/color\.png must be fully opaque/),
      'manifest/outline.png must be 32x32 pixels (is 48x48).',
      'public/icons/icon-16.png must be 16x16 pixels (is 32x32).',
    ]);
  });

  it('reports a file that is not a PNG', () => {
    const problems = checkIcons({
      color: Buffer.from('not a png'),
      outline: makePng(32, whiteSquareOnTransparent),
    });
    expect(problems).toEqual([
      expect.stringMatching(/^manifest\/color\.png is not a readable PNG/),
    ]);
  });
});

describe('app package', () => {
  let outDir: string;

  beforeEach(async () => {
    outDir = await mkdtemp(join(tmpdir(), 'manifest-package-'));
  });

  afterEach(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('zips exactly manifest.json, color.png and outline.png', async () => {
    const result = await packageApp({ config, outDir });
    expect(result.zipPath).toBe(join(outDir, 'elements-tilgang-1.2.3.zip'));
    expect((await stat(result.zipPath)).size).toBe(result.size);

    const entries = unzipSync(await readFile(result.zipPath));
    expect(Object.keys(entries).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);

    const manifestEntry = entries['manifest.json'];
    if (manifestEntry === undefined) throw new Error('manifest.json missing');
    const manifest = parseJsonObject(strFromU8(manifestEntry), 'packaged manifest.json');
    expect(manifest['id']).toBe(ENV.TEAMS_APP_ID);
    expect(objectAt(manifest['webApplicationInfo'])['id']).toBe(CLIENT_ID);
    expect(manifest['version']).toBe('1.2.3');
    await expect(validateManifest(manifest)).resolves.toEqual([]);

    const colorEntry = entries['color.png'];
    if (colorEntry === undefined) throw new Error('color.png missing');
    expect(Buffer.from(colorEntry)).toEqual(
      await readFile(join(PROJECT_ROOT, 'manifest/color.png')),
    );
  });

  it('produces identical bytes for identical input', async () => {
    const { icons } = await readIconFiles(PROJECT_ROOT);
    if (icons === undefined) throw new Error('icons missing');
    const first = createAppPackage(validManifest(), icons);
    const second = createAppPackage(validManifest(), icons);
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
  });

  it('refuses to write a package for an invalid manifest', async () => {
    const template = (await readFile(TEMPLATE_PATH, 'utf8')).replace(
      '"id": "{{TEAMS_APP_ID}}"',
      '"id": "not-a-guid"',
    );
    const attempt = packageApp({ config, outDir, templateText: template });
    await expect(attempt).rejects.toBeInstanceOf(ManifestValidationError);
    await expect(attempt).rejects.toThrow(/manifest\/id must match pattern/);
    expect(existsSync(join(outDir, 'elements-tilgang-1.2.3.zip'))).toBe(false);
  });
});
