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
  'requests.tab.order': true,
  'requests.tab.folder': true,
  'requests.tab.mine': true,
  'requests.tab.waiting': true,
  'requests.tab.delegations': true,
  'requests.loading': true,
  'requests.loadFailed': true,
  'requests.kindUnknown': true,
  'requests.status.unknown': true,
  'requests.form.notSent': true,
  'requests.form.kept': true,
  'requests.form.sending': true,
  'requests.form.draftRestored': true,
  'requests.form.discardDraft': true,
  'requests.form.draftNote': true,
  'requests.form.countBelow': true,
  'requests.form.countOk': true,
  'requests.picker.placeholder': true,
  'requests.picker.yourReports': true,
  'requests.picker.others': true,
  'requests.picker.searching': true,
  'requests.picker.noMatches': true,
  'requests.picker.typeToSearch': true,
  'requests.submitted.id': true,
  'requests.submitted.follow': true,
  'requests.submitted.open': true,
  'requests.submitted.channelNotNotified': true,
  'requests.submitted.mailSent': true,
  'requests.submitted.mailNotSent': true,
  'requests.order.title': true,
  'requests.order.intro': true,
  'requests.order.cannotOrder.title': true,
  'requests.order.cannotOrder.r1': true,
  'requests.order.cannotOrder.next': true,
  'requests.order.cannotOrder.folder': true,
  'requests.order.kind': true,
  'requests.order.kind.newUser': true,
  'requests.order.kind.newUserHint': true,
  'requests.order.kind.change': true,
  'requests.order.kind.changeHint': true,
  'requests.order.kind.removal': true,
  'requests.order.kind.removalHint': true,
  'requests.order.kind.external': true,
  'requests.order.kind.externalHint': true,
  'requests.order.employee': true,
  'requests.order.employeeHint': true,
  'requests.order.subjectRequired': true,
  'requests.order.removalReason': true,
  'requests.order.grants': true,
  'requests.order.grantsHint': true,
  'requests.order.grantsLoading': true,
  'requests.order.grantsNone': true,
  'requests.order.consultant': true,
  'requests.order.consultantName': true,
  'requests.order.consultantCompany': true,
  'requests.order.consultantEmail': true,
  'requests.order.declarationConfirmed': true,
  'requests.order.declarationHint': true,
  'requests.order.declarationStoredAt': true,
  'requests.order.declarationStoredAtHint': true,
  'requests.order.periodRule': true,
  'requests.order.periodStart': true,
  'requests.order.periodEnd': true,
  'requests.order.agreedWith': true,
  'requests.order.agreedWithHint': true,
  'requests.order.agreedWithPick': true,
  'requests.order.base': true,
  'requests.order.unit': true,
  'requests.order.unitHint': true,
  'requests.order.unitFromDirectory': true,
  'requests.order.roles': true,
  'requests.order.rolesRemovalHint': true,
  'requests.order.accessCodes': true,
  'requests.order.accessCodesHint': true,
  'requests.order.startDate': true,
  'requests.order.endsOn': true,
  'requests.order.endDate': true,
  'requests.order.endDateHint': true,
  'requests.order.serviceNeed': true,
  'requests.order.serviceNeedHint': true,
  'requests.order.submit': true,
  'requests.order.sent': true,
  'requests.order.new': true,
  'requests.folder.title': true,
  'requests.folder.intro': true,
  'requests.folder.type': true,
  'requests.folder.type.folder': true,
  'requests.folder.type.folderHint': true,
  'requests.folder.type.extended': true,
  'requests.folder.type.extendedHint': true,
  'requests.folder.type.caseOwner': true,
  'requests.folder.type.caseOwnerHint': true,
  'requests.folder.forWhom': true,
  'requests.folder.forMe': true,
  'requests.folder.forEmployee': true,
  'requests.folder.employee': true,
  'requests.folder.subjectRequired': true,
  'requests.folder.caseNumber': true,
  'requests.folder.caseNumberHint': true,
  'requests.folder.r7Notice': true,
  'requests.folder.caseOwnerGrading': true,
  'requests.folder.grading': true,
  'requests.folder.gradingOptional': true,
  'requests.folder.right': true,
  'requests.folder.justification': true,
  'requests.folder.justificationR8': true,
  'requests.folder.justificationGuidance': true,
  'requests.folder.justificationR8Hint': true,
  'requests.folder.submit': true,
  'requests.folder.sent': true,
  'requests.folder.sentR8': true,
  'requests.folder.new': true,
  'requests.mine.title': true,
  'requests.mine.empty': true,
  'requests.waiting.title': true,
  'requests.waiting.intro': true,
  'requests.waiting.empty': true,
  'requests.list.title': true,
  'requests.list.base': true,
  'requests.list.caseNumber': true,
  'requests.list.submitted': true,
  'requests.list.requester': true,
  'requests.list.waitingFor': true,
  'requests.detail.back': true,
  'requests.detail.loading': true,
  'requests.detail.unknownPerson': true,
  'requests.detail.subject': true,
  'requests.detail.consultant': true,
  'requests.detail.base': true,
  'requests.detail.unit': true,
  'requests.detail.caseNumber': true,
  'requests.detail.grading': true,
  'requests.detail.right': true,
  'requests.detail.scope': true,
  'requests.detail.removalReason': true,
  'requests.detail.roles': true,
  'requests.detail.allAccess': true,
  'requests.detail.accessCodes': true,
  'requests.detail.period': true,
  'requests.detail.periodValue': true,
  'requests.detail.agreedWith': true,
  'requests.detail.endsOn': true,
  'requests.detail.startDate': true,
  'requests.detail.endDate': true,
  'requests.detail.requester': true,
  'requests.detail.submitted': true,
  'requests.detail.reference': true,
  'requests.detail.timeline': true,
  'requests.detail.noTimeline': true,
  'requests.detail.who': true,
  'requests.detail.onBehalfOf': true,
  'requests.detail.otherTexts': true,
  'requests.event.submitted': true,
  'requests.event.leaderConfirmed': true,
  'requests.event.leaderDeclined': true,
  'requests.event.arkivlederApproved': true,
  'requests.event.arkivlederRejected': true,
  'requests.event.informationRequested': true,
  'requests.event.informationProvided': true,
  'requests.event.approved': true,
  'requests.event.rejected': true,
  'requests.event.sentToAtea': true,
  'requests.event.carriedOut': true,
  'requests.event.withdrawn': true,
  'requests.step.leader.heading': true,
  'requests.step.leader.label': true,
  'requests.step.leader.hint': true,
  'requests.step.leader.confirm': true,
  'requests.step.leader.decline': true,
  'requests.step.leader.declineReasonRequired': true,
  'requests.step.leader.confirmed': true,
  'requests.step.leader.declined': true,
  'requests.step.arkivleder.heading': true,
  'requests.step.arkivleder.label': true,
  'requests.step.arkivleder.hint': true,
  'requests.step.arkivleder.approve': true,
  'requests.step.arkivleder.reject': true,
  'requests.step.arkivleder.rejectReasonRequired': true,
  'requests.step.arkivleder.approved': true,
  'requests.step.arkivleder.rejected': true,
  'requests.step.answer.heading': true,
  'requests.step.answer.question': true,
  'requests.step.answer.label': true,
  'requests.step.answer.hint': true,
  'requests.step.answer.required': true,
  'requests.step.answer.send': true,
  'requests.step.answer.sent': true,
  'requests.withdraw.button': true,
  'requests.withdraw.title': true,
  'requests.withdraw.body': true,
  'requests.withdraw.confirm': true,
  'requests.withdraw.cancel': true,
  'requests.withdraw.retry': true,
  'requests.withdraw.done': true,
  'delegations.title': true,
  'delegations.intro': true,
  'delegations.loading': true,
  'delegations.loadFailed': true,
  'delegations.list.heading': true,
  'delegations.list.empty': true,
  'delegations.list.who': true,
  'delegations.list.period': true,
  'delegations.list.openEnded': true,
  'delegations.list.grantedBy': true,
  'delegations.status.active': true,
  'delegations.status.upcoming': true,
  'delegations.status.ended': true,
  'delegations.status.revoked': true,
  'delegations.form.heading': true,
  'delegations.form.leader': true,
  'delegations.form.leaderHint': true,
  'delegations.form.leaderPlaceholder': true,
  'delegations.form.noLeaders': true,
  'delegations.form.delegate': true,
  'delegations.form.validFrom': true,
  'delegations.form.validTo': true,
  'delegations.form.validToHint': true,
  'delegations.form.submit': true,
  'delegations.form.sending': true,
  'delegations.form.granted': true,
  'delegations.form.leaderRequired': true,
  'delegations.form.delegateRequired': true,
  'delegations.form.delegateIsYou': true,
  'delegations.form.notAbove': true,
  'delegations.form.fromRequired': true,
  'delegations.revoke.button': true,
  'delegations.revoke.buttonLabel': true,
  'delegations.revoke.title': true,
  'delegations.revoke.body': true,
  'delegations.revoke.confirm': true,
  'delegations.revoke.cancel': true,
  'delegations.revoke.done': true,
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
