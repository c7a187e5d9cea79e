import type { Services } from '../features/services/services.tsx';
import { createDelegationDesk } from '../features/delegations/create-delegation-desk.ts';
import { createRequestDesk } from '../features/requests/create-request-desk.ts';
import { createGraphLeaderMail } from '../features/requests/leader-mail.ts';
import type { RequestDeskDeps } from '../features/requests/desk-context.ts';
import { createChannelReplies } from '../features/triage/create-channel-replies.ts';
import { createTriageDesk } from '../features/triage/create-triage-desk.ts';
import { createReviewDesk, type RunIdStore } from '../features/reviews/create-review-desk.ts';
import { createGraphCampaignMailbox } from '../m365/campaign-mailbox.ts';
import { createGraphChannelNotifier } from '../m365/channel-notifier.ts';
import { createGraphDirectory, type DirectoryPerson } from '../m365/directory.ts';
import { createGraphClient } from '../m365/graph-client.ts';
import { createGraphLedger } from '../m365/ledger.ts';
import { createGraphMailbox } from '../m365/mailbox.ts';
import { createGraphMailer } from '../m365/mailer.ts';
import type { TokenSource } from '../m365/token-source.ts';
import type { AppConfig } from './config.ts';

/**
 * Composes the Microsoft 365 ports and the request desk for one signed-in
 * principal. Called once per page (and per identity in the workbench), never
 * inside an effect, so nothing is lost on a re-render.
 */
export function createM365Services(options: {
  tokenSource: TokenSource;
  /** Graph root without version. */
  graphRoot: string;
  config: AppConfig;
  /** Query-key namespace of the signed-in principal. */
  principal: string;
  /** A link that opens one request in this host. */
  requestLink: (requestId: string) => string;
  /** A link that opens one request where systemansvarlig triages it; default `requestLink`. */
  triageLink?: (requestId: string) => string;
}): Services {
  const { config } = options;
  const graph = createGraphClient(options.tokenSource, options.graphRoot);
  const directory = createGraphDirectory(graph);
  const mailer = createGraphMailer(graph);
  let me: Promise<DirectoryPerson> | undefined;
  const ledger = createGraphLedger(graph, { site: config.sharePointSite });
  const channel = createGraphChannelNotifier(graph, mailer);
  const mailbox = createGraphMailbox(graph);
  const deskDeps: RequestDeskDeps = {
    ledger,
    directory,
    mailer,
    channel,
    me: getMe,
    groups: config.groups,
    triage: {
      teamId: config.triageTeamId,
      channelId: config.triageChannelId,
      address: config.triageChannelAddress,
    },
    ateaOrderAddress: config.ateaOrderAddress,
    // R8: the leader reads the employee's request in the mail it came with (decision 014).
    leaderMail: createGraphLeaderMail(mailbox, {
      domain: async () => {
        const person = await getMe();
        return (person.mail ?? person.userPrincipalName ?? '').split('@')[1] ?? 'localhost';
      },
    }),
    links: {
      request: options.requestLink,
      ...(options.triageLink ? { triage: options.triageLink } : {}),
    },
  };
  return {
    directory,
    principal: options.principal,
    mailbox,
    requestDesk: createRequestDesk(deskDeps),
    delegationDesk: createDelegationDesk({ ledger, directory, me: getMe }),
    triageDesk: createTriageDesk({
      ...deskDeps,
      channelReplies: createChannelReplies({ channel, triage: deskDeps.triage }),
    }),
    reviewDesk: createReviewDesk({
      ledger,
      directory,
      // The send queue paces itself and shows its waits: a 429 goes back to it, not waited out here.
      mailer: createGraphMailer(graph, { retryThrottled: false }),
      campaignMailbox: createGraphCampaignMailbox(graph, config.reviewMailbox),
      me: getMe,
      groups: config.groups,
      perMinute: config.reviewMailsPerMinute,
      inFlightMs: config.reviewInFlightSeconds * 1000,
      ...(config.reviewMailbox === undefined ? {} : { fromMailbox: config.reviewMailbox }),
      runIds: browserRunIds(options.principal),
    }),
  };

  function getMe(): Promise<DirectoryPerson> {
    me ??= directory.getMe().then(async (person) => {
      const full = await directory.getPerson(person.id);
      if (!full) throw new Error('The signed-in user is not in the directory');
      return full;
    });
    // A failed lookup is not cached: the next call tries again.
    me.catch(() => {
      me = undefined;
    });
    return me;
  }
}

/**
 * Sending runs' ids in localStorage (ids only, no personal data or tokens), so
 * a tab that is closed mid-round and opened again resumes its own claims
 * instead of waiting for them to go stale. Falls back to memory.
 */
function browserRunIds(principal: string): RunIdStore {
  const prefix = `elements-tilgang.review-run.${principal}.`;
  const memory = new Map<string, string>();
  const storage = (): Storage | null => {
    try {
      return typeof window === 'undefined' ? null : window.localStorage;
    } catch {
      return null;
    }
  };
  return {
    get: (key) => storage()?.getItem(prefix + key) ?? memory.get(key) ?? null,
    set: (key, value) => {
      memory.set(key, value);
      try {
        storage()?.setItem(prefix + key, value);
      } catch {
        // Storage full or blocked: the run id lives in memory only.
      }
    },
  };
}
