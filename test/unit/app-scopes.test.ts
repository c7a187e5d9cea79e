import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_REGISTRATION_SCOPES } from '../../emulator/oauth-scopes.ts';
import { graphScopes } from '../../src/m365/token-source.ts';

/** The permissions column of the README's app-registration table. */
function readmeScopes(): string[] {
  const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
  const start = readme.indexOf('<!-- app-registration-scopes:start -->');
  const end = readme.indexOf('<!-- app-registration-scopes:end -->');
  expect(start, 'the README marks its app-registration table').toBeGreaterThan(-1);
  expect(end).toBeGreaterThan(start);
  return readme
    .slice(start, end)
    .split('\n')
    .map((line) => /^\s*\|\s*`([A-Za-z.]+)`\s*\|/.exec(line)?.[1])
    .filter((scope): scope is string => scope !== undefined);
}

const sorted = (scopes: Iterable<string>): string[] => [...new Set(scopes)].sort();

describe('the app registration', () => {
  it('lists in the README exactly the scopes the product asks for', () => {
    expect(sorted(readmeScopes())).toEqual(sorted(Object.values(graphScopes).flat()));
  });

  it('is what the emulator signs the app in with', () => {
    expect(sorted(APP_REGISTRATION_SCOPES)).toEqual(sorted(Object.values(graphScopes).flat()));
  });
});
