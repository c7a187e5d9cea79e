// @vitest-environment node
import { ESLint, type Linter } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * Proves the layer rules in eslint.config.js bite, by linting small probe
 * files with the project's own configuration.
 *
 * The configuration lints with type information (`projectService: true`), and
 * a path that does not exist on disk is "not found by the project service":
 * linting it gives only a fatal parsing error. Instead of writing probe files
 * into src/ (where a concurrent `npm run lint`, `tsc` or dev server could see
 * them, and an interrupted run would leave them behind), the probes are
 * admitted to typescript-eslint's default project through `allowDefaultProject`.
 * That changes how the probe is parsed, not which rules apply to its path.
 */
const probeGlobs = ['src/*/__lint-probe.ts', 'src/*/__lint-probe.tsx'];

let eslint: ESLint;

beforeAll(async () => {
  eslint = new ESLint({
    cwd: process.cwd(),
    overrideConfig: {
      languageOptions: {
        parserOptions: { projectService: { allowDefaultProject: probeGlobs } },
      },
    },
  });
  // The first type-aware lint starts TypeScript's project service: seconds, not milliseconds.
  await eslint.lintText('export {};\n', { filePath: 'src/domain/__lint-probe.ts' });
}, 60_000);

type Layer = 'domain' | 'm365' | 'hosts' | 'features' | 'app';

async function lintProbe(layer: Layer, extension: 'ts' | 'tsx', code: string) {
  const [result] = await eslint.lintText(code, {
    filePath: `src/${layer}/__lint-probe.${extension}`,
  });
  const messages: readonly Linter.LintMessage[] = result?.messages ?? [];
  // A parsing error would make any "gets an error" assertion pass for the wrong reason.
  expect(messages.filter((message) => message.fatal === true)).toEqual([]);
  return {
    all: messages,
    /** The texts of the errors (severity 2) that `ruleId` reported. */
    errors: (ruleId: string) =>
      messages
        .filter((message) => message.ruleId === ruleId && message.severity === 2)
        .map((message) => message.message),
    byRule: (ruleId: string) => messages.filter((message) => message.ruleId === ruleId),
  };
}

describe('layer boundaries in eslint.config.js', () => {
  it('lets plain domain code through without complaint', async () => {
    const lint = await lintProbe(
      'domain',
      'ts',
      'export function double(value: number): number {\n  return value * 2;\n}\n',
    );
    expect(lint.all).toEqual([]);
  });

  describe('src/domain/', () => {
    it.each([
      ['react', "import { useState } from 'react';\nexport const hook = useState;\n"],
      ['teams-js', "import { app } from '@microsoft/teams-js';\nexport const teams = app;\n"],
      [
        'm365/ (even types only)',
        "import type { HostKind } from '../m365/host.ts';\nexport const kind: HostKind = 'teams';\n",
      ],
    ])('may not import %s', async (_what, code) => {
      const lint = await lintProbe('domain', 'ts', code);
      expect(lint.errors('no-restricted-imports')).toHaveLength(1);
    });

    it('may not reach browser globals through globalThis', async () => {
      const lint = await lintProbe('domain', 'ts', 'export const w = globalThis.window;\n');
      expect(lint.errors('no-restricted-syntax')).toHaveLength(1);
    });

    it('may not use browser globals such as window', async () => {
      const lint = await lintProbe('domain', 'ts', 'export const href = window.location.href;\n');
      const errors = lint.errors('no-restricted-globals');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('window');
    });
  });

  describe('src/features/', () => {
    it('may not import MSAL', async () => {
      const lint = await lintProbe(
        'features',
        'tsx',
        "import { PublicClientApplication } from '@azure/msal-browser';\nexport const Pca = PublicClientApplication;\n",
      );
      const errors = lint.errors('no-restricted-imports');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('MSAL');
    });

    it('may not import MSAL dynamically either', async () => {
      const lint = await lintProbe(
        'features',
        'tsx',
        "export const loadMsal = () => import('@azure/msal-browser');\n",
      );
      expect(lint.errors('no-restricted-syntax')).toHaveLength(1);
    });

    it('may not import from hosts/', async () => {
      const lint = await lintProbe(
        'features',
        'tsx',
        "import { connectTeams } from '../hosts/teams/teams-host.ts';\nexport const connect = connectTeams;\n",
      );
      const errors = lint.errors('no-restricted-imports');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('hosts/');
    });
  });

  describe('src/hosts/', () => {
    it('may import teams-js', async () => {
      const lint = await lintProbe(
        'hosts',
        'ts',
        "import { app } from '@microsoft/teams-js';\nexport const teams = app;\n",
      );
      expect(lint.byRule('no-restricted-imports')).toEqual([]);
    });
  });

  describe('src/app/', () => {
    it('may not import the emulator', async () => {
      const lint = await lintProbe(
        'app',
        'tsx',
        "import { createGraphEmulator } from '../../emulator/graph-emulator.ts';\nexport const create = createGraphEmulator;\n",
      );
      const errors = lint.errors('no-restricted-imports');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('emulator');
    });
  });
});
