// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/domain/locale.ts';
import { messageKeys, translate, type MessageKey } from '../../src/features/i18n/messages.ts';

/**
 * messages.ts exports no runtime list of its keys, only the `MessageKey` type.
 * `satisfies Record<MessageKey, true>` makes the type-check fail when a key is
 * added to or removed from the catalogue without this list following.
 */
const everyKey = {
  'app.name': true,
  'app.tagline': true,
  'host.teams': true,
  'host.outlook': true,
  'host.workbench': true,
  'shell.runsIn': true,
  'shell.signedInAs': true,
  'shell.loadingUser': true,
  'shell.userError': true,
  'shell.retry': true,
  'shell.noJobTitle': true,
  'shell.connecting': true,
  'home.welcome': true,
  'home.intro': true,
  'view.triage': true,
  'view.triage.description': true,
  'view.reviews': true,
  'view.reviews.description': true,
  'view.review': true,
  'view.review.description': true,
  'workbench.signInAs': true,
  'workbench.theme': true,
  'workbench.language': true,
  'workbench.identitiesError': true,
  'theme.light': true,
  'theme.dark': true,
  'theme.contrast': true,
  'language.nb': true,
  'language.en': true,
  'notInHost.teams.title': true,
  'notInHost.teams.body': true,
  'notInHost.outlook.title': true,
  'notInHost.outlook.body': true,
  'notInHost.sdkMissing': true,
  'config.title': true,
  'config.intro': true,
  'config.viewLabel': true,
  'configError.title': true,
  'configError.body': true,
  'error.unauthenticated': true,
  'error.forbidden': true,
  'error.not-team-member': true,
  'error.not-found': true,
  'error.conflict': true,
  'error.throttled': true,
  'error.unavailable': true,
  'error.network': true,
  'error.invalid-response': true,
  'error.unknown': true,
  'error.reload': true,
} as const satisfies Record<MessageKey, true>;

function isMessageKey(key: string): key is MessageKey {
  return key in everyKey;
}

const keys: readonly MessageKey[] = Object.keys(everyKey).filter(isMessageKey);

it('the exported key list is the whole catalogue', () => {
  expect([...messageKeys].sort()).toEqual([...keys].sort());
});

/** The `{name}` placeholders of a message, read from its untranslated-parameter form. */
function placeholders(locale: Locale, key: MessageKey): Set<string> {
  return new Set(Array.from(translate(locale, key).matchAll(/\{(\w+)\}/g), (match) => match[0]));
}

describe('translate', () => {
  it('fills named placeholders', () => {
    expect(translate('nb', 'shell.runsIn', { host: 'Microsoft Teams' })).toBe(
      'Kjører i Microsoft Teams',
    );
    expect(translate('en', 'home.welcome', { name: 'Kari Nordmann' })).toBe(
      'Welcome, Kari Nordmann',
    );
  });

  it('writes numbers as text', () => {
    expect(translate('en', 'home.welcome', { name: 42 })).toBe('Welcome, 42');
  });

  it('leaves a placeholder without a value visible and ignores unused values', () => {
    expect(translate('nb', 'home.welcome')).toBe('Velkommen, {name}');
    expect(translate('nb', 'home.welcome', { host: 'Outlook' })).toBe('Velkommen, {name}');
  });

  it('does not treat a value as a template', () => {
    expect(translate('en', 'home.welcome', { name: '{name}' })).toBe('Welcome, {name}');
    expect(translate('en', 'shell.runsIn', { host: '$& and $1' })).toBe('Running in $& and $1');
  });

  it('answers in the language asked for', () => {
    expect(translate('nb', 'shell.retry')).toBe('Prøv igjen');
    expect(translate('en', 'shell.retry')).toBe('Try again');
  });
});

describe('the message catalogue', () => {
  it.each(keys)('%s has the same placeholders in bokmål and English', (key) => {
    expect(placeholders('en', key)).toEqual(placeholders('nb', key));
  });

  it.each(keys)('%s is not empty in either language', (key) => {
    expect(translate('nb', key).trim()).not.toBe('');
    expect(translate('en', key).trim()).not.toBe('');
  });

  it('uses placeholders where the shell fills them', () => {
    expect(placeholders('nb', 'shell.userError')).toEqual(new Set(['{reason}']));
    expect(placeholders('nb', 'shell.connecting')).toEqual(new Set(['{host}']));
  });
});
