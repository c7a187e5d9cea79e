/**
 * What `npm run smoke -- --dry-run` prints: every call the run would make, in order, with its
 * method, path, the scopes it asks for and whether (and where) it writes. Built from the options
 * alone; nothing is sent and nobody is signed in.
 */
import { graphScopes } from '../../../src/m365/token-source.ts';
import { productCalls, productScopes, scopesOf, type CallWrites } from './product-calls.ts';
import type { SmokeOptions } from './smoke-options.ts';

export interface PlannedCall {
  readonly step: string;
  readonly method: string;
  readonly path: string;
  readonly scopes: readonly string[];
  readonly writes: CallWrites;
  /** When it is not made at all, why. */
  readonly notRun?: string;
}

export function buildSmokePlan(options: SmokeOptions): PlannedCall[] {
  const list = '/sites/{site id}/lists/ElementsTilgangSmoke-{run}';
  const shared = options.sharedMailbox ?? '{shared mailbox}';
  const calls: PlannedCall[] = [
    {
      step: 'Sign in',
      method: 'MSAL',
      path: `${options.authorityHost}/${options.tenant} (${options.signIn}, client ${options.clientId})`,
      scopes: ['https://graph.microsoft.com/.default'],
      writes: 'nothing',
    },
    {
      step: 'Signed-in account',
      method: 'GET',
      path: '/me?$select=id,mail,userPrincipalName',
      scopes: graphScopes.readProfile,
      writes: 'nothing',
    },
    {
      step: 'Test site',
      method: 'GET',
      path: `/sites/${options.site.replace(/^https:\/\//, '').replace('/', ':/')}:`,
      scopes: graphScopes.readLedger,
      writes: 'nothing',
    },
    {
      step: 'Temporary list',
      method: 'POST',
      path: '/sites/{site id}/lists (SmokeKey: indexed, enforceUniqueValues), with GRAPH_TOKEN if set',
      scopes: ['Sites.Manage.All'],
      writes: 'test site',
    },
    {
      step: 'Unique-column duplicate',
      method: 'POST',
      path: `${list}/items (twice, same SmokeKey; then createItemOnce)`,
      scopes: graphScopes.writeLedger,
      writes: 'test site',
    },
    {
      step: 'internetMessageId kept',
      method: 'POST',
      path: `/me/sendMail (to ${options.mailbox}, Message-ID <smoke.{run}.1@…>, a small JSON file)`,
      scopes: graphScopes.sendMail,
      writes: 'test mailbox',
    },
    {
      step: 'Sent Items delay',
      method: 'GET',
      path: `/me/mailFolders/{sentitems,inbox}/messages?$filter=internetMessageId eq … (every second, at most ${options.sentItemsTimeoutSeconds} s)`,
      scopes: graphScopes.readMail,
      writes: 'nothing',
    },
    ...productCalls
      .filter((call) => call.id !== 'mailer.sendMail')
      .map((call) => ({
        step: `Product call ${call.id}`,
        method: call.method,
        path: call.path,
        scopes: scopesOf(call),
        writes: call.writes,
        ...(call.notRun !== undefined
          ? { notRun: call.notRun }
          : call.writes === 'shared mailbox' && options.sharedMailbox === undefined
            ? { notRun: 'no --shared-mailbox given' }
            : call.path.includes('{shared mailbox}') && options.sharedMailbox === undefined
              ? { notRun: 'no --shared-mailbox given' }
              : call.path.startsWith('/teams/') && options.teamId === undefined
                ? { notRun: 'no --team-id/--channel-id given' }
                : {}),
      })),
    {
      step: 'Shared mailbox read',
      method: 'GET',
      path: `/users/${shared}/mailFolders/{inbox,sentitems}/messages?$top=1`,
      scopes: graphScopes.readMail,
      writes: 'nothing',
      ...(options.sharedMailbox === undefined ? { notRun: 'no --shared-mailbox given' } : {}),
    },
    {
      step: `Mail number ${options.burst} in a minute`,
      method: 'POST',
      path: `/me/sendMail × ${options.burst} (to ${options.mailbox}, after a quiet minute)`,
      scopes: graphScopes.sendMail,
      writes: 'test mailbox',
    },
    {
      step: 'Cleanup',
      method: 'DELETE',
      path: `${list}/items/{id}, then ${list}, with GRAPH_TOKEN if set`,
      scopes: ['Sites.ReadWrite.All', 'Sites.Manage.All'],
      writes: 'test site',
    },
    {
      step: 'Cleanup',
      method: 'DELETE',
      path: '/me/messages/{id} (each copy of the run’s mails in the test mailbox), with GRAPH_TOKEN if set',
      scopes: ['Mail.ReadWrite'],
      writes: 'test mailbox',
    },
  ];
  return calls;
}

/** The plan as text, with what the run writes and the warnings an administrator needs first. */
export function formatSmokePlan(options: SmokeOptions, placeholders: readonly string[]): string {
  const plan = buildSmokePlan(options);
  const lines = [
    `Smoke run plan for tenant ${options.tenant}`,
    `  site    ${options.site}`,
    `  mailbox ${options.mailbox} (sign in as this account)`,
    ...(options.sharedMailbox === undefined ? [] : [`  shared  ${options.sharedMailbox}`]),
    '',
    'Calls, in order (W = writes):',
  ];
  for (const call of plan) {
    const writes = call.writes === 'nothing' ? ' ' : 'W';
    const scopes = call.scopes.length === 0 ? '' : ` [${call.scopes.join(', ')}]`;
    const skipped = call.notRun === undefined ? '' : `  (not made: ${call.notRun})`;
    lines.push(
      `  ${writes} ${call.method.padEnd(6)} ${call.path}${scopes}${call.writes === 'nothing' ? '' : ` -> ${call.writes}`}${skipped}`,
    );
    lines.push(`           ${call.step}`);
  }
  lines.push(
    '',
    'What it writes:',
    `  - on ${options.site}: one temporary list ElementsTilgangSmoke-{run} with a few items; deleted at the end`,
    `  - in ${options.mailbox}: about ${options.burst + 3} mails sent from it to itself (and their Sent Items copies);`,
    '    sent mail cannot be taken back; the copies are deleted at the end if the token may (Mail.ReadWrite)',
    ...(options.sharedMailbox === undefined
      ? []
      : [
          `  - one mail sent as ${options.sharedMailbox} to ${options.mailbox}; its Sent Items copy stays`,
        ]),
    '',
    `Warning: the burst sends ${options.burst} mails within seconds and uses up the test mailbox's sending`,
    '  limit for about a minute. Use a test mailbox nobody else sends from (--burst changes the count).',
    `The product's scopes: ${productScopes().join(', ')}.`,
  );
  if (placeholders.length > 0) {
    lines.push(
      '',
      `Placeholders shown for ${placeholders.join(', ')}: pass them to see the real plan.`,
    );
  }
  lines.push('', 'Dry run: nobody signed in, nothing was sent anywhere.');
  return lines.join('\n');
}
