/**
 * The smoke run: settles, against one test site and one test mailbox of a real tenant, what the
 * product assumes of Microsoft 365 (docs/decisions/009 and 012), and makes every Graph call the
 * product makes (product-calls.ts) with the app's scopes. It is a function of a `fetch` and a
 * token source, so tests run it against the local emulator.
 *
 * It writes only to the site (one temporary list, deleted at the end) and to the test mailbox
 * (mails from it to itself; the copies are deleted at the end where the scopes allow), and, with
 * `--shared-mailbox`, sends one mail as the shared mailbox to the test mailbox.
 */
import { z } from 'zod';
import { utf8TextToBase64 } from '../../../src/m365/base64.ts';
import { createGraphClient } from '../../../src/m365/graph-client.ts';
import type { FetchLike } from '../../../src/m365/http-pipeline.ts';
import {
  createItemOnce,
  odataString,
  pathSegment,
  siteSegment,
  type ListRef,
} from '../../../src/m365/list-items.ts';
import { MAIL_REFERENCE_HEADER } from '../../../src/m365/mail-reference.ts';
import { createGraphMailer } from '../../../src/m365/mailer.ts';
import { createRetryPolicy } from '../../../src/m365/retry-policy.ts';
import { html } from '../../../src/m365/safe-html.ts';
import { graphScopes, type TokenSource } from '../../../src/m365/token-source.ts';
import {
  NotRun,
  productCalls,
  productScopes,
  scopesOf,
  type CallContext,
  type CallWrites,
} from './product-calls.ts';
import {
  createProbe,
  errorText,
  statusText,
  systemClock,
  type ProbeResult,
  type SmokeClock,
} from './smoke-http.ts';
import type { SmokeOptions } from './smoke-options.ts';
import { hasScope, scopeSatisfied, tokenScopes } from './token-scopes.ts';

export type Outcome = 'pass' | 'warn' | 'fail' | 'info' | 'not run' | 'skipped';

/** One line of the table. */
export interface SmokeRow {
  readonly check: string;
  readonly outcome: Outcome;
  /** What was observed: statuses, counts, seconds; no personal data beyond the options. */
  readonly evidence: string;
  /** What the product assumes, and where. */
  readonly assumes: string;
  /** A failure (or a check that could not run) makes the exit code non-zero. */
  readonly relied: boolean;
}

export interface CallRow {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly scopes: readonly string[];
  readonly writes: CallWrites;
  readonly outcome: 'pass' | 'fail' | 'not run';
  readonly evidence: string;
}

export interface BurstSend {
  readonly n: number;
  readonly internetMessageId: string;
  /** The run's clock when it was sent (ms since the epoch). */
  readonly sentAtMs: number;
  readonly status: number;
  readonly code: string | null;
  readonly retryAfter: string | null;
}

export interface SmokeReport {
  readonly runId: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly rows: readonly SmokeRow[];
  readonly calls: readonly CallRow[];
  readonly burst: readonly BurstSend[];
  /** 0 when every check the product relies on passed. */
  readonly exitCode: 0 | 1;
}

export interface SmokeTarget {
  readonly fetch: FetchLike;
  /** The administrator's sign-in to the app: the app's scopes. */
  readonly tokenSource: TokenSource;
  /**
   * For the run's own setup and cleanup only (creating and deleting the temporary list, deleting
   * the test mails): Graph wants Sites.Manage.All to create a list and Mail.ReadWrite to delete a
   * mail, which the app does not ask for. Default: the app's token (those steps then report
   * what it was refused).
   */
  readonly setupTokenSource?: TokenSource;
  readonly clock?: SmokeClock;
  /** Names the temporary list and the test mails; random when absent. */
  readonly runId?: string;
  /** How often Sent Items and the Inbox are looked at (default 1 s). */
  readonly pollMs?: number;
  /** Progress lines (stderr in the CLI), so stdout holds only the table. */
  readonly progress?: (line: string) => void;
}

/** Exchange counts a mailbox's sends over the last 60 seconds. */
const SENDING_WINDOW_MS = 61_000;
/** send-queue.ts re-checks Sent Items this long after an ambiguous sendMail failure. */
const PRODUCT_SENT_ITEMS_RECHECK_S = 2;

const messageSchema = z.object({
  id: z.string().min(1),
  internetMessageId: z.string().nullish(),
  conversationId: z.string().nullish(),
  subject: z.string().nullish(),
  internetMessageHeaders: z.array(z.object({ name: z.string(), value: z.string() })).nullish(),
});
type FoundMessage = z.infer<typeof messageSchema>;
const messagesSchema = z.object({ value: z.array(messageSchema) });
const meSchema = z.object({
  id: z.string().min(1),
  mail: z.string().nullish(),
  userPrincipalName: z.string().nullish(),
});
const idSchema = z.object({ id: z.string().min(1) });
const itemsSchema = z.object({ value: z.array(idSchema) });

function plural(count: number, word: string): string {
  if (count === 1) return `${count} ${word}`;
  return `${count} ${word.endsWith('y') ? `${word.slice(0, -1)}ies` : `${word}s`}`;
}

/** `1-30: 202; 31: 429 ApplicationThrottled (Retry-After 60)`. */
export function summariseBurst(sends: readonly BurstSend[]): string {
  const parts: string[] = [];
  let start = 0;
  const label = (send: BurstSend) =>
    `${statusText({ status: send.status, code: send.code ?? undefined })}${
      send.status === 429 || send.retryAfter !== null
        ? send.retryAfter === null
          ? ' (no Retry-After)'
          : ` (Retry-After ${send.retryAfter})`
        : ''
    }`;
  for (let index = 1; index <= sends.length; index += 1) {
    const first = sends[start];
    const current = sends[index];
    if (first !== undefined && (current === undefined || label(current) !== label(first))) {
      const last = sends[index - 1];
      const range =
        last === undefined || last.n === first.n ? `${first.n}` : `${first.n}-${last.n}`;
      parts.push(`${range}: ${label(first)}`);
      start = index;
    }
  }
  return parts.join('; ');
}

export async function runSmoke(options: SmokeOptions, target: SmokeTarget): Promise<SmokeReport> {
  const clock = target.clock ?? systemClock;
  const pollMs = target.pollMs ?? 1_000;
  const progress = target.progress ?? (() => undefined);
  const runId = target.runId ?? crypto.randomUUID().slice(0, 8);
  const startedAt = new Date(clock.now());
  const policy = createRetryPolicy({ sleep: (ms) => clock.sleep(ms), now: () => clock.now() });
  const graph = createGraphClient(target.tokenSource, options.graphRoot, {
    fetch: target.fetch,
    retry: policy,
  });
  const probe = createProbe(target.fetch, options.graphRoot, target.tokenSource, policy);
  const setupProbe =
    target.setupTokenSource === undefined
      ? probe
      : createProbe(target.fetch, options.graphRoot, target.setupTokenSource, policy);
  const setupWith =
    target.setupTokenSource === undefined ? "the app's token" : 'the setup token (GRAPH_TOKEN)';
  const domain = options.mailbox.split('@')[1] ?? 'example.org';
  const subject = `[Elements tilgang smoke ${runId}] test mail, safe to delete`;
  let messageCounter = 0;
  const nextInternetMessageId = () => {
    messageCounter += 1;
    return `<smoke.${runId}.${messageCounter}@${domain}>`;
  };
  /** Message-IDs of mails this run sent that Exchange accepted: cleanup looks for their copies. */
  const accepted: string[] = [];
  /** When this run last had a mail accepted (an object: closures update it). */
  const lastSend: { at: number | null } = { at: null };
  const noteSend = (internetMessageId: string | null) => {
    if (internetMessageId !== null) accepted.push(internetMessageId);
    lastSend.at = clock.now();
  };

  const rows: SmokeRow[] = [];
  const calls: CallRow[] = [];
  const burst: BurstSend[] = [];
  const row = (entry: SmokeRow) => {
    rows.push(entry);
    progress(`${entry.outcome.padEnd(7)} ${entry.check}`);
  };
  const finish = (): SmokeReport => ({
    runId,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date(clock.now()).toISOString(),
    rows,
    calls,
    burst,
    exitCode: rows.some(
      (entry) => entry.relied && (entry.outcome === 'fail' || entry.outcome === 'not run'),
    )
      ? 1
      : 0,
  });

  // --- the token's scopes -------------------------------------------------------------------
  const token = await target.tokenSource.getAccessToken(productScopes());
  const claims = tokenScopes(token);
  const needed = productScopes();
  const granted = claims.scopes ?? [];
  const missing = needed.filter((scope) => !scopeSatisfied(granted, scope));
  const standard = ['openid', 'profile', 'email', 'offline_access'];
  const extra = granted.filter((scope) => !hasScope(needed, scope) && !hasScope(standard, scope));
  row({
    check: 'Token scopes',
    outcome: claims.application
      ? 'fail'
      : claims.scopes === null
        ? 'warn'
        : missing.length > 0
          ? 'fail'
          : 'pass',
    evidence: claims.application
      ? 'an application token (roles): the product signs people in, delegated only'
      : claims.scopes === null
        ? 'the token has no readable scp claim: scopes are judged by the calls below only'
        : `scp: ${granted.join(' ') || '(none)'}${
            missing.length > 0 ? `; missing: ${missing.join(', ')}` : ''
          }${extra.length > 0 ? `; beyond the product's: ${extra.join(', ')} (a success may rest on them)` : ''}`,
    assumes:
      'the app registration is consented for every scope in graphScopes (src/m365/token-source.ts)',
    relied: true,
  });

  // --- the signed-in account must be the test mailbox ----------------------------------------
  const me = await probe('GET', '/me', {
    scopes: graphScopes.readProfile,
    query: { $select: 'id,mail,userPrincipalName' },
  });
  const meBody = me.ok ? meSchema.safeParse(me.body) : null;
  if (meBody === null || !meBody.success) {
    row({
      check: 'Signed-in account',
      outcome: 'fail',
      evidence: `GET /me answered ${statusText(me)}; nothing else was tried`,
      assumes: 'User.Read reads the signed-in profile',
      relied: true,
    });
    return finish();
  }
  const addresses = [meBody.data.mail, meBody.data.userPrincipalName].map((value) =>
    (value ?? '').toLowerCase(),
  );
  if (!addresses.includes(options.mailbox)) {
    row({
      check: 'Signed-in account',
      outcome: 'fail',
      evidence:
        'the account signed in is not --mailbox (neither its mail nor its userPrincipalName); nothing was sent or written. Sign in as the test mailbox.',
      assumes: 'the run sends only from and to the test mailbox',
      relied: true,
    });
    return finish();
  }
  const meId = meBody.data.id;
  if (target.setupTokenSource !== undefined) {
    const setupMe = await setupProbe('GET', '/me', {
      scopes: graphScopes.readProfile,
      query: { $select: 'id' },
    });
    const setupId = setupMe.ok ? idSchema.safeParse(setupMe.body).data?.id : undefined;
    if (setupId !== meId) {
      row({
        check: 'Signed-in account',
        outcome: 'fail',
        evidence: `the setup token (GRAPH_TOKEN) ${
          setupMe.ok
            ? 'belongs to another account'
            : `was refused: GET /me answered ${statusText(setupMe)}`
        }; it must be the test mailbox's own. Nothing was sent or written.`,
        assumes: 'the run sends only from and to the test mailbox',
        relied: true,
      });
      return finish();
    }
  }
  row({
    check: 'Signed-in account',
    outcome: 'pass',
    evidence: `signed in as ${options.mailbox}`,
    assumes: 'the run sends only from and to the test mailbox',
    relied: true,
  });

  // --- the test site and its temporary list ---------------------------------------------------
  let scratchList: (ListRef & { name: string; siteId: string }) | null = null;
  const site = await probe('GET', `/sites/${siteSegment(options.site)}`, {
    scopes: graphScopes.readLedger,
  });
  const siteBody = site.ok ? idSchema.safeParse(site.body) : null;
  const siteId = siteBody?.success === true ? siteBody.data.id : null;
  const listName = `ElementsTilgangSmoke-${runId}`;
  let listRow: SmokeRow;
  if (siteId === null) {
    listRow = {
      check: 'Temporary list on the test site',
      outcome: 'fail',
      evidence: `GET the site answered ${statusText(site)}`,
      assumes: 'Sites.ReadWrite.All reaches the site through Graph',
      relied: true,
    };
  } else {
    progress(`Creating the temporary list ${listName} on the test site …`);
    const created = await setupProbe('POST', `/sites/${pathSegment(siteId)}/lists`, {
      scopes: ['Sites.Manage.All'],
      body: {
        displayName: listName,
        description: `Made by the Elements tilgang smoke run ${runId}; deleted at its end. Safe to delete.`,
        list: { template: 'genericList' },
        columns: [
          {
            name: 'SmokeKey',
            displayName: 'SmokeKey',
            text: { allowMultipleLines: false, maxLength: 255 },
            indexed: true,
            enforceUniqueValues: true,
          },
        ],
      },
    });
    const createdBody = created.ok ? idSchema.safeParse(created.body) : null;
    if (createdBody?.success === true) {
      scratchList = { site: siteId, list: createdBody.data.id, name: listName, siteId };
      listRow = {
        check: 'Temporary list on the test site',
        outcome: 'pass',
        evidence: `created ${listName} with an indexed, unique column, with ${setupWith}`,
        assumes: 'setup only (the product never creates lists; provisioning does)',
        relied: false,
      };
    } else {
      listRow = {
        check: 'Temporary list on the test site',
        outcome: 'fail',
        evidence: `POST lists with ${setupWith} answered ${statusText(created)}${
          created.status === 403
            ? ' (Graph wants Sites.Manage.All to create a list, and the account must own the site: export GRAPH_TOKEN as for provisioning)'
            : ''
        }`,
        assumes: 'setup only (the product never creates lists; provisioning does)',
        relied: true,
      };
    }
  }
  row(listRow);

  try {
    // --- unique-column duplicate ------------------------------------------------------------
    const uniqueAssumes =
      '409 nameAlreadyExists; createItemOnce then reads the id and returns the stored item (decision 009)';
    if (scratchList === null) {
      row({
        check: 'Unique-column duplicate',
        outcome: 'not run',
        evidence: 'no temporary list',
        assumes: uniqueAssumes,
        relied: true,
      });
    } else {
      const ref = scratchList;
      const key = `dup-${runId}`;
      const itemsPath = `/sites/${pathSegment(ref.siteId)}/lists/${pathSegment(ref.list)}/items`;
      const add = () =>
        probe('POST', itemsPath, {
          scopes: graphScopes.writeLedger,
          body: { fields: { Title: 'Elements tilgang smoke run', SmokeKey: key } },
        });
      const first = await add();
      const second = first.ok ? await add() : null;
      if (second === null) {
        row({
          check: 'Unique-column duplicate',
          outcome: 'fail',
          evidence: `the first add answered ${statusText(first)}`,
          assumes: uniqueAssumes,
          relied: true,
        });
      } else {
        let recovered: string;
        let recoveredOk = false;
        try {
          await createItemOnce(graph, {
            ref,
            uniqueColumn: 'SmokeKey',
            fields: { Title: 'Elements tilgang smoke run', SmokeKey: key },
            scopes: graphScopes.writeLedger,
            matches: (item) => item.fields['SmokeKey'] === key,
          });
          recovered = 'createItemOnce with the same id returned the stored item';
          recoveredOk = true;
        } catch (error) {
          recovered = `createItemOnce with the same id failed: ${errorText(error)}`;
        }
        const message = second.message === undefined ? '' : ` "${second.message.slice(0, 160)}"`;
        row({
          check: 'Unique-column duplicate',
          outcome: second.ok
            ? 'fail'
            : second.status === 409 && recoveredOk
              ? 'pass'
              : recoveredOk
                ? 'warn'
                : 'fail',
          evidence: second.ok
            ? `the second add with the same value was accepted (${second.status}): the column is not unique`
            : `second add: ${statusText(second)}${message}; ${recovered}`,
          assumes: uniqueAssumes,
          relied: true,
        });
      }
    }

    // --- the Message-ID is kept, and the Sent Items delay -----------------------------------
    const findCopy = async (
      folder: 'sentitems' | 'inbox',
      internetMessageId: string,
    ): Promise<FoundMessage | null> => {
      const result = await probe('GET', `/me/mailFolders/${folder}/messages`, {
        scopes: graphScopes.readMail,
        query: {
          $filter: `internetMessageId eq ${odataString(internetMessageId)}`,
          $select: `id,internetMessageId,conversationId,subject${folder === 'inbox' ? ',internetMessageHeaders' : ''}`,
          $top: '5',
        },
      });
      if (!result.ok) return null;
      return messagesSchema.safeParse(result.body).data?.value[0] ?? null;
    };
    const testId = nextInternetMessageId();
    let testMail: CallContext['testMail'] = null;
    const idAssumes =
      'sendMail keeps a client-set internetMessageId; Sent Items and the Inbox find it with $filter (decision 012)';
    const delayAssumes = `a copy within seconds: after a lost sendMail answer the queue looks again after ${PRODUCT_SENT_ITEMS_RECHECK_S} s, then 4, 8, 16, 32 s (send-queue.ts)`;
    progress('Sending the test mail to the test mailbox …');
    const sentAt = clock.now();
    let sendError: unknown = null;
    try {
      await createGraphMailer(graph, { retryThrottled: false }).sendMail({
        to: [options.mailbox],
        subject,
        html: html`<p>
          Elements tilgang smoke run ${runId}. This mail tests the Message-ID and the Sent Items
          copy; it is safe to delete.
        </p>`,
        reference: { kind: 'smoke-test', run: runId },
        internetMessageId: testId,
        attachments: [
          {
            name: 'smoke.json',
            contentType: 'application/json',
            contentBytes: utf8TextToBase64(JSON.stringify({ smokeRun: runId })),
          },
        ],
      });
      noteSend(testId);
    } catch (error) {
      sendError = error;
    }
    calls.push({
      id: 'mailer.sendMail',
      method: 'POST',
      path: '/me/sendMail',
      scopes: graphScopes.sendMail,
      writes: 'test mailbox',
      outcome: sendError === null ? 'pass' : 'fail',
      evidence: sendError === null ? 'the test mail (202)' : errorText(sendError),
    });
    if (sendError !== null) {
      row({
        check: 'internetMessageId kept',
        outcome: 'fail',
        evidence: `sendMail answered ${errorText(sendError)}`,
        assumes: idAssumes,
        relied: true,
      });
      row({
        check: 'Sent Items delay',
        outcome: 'not run',
        evidence: 'no test mail',
        assumes: delayAssumes,
        relied: true,
      });
    } else {
      const find = (folder: 'sentitems' | 'inbox') => findCopy(folder, testId);
      const deadline = sentAt + options.sentItemsTimeoutSeconds * 1000;
      let sentCopy: FoundMessage | null = null;
      let inboxCopy: FoundMessage | null = null;
      let sentSeconds: number | null = null;
      let inboxSeconds: number | null = null;
      progress(
        `Looking for the copies every ${pollMs / 1000} s, for at most ${options.sentItemsTimeoutSeconds} s …`,
      );
      for (;;) {
        if (sentCopy === null) {
          sentCopy = await find('sentitems');
          if (sentCopy !== null) sentSeconds = (clock.now() - sentAt) / 1000;
        }
        if (inboxCopy === null) {
          inboxCopy = await find('inbox');
          if (inboxCopy !== null) inboxSeconds = (clock.now() - sentAt) / 1000;
        }
        if ((sentCopy !== null && inboxCopy !== null) || clock.now() >= deadline) break;
        await clock.sleep(pollMs);
      }
      testMail = {
        internetMessageId: testId,
        inboxMessageId: inboxCopy?.id ?? null,
        conversationId: inboxCopy?.conversationId ?? sentCopy?.conversationId ?? null,
      };
      let replaced = '';
      if (sentCopy === null) {
        // Not found by its id: did Exchange give it another one, or is it just not there yet?
        const recent = await probe('GET', '/me/mailFolders/sentitems/messages', {
          scopes: graphScopes.readMail,
          query: {
            $select: 'id,internetMessageId,subject',
            $orderby: 'sentDateTime desc',
            $top: '25',
          },
        });
        const bySubject = messagesSchema
          .safeParse(recent.body)
          .data?.value.find((message) => message.subject === subject);
        replaced =
          bySubject === undefined
            ? ''
            : ` A Sent Items copy with the run's subject carries ${bySubject.internetMessageId ?? 'no id'}: Exchange replaced the id.`;
      }
      const kept = (copy: FoundMessage | null) =>
        copy !== null && copy.internetMessageId === testId;
      row({
        check: 'internetMessageId kept',
        outcome: kept(sentCopy) && kept(inboxCopy) ? 'pass' : 'fail',
        evidence:
          kept(sentCopy) && kept(inboxCopy)
            ? `Sent Items and Inbox copies carry ${testId}`
            : `${testId}: Sent Items ${sentCopy === null ? 'not found by $filter' : kept(sentCopy) ? 'kept' : 'differs'}, Inbox ${inboxCopy === null ? 'not found by $filter' : kept(inboxCopy) ? 'kept' : 'differs'} within ${options.sentItemsTimeoutSeconds} s.${replaced}`,
        assumes: idAssumes,
        relied: true,
      });
      row({
        check: 'Sent Items delay',
        outcome:
          sentSeconds === null
            ? 'fail'
            : sentSeconds <= PRODUCT_SENT_ITEMS_RECHECK_S
              ? 'pass'
              : 'warn',
        evidence:
          sentSeconds === null
            ? `no Sent Items copy within ${options.sentItemsTimeoutSeconds} s`
            : `Sent Items copy after ${sentSeconds.toFixed(1)} s, Inbox copy after ${
                inboxSeconds === null
                  ? `more than ${options.sentItemsTimeoutSeconds}`
                  : inboxSeconds.toFixed(1)
              } s (polled every ${pollMs / 1000} s)${
                sentSeconds > PRODUCT_SENT_ITEMS_RECHECK_S
                  ? `; slower than the queue's first re-check (${PRODUCT_SENT_ITEMS_RECHECK_S} s): a lost answer in that window can send a mail twice`
                  : ''
              }`,
        assumes: delayAssumes,
        relied: true,
      });
      const header = inboxCopy?.internetMessageHeaders?.find(
        (entry) => entry.name.toLowerCase() === MAIL_REFERENCE_HEADER,
      );
      row({
        check: `${MAIL_REFERENCE_HEADER} header in the recipient's copy`,
        outcome: inboxCopy === null ? 'not run' : header === undefined ? 'fail' : 'pass',
        evidence:
          inboxCopy === null
            ? 'the Inbox copy was not found'
            : header === undefined
              ? 'the Inbox copy has no such header'
              : 'present in the Inbox copy',
        assumes:
          'the task pane and reply matching read it from the recipient’s copy (mail-reference.ts)',
        relied: true,
      });
    }

    // --- every Graph call the product makes -------------------------------------------------
    progress('Making every Graph call the product makes …');
    const context: CallContext = {
      graph,
      options,
      runId,
      meId,
      scratchList,
      testMail,
      startedAt,
      nextInternetMessageId,
      subject,
    };
    for (const call of productCalls) {
      if (call.id === 'mailer.sendMail') continue;
      const base = {
        id: call.id,
        method: call.method,
        path: call.path,
        scopes: scopesOf(call),
        writes: call.writes,
      };
      if (call.run === undefined) {
        calls.push({ ...base, outcome: 'not run', evidence: call.notRun ?? 'not made' });
        continue;
      }
      const sendsMail = call.writes === 'test mailbox' || call.writes === 'shared mailbox';
      const before = messageCounter;
      try {
        const evidence = await call.run(context);
        if (sendsMail) {
          noteSend(messageCounter > before ? `<smoke.${runId}.${messageCounter}@${domain}>` : null);
        }
        calls.push({ ...base, outcome: 'pass', evidence });
      } catch (error) {
        if (error instanceof NotRun) {
          calls.push({ ...base, outcome: 'not run', evidence: error.message });
          continue;
        }
        const lacking = scopesOf(call).filter((scope) => !scopeSatisfied(granted, scope));
        calls.push({
          ...base,
          outcome: 'fail',
          evidence: `${errorText(error)}${
            claims.scopes !== null && lacking.length > 0
              ? ` (the token lacks ${lacking.join(', ')})`
              : ''
          }`,
        });
      }
    }
    const failed = calls.filter((call) => call.outcome === 'fail');
    const notRun = calls.filter((call) => call.outcome === 'not run');
    row({
      check: "Every product Graph call with the app's scopes",
      outcome: failed.length > 0 ? 'fail' : 'pass',
      evidence: `${calls.length - failed.length - notRun.length} of ${calls.length} succeeded, ${notRun.length} not run${
        failed.length > 0 ? `; failed: ${failed.map((call) => call.id).join(', ')}` : ''
      } (each call is listed below)`,
      assumes: 'each call in src/m365/ succeeds with the scopes in graphScopes',
      relied: true,
    });

    // --- the shared mailbox -----------------------------------------------------------------
    const sharedAssumes =
      'the campaign mailbox (VITE_REVIEW_MAILBOX) is read through /users/{mailbox} with the scopes in graphScopes (campaign-mailbox.ts)';
    if (options.sharedMailbox === undefined) {
      row({
        check: 'Shared mailbox read',
        outcome: 'skipped',
        evidence: 'no --shared-mailbox given',
        assumes: sharedAssumes,
        relied: false,
      });
    } else {
      const shared = options.sharedMailbox;
      const results = await Promise.all(
        (['inbox', 'sentitems'] as const).map((folder) =>
          probe('GET', `/users/${encodeURIComponent(shared)}/mailFolders/${folder}/messages`, {
            scopes: graphScopes.readMail,
            query: { $select: 'id', $top: '1' },
          }),
        ),
      );
      const [inbox, sentItems] = results;
      const readOk = results.every((result) => result.ok);
      const carries = claims.scopes === null ? null : hasScope(claims.scopes, 'Mail.Read.Shared');
      const scopeWords =
        carries === null
          ? 'the token has no readable scp claim'
          : carries
            ? 'the token carries Mail.Read.Shared (consented to the app), so reading without it was not tested; remove the consent and run again to test that'
            : 'the token does not carry Mail.Read.Shared';
      const statuses = `Inbox ${inbox === undefined ? '?' : statusText(inbox)}, Sent Items ${sentItems === undefined ? '?' : statusText(sentItems)}`;
      row({
        check: 'Shared mailbox read',
        outcome: readOk ? (carries === true ? 'warn' : 'pass') : 'fail',
        evidence: `${statuses}; ${scopeWords}${
          !readOk && carries === false
            ? '; consent Mail.Read.Shared and ask for it in graphScopes (readMail for /users/{mailbox})'
            : !readOk
              ? '; check that the account has Full Access to the mailbox'
              : ''
        }`,
        assumes: sharedAssumes,
        relied: true,
      });
    }

    // --- the burst: what the 31st mail in a minute gets -------------------------------------
    const burstAssumes =
      'about 30 a minute per mailbox; over it 429 with Retry-After and nothing sent (mailer.ts waits it), or held and sent later; the queue paces itself at 30/min (decision 012)';
    const quietSince = lastSend.at;
    if (quietSince !== null) {
      const wait = quietSince + SENDING_WINDOW_MS - clock.now();
      if (wait > 0) {
        progress(
          `Waiting ${Math.ceil(wait / 1000)} s so earlier test mails leave the sending window …`,
        );
        await clock.sleep(wait);
      }
    }
    progress(`Sending ${plural(options.burst, 'mail')} to the test mailbox as fast as possible …`);
    for (let n = 1; n <= options.burst; n += 1) {
      const internetMessageId = nextInternetMessageId();
      const sentAtMs = clock.now();
      const result: ProbeResult = await probe('POST', '/me/sendMail', {
        scopes: graphScopes.sendMail,
        body: {
          message: {
            subject: `${subject} (${n} of ${options.burst})`,
            body: {
              contentType: 'Text',
              content: `Elements tilgang smoke run ${runId}, mail ${n}.`,
            },
            toRecipients: [{ emailAddress: { address: options.mailbox } }],
            internetMessageId,
          },
          saveToSentItems: true,
        },
      });
      if (result.ok) noteSend(internetMessageId);
      burst.push({
        n,
        internetMessageId,
        sentAtMs: sentAtMs,
        status: result.status,
        code: result.code ?? null,
        retryAfter: result.retryAfter,
      });
    }
    const firstRefusal = burst.find((send) => send.status === 429);
    const odd = burst.filter((send) => send.status !== 202 && send.status !== 429);
    // Accepted is not sent: Exchange may hold mail over its rate and send it later. When the
    // first and the last accepted mail reach Sent Items tells the two apart.
    const acceptedSends = burst.filter((send) => send.status === 202);
    const firstAccepted = acceptedSends[0];
    const lastAccepted = acceptedSends.at(-1);
    let timing = '';
    let held = false;
    if (firstAccepted !== undefined && lastAccepted !== undefined) {
      const deadline = clock.now() + options.sentItemsTimeoutSeconds * 1000;
      const seen = new Map<number, number>();
      progress('Waiting for the burst’s first and last mail to reach Sent Items …');
      for (;;) {
        for (const send of [firstAccepted, lastAccepted]) {
          if (seen.has(send.n)) continue;
          if ((await findCopy('sentitems', send.internetMessageId)) !== null) {
            seen.set(send.n, (clock.now() - send.sentAtMs) / 1000);
          }
        }
        if (seen.size === new Set([firstAccepted.n, lastAccepted.n]).size) break;
        if (clock.now() >= deadline) break;
        await clock.sleep(pollMs);
      }
      const seconds = (send: BurstSend) => {
        const value = seen.get(send.n);
        return value === undefined
          ? `not within ${options.sentItemsTimeoutSeconds} s`
          : `after ${value.toFixed(1)} s`;
      };
      const lastSeconds = seen.get(lastAccepted.n);
      const firstSeconds = seen.get(firstAccepted.n) ?? 0;
      held =
        lastAccepted.n !== firstAccepted.n &&
        (lastSeconds === undefined || lastSeconds - firstSeconds > 20);
      timing = `; Sent Items copy of mail ${firstAccepted.n} ${seconds(firstAccepted)}${
        lastAccepted.n === firstAccepted.n
          ? ''
          : `, of mail ${lastAccepted.n} ${seconds(lastAccepted)}`
      }${held ? ' (accepted, then held by Exchange and sent later)' : ''}`;
    }
    row({
      check: `Mail number ${options.burst} in a minute`,
      outcome:
        odd.length > 0
          ? 'fail'
          : firstRefusal !== undefined
            ? firstRefusal.retryAfter === null
              ? 'warn'
              : 'pass'
            : held
              ? 'pass'
              : options.burst < 31
                ? 'info'
                : 'warn',
      evidence: `${summariseBurst(burst)}${
        firstRefusal === undefined
          ? options.burst < 31
            ? `; no refusal (--burst ${options.burst} is below Exchange's 30 a minute)`
            : held
              ? '; none refused'
              : '; none refused or held: the limit is higher here, or counted otherwise'
          : `; first refusal at mail ${firstRefusal.n}`
      }${timing}`,
      assumes: burstAssumes,
      relied: true,
    });
  } finally {
    // --- cleanup ----------------------------------------------------------------------------
    progress('Cleaning up …');
    if (scratchList !== null) {
      const ref = scratchList;
      const listPath = `/sites/${pathSegment(ref.siteId)}/lists/${pathSegment(ref.list)}`;
      const items = await setupProbe('GET', `${listPath}/items`, {
        scopes: graphScopes.readLedger,
        query: { $select: 'id', $top: '200' },
      });
      const itemIds = itemsSchema.safeParse(items.body).data?.value.map((item) => item.id) ?? [];
      let itemsDeleted = 0;
      for (const id of itemIds) {
        const deleted = await setupProbe('DELETE', `${listPath}/items/${pathSegment(id)}`, {
          scopes: graphScopes.writeLedger,
        });
        if (deleted.ok) itemsDeleted += 1;
      }
      const dropped = await setupProbe('DELETE', listPath, { scopes: ['Sites.Manage.All'] });
      row({
        check: 'Cleanup: temporary list',
        outcome: dropped.ok ? 'pass' : 'fail',
        evidence: dropped.ok
          ? `${ref.name} deleted (it goes to the site's recycle bin)`
          : `DELETE of ${ref.name} answered ${statusText(dropped)}; ${itemsDeleted} of ${plural(itemIds.length, 'item')} in it deleted. Delete the list by hand: ${options.site}/Lists/${ref.name}`,
        assumes: 'the run leaves the site as it found it',
        relied: true,
      });
    }
    if (accepted.length > 0) {
      // Copies still in transport would be left behind: wait (bounded) for the last one.
      const last = accepted.at(-1) ?? '';
      const deadline = clock.now() + options.sentItemsTimeoutSeconds * 1000;
      for (;;) {
        const found = await probe('GET', '/me/mailFolders/inbox/messages', {
          scopes: graphScopes.readMail,
          query: { $filter: `internetMessageId eq ${odataString(last)}`, $select: 'id', $top: '1' },
        });
        const arrived = (itemsSchema.safeParse(found.body).data?.value.length ?? 0) > 0;
        if (arrived || !found.ok || clock.now() >= deadline) break;
        await clock.sleep(pollMs);
      }
      const copies = new Set<string>();
      for (const internetMessageId of accepted) {
        const found = await probe('GET', '/me/messages', {
          scopes: graphScopes.readMail,
          query: {
            $filter: `internetMessageId eq ${odataString(internetMessageId)}`,
            $select: 'id,conversationId',
            $top: '10',
          },
        });
        for (const message of messagesSchema.safeParse(found.body).data?.value ?? []) {
          copies.add(message.id);
        }
      }
      // The reply has an id Exchange made: find it in the test mail's conversation.
      const conversationMessages = await probe('GET', '/me/messages', {
        scopes: graphScopes.readMail,
        query: {
          $filter: `internetMessageId eq ${odataString(accepted[0] ?? '')}`,
          $select: 'id,conversationId',
          $top: '1',
        },
      });
      const conversationId = messagesSchema.safeParse(conversationMessages.body).data?.value[0]
        ?.conversationId;
      if (conversationId !== undefined && conversationId !== null) {
        const thread = await probe('GET', '/me/messages', {
          scopes: graphScopes.readMail,
          query: { $filter: `conversationId eq ${odataString(conversationId)}`, $select: 'id' },
        });
        for (const message of messagesSchema.safeParse(thread.body).data?.value ?? []) {
          copies.add(message.id);
        }
      }
      let deleted = 0;
      let refusal: ProbeResult | null = null;
      for (const id of copies) {
        const result = await setupProbe('DELETE', `/me/messages/${pathSegment(id)}`, {
          scopes: ['Mail.ReadWrite'],
        });
        if (result.ok) deleted += 1;
        else refusal ??= result;
      }
      row({
        check: 'Cleanup: test mails',
        outcome: deleted === copies.size ? 'pass' : 'warn',
        evidence: `${plural(accepted.length, 'mail')} sent (sent mail cannot be taken back; all went to the test mailbox${
          options.sharedMailbox === undefined
            ? ''
            : ', one from the shared mailbox, whose Sent Items copy stays'
        }); ${deleted} of ${plural(copies.size, 'copy')} in the test mailbox deleted${
          refusal === null
            ? ''
            : `; DELETE with ${setupWith} answered ${statusText(refusal)} (needs Mail.ReadWrite, which the app does not ask for): delete the mails whose subject starts with "[Elements tilgang smoke ${runId}]" by hand`
        }`,
        assumes: 'the run leaves only what it cannot take back',
        relied: false,
      });
    }
  }
  return finish();
}
