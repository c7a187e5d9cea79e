import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import { strToU8, zipSync } from 'fflate';
import { PNG } from 'pngjs';
import { loadEnv } from 'vite';
import { z } from 'zod';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TEMPLATE_PATH = join(PROJECT_ROOT, 'manifest', 'manifest.template.json');
export const RIBBON_ICON_SIZES = [16, 32, 80] as const;

export type RibbonIconSize = (typeof RIBBON_ICON_SIZES)[number];

const jsonValueSchema = z.json();
const jsonObjectSchema = z.record(z.string(), jsonValueSchema);

export type JsonValue = z.infer<typeof jsonValueSchema>;
export type JsonObject = z.infer<typeof jsonObjectSchema>;

/** The fictional demo values committed in .env, used for offline validation. */
export const DEMO_ENV = {
  VITE_CLIENT_ID: '11111111-2222-4333-8444-555555555555',
  TEAMS_APP_ID: '33333333-4444-4555-8666-777777777777',
  APP_BASE_URL: 'https://elements-tilgang.bodo.example',
} as const;

// ---------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------

export interface PackageConfig {
  /** Entra application (client) id, also used by Nested App Authentication. */
  clientId: string;
  /** Teams app id (manifest `id`), stable across versions of the package. */
  teamsAppId: string;
  /** Absolute https URL without trailing slash, e.g. https://elements-tilgang.bodo.kommune.no */
  appBaseUrl: string;
  /** Host (and port, if any) of appBaseUrl. */
  appHost: string;
  websiteUrl: string;
  privacyUrl: string;
  termsUrl: string;
  /** App version (package.json `version`). */
  version: string;
}

export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[], mode?: string) {
    const where = mode === undefined ? '' : ` (mode "${mode}")`;
    super(
      `Invalid app package configuration${where}:\n` +
        problems.map((problem) => `  - ${problem}`).join('\n') +
        (mode === undefined
          ? '\nSet the variables in the environment.'
          : `\nSet the variables in .env.${mode}.local (not committed), .env.${mode}, .env or the environment.`),
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export class ManifestValidationError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      `The app manifest is invalid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
    this.name = 'ManifestValidationError';
    this.problems = problems;
  }
}

const GUID_PATTERN = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
// Teams only accepts plain major.minor.patch versions.
const TEAMS_VERSION_PATTERN = /^\d+\.\d+\.\d+$/;

function blankToUndefined(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function guidVariable(name: string, meaning: string) {
  return z.preprocess(
    blankToUndefined,
    z.string({ error: `${name} is not set (${meaning}, a GUID).` }).regex(GUID_PATTERN, {
      error: (issue) =>
        `${name} must be a GUID like 00000000-0000-0000-0000-000000000000 (${meaning}), got "${String(issue.input)}".`,
    }),
  );
}

function describeUrlProblem(raw: string, isBaseUrl: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not an absolute URL';
  }
  if (url.protocol !== 'https:') return `must use https (got ${url.protocol.replace(':', '')})`;
  if (url.username !== '' || url.password !== '') return 'must not contain credentials';
  if (isBaseUrl) {
    if (raw.endsWith('/')) return 'must not end with a slash';
    if (url.search !== '' || url.hash !== '') return 'must not have a query string or fragment';
  }
  return undefined;
}

function httpsUrlVariable(name: string, meaning: string, isBaseUrl: boolean) {
  return z.string({ error: `${name} is not set (${meaning}).` }).superRefine((value, ctx) => {
    const problem = describeUrlProblem(value, isBaseUrl);
    if (problem !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `${name} ${problem}: "${value}" (${meaning}).`,
      });
    }
  });
}

const envSchema = z.object({
  VITE_CLIENT_ID: guidVariable('VITE_CLIENT_ID', 'the Entra application (client) id'),
  TEAMS_APP_ID: guidVariable('TEAMS_APP_ID', 'the Teams app id used as the manifest id'),
  APP_BASE_URL: z.preprocess(
    blankToUndefined,
    httpsUrlVariable(
      'APP_BASE_URL',
      'absolute https URL of the deployed app, without trailing slash',
      true,
    ),
  ),
  WEBSITE_URL: z.preprocess(
    blankToUndefined,
    httpsUrlVariable('WEBSITE_URL', 'developer website URL', false).optional(),
  ),
  PRIVACY_URL: z.preprocess(
    blankToUndefined,
    httpsUrlVariable('PRIVACY_URL', 'privacy statement URL', false).optional(),
  ),
  TERMS_URL: z.preprocess(
    blankToUndefined,
    httpsUrlVariable('TERMS_URL', 'terms of use URL', false).optional(),
  ),
});

export interface ParseConfigOptions {
  version: string;
  /** Only used to make error messages point at the right .env file. */
  mode?: string;
}

/** Validates raw environment values; throws ConfigError naming every bad variable. */
export function parsePackageConfig(
  env: Readonly<Record<string, string | undefined>>,
  options: ParseConfigOptions,
): PackageConfig {
  const problems: string[] = [];
  if (!TEAMS_VERSION_PATTERN.test(options.version)) {
    problems.push(
      `package.json version must be major.minor.patch for Teams (got "${options.version}").`,
    );
  }
  const result = envSchema.safeParse(env);
  if (!result.success) {
    problems.push(...result.error.issues.map((issue) => issue.message));
  }
  if (!result.success || problems.length > 0) {
    throw new ConfigError(problems, options.mode);
  }
  const vars = result.data;
  const appBaseUrl = vars.APP_BASE_URL;
  return {
    clientId: vars.VITE_CLIENT_ID.toLowerCase(),
    teamsAppId: vars.TEAMS_APP_ID.toLowerCase(),
    appBaseUrl,
    appHost: new URL(appBaseUrl).host,
    websiteUrl: vars.WEBSITE_URL ?? `${appBaseUrl}/tab.html`,
    privacyUrl: vars.PRIVACY_URL ?? `${appBaseUrl}/privacy.html`,
    termsUrl: vars.TERMS_URL ?? `${appBaseUrl}/terms.html`,
    version: options.version,
  };
}

export function readPackageVersion(rootDir: string = PROJECT_ROOT): string {
  const parsed = z
    .object({ version: z.string() })
    .safeParse(JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')));
  if (!parsed.success) {
    throw new ConfigError(['package.json has no "version" string.']);
  }
  return parsed.data.version;
}

export interface LoadConfigOptions {
  mode?: string;
  rootDir?: string;
}

/**
 * Reads .env, .env.local, .env.[mode], .env.[mode].local through vite's loadEnv;
 * variables already set in process.env win over the files.
 */
export function loadPackageConfig(options: LoadConfigOptions = {}): PackageConfig {
  const mode = options.mode ?? 'production';
  const rootDir = options.rootDir ?? PROJECT_ROOT;
  const env = loadEnv(mode, rootDir, '');
  return parsePackageConfig(env, { version: readPackageVersion(rootDir), mode });
}

export function demoPackageConfig(rootDir: string = PROJECT_ROOT): PackageConfig {
  return parsePackageConfig(DEMO_ENV, { version: readPackageVersion(rootDir) });
}

// ---------------------------------------------------------------------------
// Template filling
// ---------------------------------------------------------------------------

export function placeholderValues(config: PackageConfig): Record<string, string> {
  return {
    APP_VERSION: config.version,
    TEAMS_APP_ID: config.teamsAppId,
    CLIENT_ID: config.clientId,
    APP_BASE_URL: config.appBaseUrl,
    APP_HOST: config.appHost,
    WEBSITE_URL: config.websiteUrl,
    PRIVACY_URL: config.privacyUrl,
    TERMS_URL: config.termsUrl,
  };
}

const PLACEHOLDER = /\{\{([A-Za-z0-9_]+)\}\}/g;

function fillValue(
  value: JsonValue,
  values: Readonly<Record<string, string>>,
  unknownNames: Set<string>,
): JsonValue {
  if (typeof value === 'string') {
    return value.replace(PLACEHOLDER, (match, name: string) => {
      const replacement = values[name];
      if (replacement === undefined) {
        unknownNames.add(name);
        return match;
      }
      return replacement;
    });
  }
  if (Array.isArray(value)) {
    return value.map((item) => fillValue(item, values, unknownNames));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, fillValue(item, values, unknownNames)]),
    );
  }
  return value;
}

export function parseJsonObject(text: string, what: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${what} is not valid JSON: ${error instanceof Error ? error.message : ''}`);
  }
  const result = jsonObjectSchema.safeParse(parsed);
  if (!result.success) {
    throw new Error(`${what} must contain a JSON object.`);
  }
  return result.data;
}

/** Fills every {{NAME}} placeholder inside the template's string values. */
export function buildManifest(
  config: PackageConfig,
  templateText: string = readFileSync(TEMPLATE_PATH, 'utf8'),
): JsonObject {
  const template = parseJsonObject(templateText, 'manifest/manifest.template.json');
  const unknownNames = new Set<string>();
  const values = placeholderValues(config);
  const filled = Object.fromEntries(
    Object.entries(template).map(([key, value]) => [key, fillValue(value, values, unknownNames)]),
  );
  if (unknownNames.size > 0) {
    const names = [...unknownNames].map((name) => `{{${name}}}`).join(', ');
    throw new Error(
      `manifest/manifest.template.json uses unknown placeholder(s) ${names}; known: ${Object.keys(values).join(', ')}.`,
    );
  }
  return filled;
}

// ---------------------------------------------------------------------------
// Schema validation (offline)
// ---------------------------------------------------------------------------

type ManifestJsonSchema = NonNullable<Parameters<typeof AppManifestUtils.validateAgainstSchema>[1]>;

const SCHEMA_URL_PATTERN =
  /^https:\/\/developer\.microsoft\.com\/json-schemas\/teams\/(v\d+\.\d+)\/MicrosoftTeams\.schema\.json$/;

export function bundledSchemaDirectory(): string {
  const entry = createRequire(import.meta.url).resolve('@microsoft/app-manifest');
  return join(dirname(entry), 'json-schemas', 'teams');
}

/** Maps a Teams `$schema` URL to the schema file shipped inside @microsoft/app-manifest. */
export function bundledSchemaPath(schemaUrl: string): string | undefined {
  const match = SCHEMA_URL_PATTERN.exec(schemaUrl);
  const version = match?.[1];
  if (version === undefined) return undefined;
  const file = join(bundledSchemaDirectory(), version, 'MicrosoftTeams.schema.json');
  return existsSync(file) ? file : undefined;
}

// The library's signature wants a typed manifest, but ajv checks arbitrary JSON;
// this guard only widens what we may hand to it.
function isSchemaInput(value: JsonObject): value is JsonObject & AppManifest {
  return typeof value === 'object';
}

function isJsonSchema(value: unknown): value is ManifestJsonSchema {
  return typeof value === 'object' && value !== null && '$schema' in value;
}

const schemaCache = new Map<string, ManifestJsonSchema>();

async function loadBundledSchema(file: string): Promise<ManifestJsonSchema> {
  const cached = schemaCache.get(file);
  if (cached !== undefined) return cached;
  // Same clean-up the library applies: the published schemas use \a and \v
  // escapes in regex patterns, which ajv's unicode regexes reject.
  const raw = (await readFile(file, 'utf8')).replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
  const parsed: unknown = JSON.parse(raw);
  if (!isJsonSchema(parsed)) {
    throw new Error(`${file} is not a JSON schema.`);
  }
  schemaCache.set(file, parsed);
  return parsed;
}

function availableSchemaVersions(): string {
  let names: string[];
  try {
    names = readdirSync(bundledSchemaDirectory());
  } catch {
    return 'none';
  }
  const versions = names
    .filter((name) => /^v\d+\.\d+$/.test(name))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return versions.length === 0 ? 'none' : versions.join(', ');
}

/** Validates against the bundled JSON schema plus a few rules the schema cannot express. */
export async function validateManifest(manifest: unknown): Promise<string[]> {
  const parsed = jsonObjectSchema.safeParse(manifest);
  if (!parsed.success) return ['The manifest must be a JSON object.'];
  const object = parsed.data;
  const schemaUrl = object['$schema'];
  if (typeof schemaUrl !== 'string') {
    return ['manifest must have a "$schema" string pointing at a Teams manifest schema.'];
  }
  const schemaFile = bundledSchemaPath(schemaUrl);
  if (schemaFile === undefined) {
    return [
      `manifest/$schema "${schemaUrl}" is not a Teams schema bundled with @microsoft/app-manifest ` +
        `(bundled: ${availableSchemaVersions()}); refusing to download it. Use ` +
        'https://developer.microsoft.com/json-schemas/teams/vX.Y/MicrosoftTeams.schema.json.',
    ];
  }
  const schema = await loadBundledSchema(schemaFile);
  if (!isSchemaInput(object)) return ['The manifest must be a JSON object.'];
  const schemaErrors = await AppManifestUtils.validateAgainstSchema(object, schema);
  return [
    ...schemaErrors.map((error) => `manifest${error.startsWith('/') ? '' : ' '}${error.trim()}`),
    ...checkManifestRules(object),
  ];
}

const optionalString = z.string().optional();
const iconListShape = z.array(z.looseObject({ url: optionalString })).optional();
const rulesShape = z.looseObject({
  version: optionalString,
  icons: z.looseObject({ color: optionalString, outline: optionalString }).optional(),
  staticTabs: z
    .array(
      z.looseObject({
        contentUrl: optionalString,
        contentBotId: optionalString,
        websiteUrl: optionalString,
      }),
    )
    .optional(),
  configurableTabs: z.array(z.looseObject({ configurationUrl: optionalString })).optional(),
  validDomains: z.array(z.string()).optional(),
  webApplicationInfo: z.looseObject({ id: optionalString, resource: optionalString }).optional(),
  extensions: z
    .array(
      z.looseObject({
        runtimes: z
          .array(
            z.looseObject({
              code: z.looseObject({ page: optionalString, script: optionalString }).optional(),
              actions: z.array(z.looseObject({ id: optionalString })).optional(),
            }),
          )
          .optional(),
        ribbons: z
          .array(
            z.looseObject({
              tabs: z
                .array(
                  z.looseObject({
                    groups: z
                      .array(
                        z.looseObject({
                          icons: iconListShape,
                          controls: z
                            .array(
                              z.looseObject({
                                id: optionalString,
                                actionId: optionalString,
                                icons: iconListShape,
                              }),
                            )
                            .optional(),
                        }),
                      )
                      .optional(),
                  }),
                )
                .optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
});

function findPlaceholders(value: JsonValue, path: string, found: string[]): void {
  if (typeof value === 'string') {
    if (/\{\{[^}]*\}\}/.test(value))
      found.push(`manifest${path} still contains a placeholder: "${value}".`);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => findPlaceholders(item, `${path}/${index}`, found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value))
      findPlaceholders(item, `${path}/${key}`, found);
  }
}

function hostAllowed(host: string, validDomains: readonly string[]): boolean {
  return validDomains.some((domain) => {
    const pattern = domain.toLowerCase();
    if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
    return host === pattern;
  });
}

/** Rules Teams/Outlook enforce (or that this app relies on) that the JSON schema does not. */
export function checkManifestRules(manifest: JsonObject): string[] {
  const problems: string[] = [];
  findPlaceholders(manifest, '', problems);
  const parsed = rulesShape.safeParse(manifest);
  // Wrongly shaped parts are already reported by the schema validation.
  if (!parsed.success) return problems;
  const m = parsed.data;

  if (m.version !== undefined && !TEAMS_VERSION_PATTERN.test(m.version)) {
    problems.push(`manifest/version must be major.minor.patch (got "${m.version}").`);
  }
  if (m.icons?.color !== undefined && m.icons.color !== 'color.png') {
    problems.push('manifest/icons/color must be "color.png" (the file name used in the package).');
  }
  if (m.icons?.outline !== undefined && m.icons.outline !== 'outline.png') {
    problems.push(
      'manifest/icons/outline must be "outline.png" (the file name used in the package).',
    );
  }

  const urls: { path: string; url: string }[] = [];
  m.staticTabs?.forEach((tab, index) => {
    if (tab.contentUrl === undefined && tab.contentBotId === undefined) {
      problems.push(
        `manifest/staticTabs/${index} has no contentUrl (required: this app has no bot to render the tab).`,
      );
    }
    if (tab.contentUrl !== undefined) {
      urls.push({ path: `/staticTabs/${index}/contentUrl`, url: tab.contentUrl });
    }
  });
  m.configurableTabs?.forEach((tab, index) => {
    if (tab.configurationUrl !== undefined) {
      urls.push({ path: `/configurableTabs/${index}/configurationUrl`, url: tab.configurationUrl });
    }
  });

  m.extensions?.forEach((extension, extensionIndex) => {
    const actionIds = new Set<string>();
    extension.runtimes?.forEach((runtime, runtimeIndex) => {
      if (runtime.code?.page !== undefined) {
        urls.push({
          path: `/extensions/${extensionIndex}/runtimes/${runtimeIndex}/code/page`,
          url: runtime.code.page,
        });
      }
      runtime.actions?.forEach((action) => {
        if (action.id !== undefined) actionIds.add(action.id);
      });
    });
    extension.ribbons?.forEach((ribbon, ribbonIndex) => {
      ribbon.tabs?.forEach((tab, tabIndex) => {
        tab.groups?.forEach((group, groupIndex) => {
          const groupPath = `/extensions/${extensionIndex}/ribbons/${ribbonIndex}/tabs/${tabIndex}/groups/${groupIndex}`;
          group.icons?.forEach((icon, iconIndex) => {
            if (icon.url !== undefined) {
              urls.push({ path: `${groupPath}/icons/${iconIndex}/url`, url: icon.url });
            }
          });
          group.controls?.forEach((control, controlIndex) => {
            const controlPath = `${groupPath}/controls/${controlIndex}`;
            if (control.actionId !== undefined && !actionIds.has(control.actionId)) {
              problems.push(
                `manifest${controlPath}/actionId "${control.actionId}" does not match any runtime action id (${[...actionIds].join(', ') || 'none'}).`,
              );
            }
            control.icons?.forEach((icon, iconIndex) => {
              if (icon.url !== undefined) {
                urls.push({ path: `${controlPath}/icons/${iconIndex}/url`, url: icon.url });
              }
            });
          });
        });
      });
    });
  });

  const validDomains = m.validDomains ?? [];
  for (const { path, url } of urls) {
    let parsedUrl: URL;
    try {
      parsedUrl = new URL(url);
    } catch {
      problems.push(`manifest${path} is not an absolute URL: "${url}".`);
      continue;
    }
    if (parsedUrl.protocol !== 'https:') {
      problems.push(`manifest${path} must use https: "${url}".`);
    } else if (!hostAllowed(parsedUrl.host.toLowerCase(), validDomains)) {
      problems.push(`manifest${path} uses host ${parsedUrl.host}, which is not in validDomains.`);
    }
  }

  const app = m.webApplicationInfo;
  if (app?.id !== undefined && app.resource !== undefined) {
    const expectedPrefix = 'api://';
    const suffix = `/${app.id}`;
    if (!app.resource.startsWith(expectedPrefix) || !app.resource.endsWith(suffix)) {
      problems.push(
        `manifest/webApplicationInfo/resource must look like api://<app host>/${app.id} (got "${app.resource}").`,
      );
    } else {
      const host = app.resource.slice(expectedPrefix.length, -suffix.length).toLowerCase();
      if (!hostAllowed(host, validDomains)) {
        problems.push(
          `manifest/webApplicationInfo/resource host ${host} is not in validDomains (SSO requires it).`,
        );
      }
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------
// Icons
// ---------------------------------------------------------------------------

export interface IconFiles {
  color: Buffer;
  outline: Buffer;
  ribbon?: Partial<Record<RibbonIconSize, Buffer>>;
}

export const ICON_PATHS = {
  color: 'manifest/color.png',
  outline: 'manifest/outline.png',
  ribbon: (size: RibbonIconSize) => `public/icons/icon-${size}.png`,
} as const;

function decodePng(name: string, data: Buffer, problems: string[]): PNG | undefined {
  try {
    return PNG.sync.read(data);
  } catch (error) {
    problems.push(
      `${name} is not a readable PNG (${error instanceof Error ? error.message : 'unknown error'}).`,
    );
    return undefined;
  }
}

function checkSize(name: string, png: PNG, width: number, height: number, problems: string[]) {
  if (png.width !== width || png.height !== height) {
    problems.push(`${name} must be ${width}x${height} pixels (is ${png.width}x${png.height}).`);
    return false;
  }
  return true;
}

/** Checks dimensions, opacity of the colour icon and white-on-transparent of the outline. */
export function checkIcons(icons: IconFiles): string[] {
  const problems: string[] = [];

  const color = decodePng(ICON_PATHS.color, icons.color, problems);
  if (color !== undefined && checkSize(ICON_PATHS.color, color, 192, 192, problems)) {
    let transparent = 0;
    for (let offset = 3; offset < color.data.length; offset += 4) {
      if (color.data[offset] !== 255) transparent += 1;
    }
    if (transparent > 0) {
      problems.push(
        `${ICON_PATHS.color} must be fully opaque (${transparent} pixel(s) are transparent).`,
      );
    }
  }

  const outline = decodePng(ICON_PATHS.outline, icons.outline, problems);
  if (outline !== undefined && checkSize(ICON_PATHS.outline, outline, 32, 32, problems)) {
    let visible = 0;
    let offending = 0;
    let first = '';
    for (let pixel = 0; pixel < outline.width * outline.height; pixel += 1) {
      const offset = pixel * 4;
      const [r, g, b, a] = [0, 1, 2, 3].map((channel) => outline.data[offset + channel] ?? 0);
      if (a === 0) continue;
      visible += 1;
      if (r !== 255 || g !== 255 || b !== 255) {
        offending += 1;
        if (first === '') {
          first = ` first at (${pixel % outline.width}, ${Math.floor(pixel / outline.width)}) is rgba(${r}, ${g}, ${b}, ${a})`;
        }
      }
    }
    if (offending > 0) {
      problems.push(
        `${ICON_PATHS.outline} must be white on a transparent background: ${offending} visible pixel(s) are not pure white;${first}.`,
      );
    }
    if (visible === 0) {
      problems.push(`${ICON_PATHS.outline} is fully transparent.`);
    }
  }

  for (const size of RIBBON_ICON_SIZES) {
    const data = icons.ribbon?.[size];
    if (data === undefined) continue;
    const name = ICON_PATHS.ribbon(size);
    const png = decodePng(name, data, problems);
    if (png !== undefined) checkSize(name, png, size, size, problems);
  }
  return problems;
}

export interface LoadedIcons {
  icons?: IconFiles;
  problems: string[];
}

async function readOptional(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch {
    return undefined;
  }
}

/** Reads the package icons and the ribbon icons served from public/icons. */
export async function readIconFiles(rootDir: string = PROJECT_ROOT): Promise<LoadedIcons> {
  const problems: string[] = [];
  const missing = (path: string) =>
    problems.push(`${path} is missing (regenerate with: npx tsx scripts/make-icons.ts).`);
  const color = await readOptional(join(rootDir, ICON_PATHS.color));
  const outline = await readOptional(join(rootDir, ICON_PATHS.outline));
  if (color === undefined) missing(ICON_PATHS.color);
  if (outline === undefined) missing(ICON_PATHS.outline);
  const ribbon: Partial<Record<RibbonIconSize, Buffer>> = {};
  for (const size of RIBBON_ICON_SIZES) {
    const data = await readOptional(join(rootDir, ICON_PATHS.ribbon(size)));
    if (data === undefined) missing(ICON_PATHS.ribbon(size));
    else ribbon[size] = data;
  }
  if (color === undefined || outline === undefined) return { problems };
  const icons: IconFiles = { color, outline, ribbon };
  return { icons, problems: [...problems, ...checkIcons(icons)] };
}

// ---------------------------------------------------------------------------
// Packaging
// ---------------------------------------------------------------------------

// A fixed timestamp keeps the zip byte-identical for identical inputs.
const ZIP_MTIME = new Date(2020, 0, 1);

export function createAppPackage(manifest: JsonObject, icons: IconFiles): Uint8Array {
  return zipSync(
    {
      'manifest.json': strToU8(`${JSON.stringify(manifest, null, 2)}\n`),
      'color.png': icons.color,
      'outline.png': icons.outline,
    },
    { level: 9, mtime: ZIP_MTIME },
  );
}

export function packageFileName(version: string): string {
  return `elements-tilgang-${version}.zip`;
}

/** Template + icons problems for the given configuration (empty when packaging may proceed). */
export async function collectProblems(
  manifest: JsonObject,
  rootDir: string = PROJECT_ROOT,
): Promise<{ problems: string[]; icons?: IconFiles }> {
  const manifestProblems = await validateManifest(manifest);
  const loaded = await readIconFiles(rootDir);
  return { problems: [...manifestProblems, ...loaded.problems], icons: loaded.icons };
}

export interface PackageOptions {
  config: PackageConfig;
  rootDir?: string;
  outDir?: string;
  templateText?: string;
}

export interface PackageResult {
  zipPath: string;
  size: number;
  manifest: JsonObject;
}

/** Builds, validates and writes dist-package/elements-tilgang-<version>.zip. */
export async function packageApp(options: PackageOptions): Promise<PackageResult> {
  const rootDir = options.rootDir ?? PROJECT_ROOT;
  const outDir = options.outDir ?? join(rootDir, 'dist-package');
  const manifest = buildManifest(options.config, options.templateText);
  const { problems, icons } = await collectProblems(manifest, rootDir);
  if (problems.length > 0 || icons === undefined) {
    throw new ManifestValidationError(problems);
  }
  const zip = createAppPackage(manifest, icons);
  await mkdir(outDir, { recursive: true });
  const zipPath = join(outDir, packageFileName(options.config.version));
  await writeFile(zipPath, zip);
  return { zipPath, size: zip.byteLength, manifest };
}

export function displayPath(file: string, rootDir: string = PROJECT_ROOT): string {
  const path = relative(rootDir, file);
  return path.startsWith('..') ? file : path;
}
