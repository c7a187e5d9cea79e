// @vitest-environment node
/**
 * The reply under a request's announcement in the triage channel (issue 5,
 * item 5), end to end in-process: the request desk announces (by mail to the
 * channel's address for Ola, by a card for a member of the team), the triage
 * desk decides with `createChannelReplies`, and the thread is read back from
 * a provisioned emulator. Nothing of ours is mocked.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { demoGroupIds, demoPersonIds } from '../../emulator/directory-data.ts';
import {
  DOKUMENTSENTERET_TEAM_ID,
  TRIAGE_CHANNEL_EMAIL,
  TRIAGE_CHANNEL_ID,
} from '../../emulator/emulator-config.ts';
import type { FolderAccessRequest } from '../../src/domain/requests.ts';
import { createRequestDesk } from '../../src/features/requests/create-request-desk.ts';
import { createChannelReplies } from '../../src/features/triage/create-channel-replies.ts';
import { createTriageDesk } from '../../src/features/triage/create-triage-desk.ts';
import type { StepIds } from '../../src/features/triage/triage-desk.ts';
import {
  createGraphChannelNotifier,
  type ChannelNotifier,
} from '../../src/m365/channel-notifier.ts';
import { createGraphDirectory } from '../../src/m365/directory.ts';
import { createGraphLedger } from '../../src/m365/ledger.ts';
import { createGraphMailer } from '../../src/m365/mailer.ts';
import { html } from '../../src/m365/safe-html.ts';
import { graphAs, provisionedEmulator, SITE_URL, type Emulator } from '../m365/emulator-kit.ts';

const upn = {
  ola: 'ola.hansen@bodo.example',
  lise: 'lise.olsen@bodo.example',
  anders: 'anders.moe@bodo.example',
  sigrid: 'sigrid.lund@bodo.example',
} as const;
type Who = keyof typeof upn;

const subjects: Record<Who, { id: string; displayName: string }> = {
  ola: { id: demoPersonIds.olaHansen, displayName: 'Ola Hansen' },
  lise: { id: demoPersonIds.liseOlsen, displayName: 'Lise Olsen' },
  anders: { id: demoPersonIds.andersMoe, displayName: 'Anders Moe' },
  sigrid: { id: demoPersonIds.sigridLund, displayName: 'Sigrid Lund' },
};

const triage = { teamId: DOKUMENTSENTERET_TEAM_ID, channelId: TRIAGE_CHANNEL_ID };
const messagesPath = `/teams/${triage.teamId}/channels/${encodeURIComponent(triage.channelId)}/messages`;
const requestLink = (requestId: string) =>
  `https://tilgang.bodo.example/index.html?request=${encodeURIComponent(requestId)}`;
const JUSTIFICATION =
  'Jeg er kontaktlærer for eleven og skal skrive inn referater fra møter med foresatte.';
const NOTE = 'Intern merknad: kontrollert mot klasselisten.';

let emulator: Emulator;

beforeEach(async () => {
  emulator = await provisionedEmulator();
});

function deps(who: Who, channel?: (notifier: ChannelNotifier) => ChannelNotifier) {
  const graph = graphAs(emulator, upn[who]);
  const directory = createGraphDirectory(graph);
  const mailer = createGraphMailer(graph);
  const notifier = createGraphChannelNotifier(graph, mailer);
  return {
    ledger: createGraphLedger(graph, { site: SITE_URL }),
    directory,
    mailer,
    channel: channel === undefined ? notifier : channel(notifier),
    me: async () => {
      const person = await directory.getPerson(upn[who]);
      if (person === null) throw new Error(`${who} is not in the demo directory`);
      return person;
    },
    groups: { systemansvarlig: demoGroupIds.systemansvarlig, arkivleder: demoGroupIds.arkivleder },
    triage: { ...triage, address: TRIAGE_CHANNEL_EMAIL },
    ateaOrderAddress: 'bestilling@atea.example',
    links: { request: requestLink },
  };
}

function triageAs(who: Who) {
  const base = deps(who);
  return createTriageDesk({
    ...base,
    channelReplies: createChannelReplies({ channel: base.channel, triage }),
  });
}

const ids = (): StepIds => ({ eventId: crypto.randomUUID(), textId: crypto.randomUUID() });

function folderFor(who: Who): Omit<FolderAccessRequest, 'justificationTextId'> {
  return {
    kind: 'folder-access',
    subject: subjects[who],
    base: 'bodo',
    caseNumber: '2026/1234',
    grading: 'elevsak',
    right: 'write',
    scope: 'folder',
  };
}

async function submitFolder(
  who: Who,
  channel?: (notifier: ChannelNotifier) => ChannelNotifier,
): Promise<{ requestId: string; channelNotified: boolean }> {
  const requestId = crypto.randomUUID();
  const result = await createRequestDesk(deps(who, channel)).submitWithJustification(
    folderFor(who),
    JUSTIFICATION,
    { requestId, eventId: crypto.randomUUID(), textId: crypto.randomUUID() },
  );
  return { requestId, channelNotified: result.channelNotified };
}

const messageSchema = z.object({
  id: z.string(),
  from: z.object({ user: z.object({ displayName: z.string() }) }),
  body: z.object({ contentType: z.string(), content: z.string() }),
  attachments: z.array(z.object({ content: z.string().nullable() })),
});

const sigridGraph = () => graphAs(emulator, upn.sigrid);

/** The channel's threads, each with the text it carries in its body and its cards. */
async function announcementsOf(requestId: string) {
  const messages = await sigridGraph().getAll(messagesPath, messageSchema, { scopes: [] });
  return messages.filter(
    (message) =>
      message.body.content.includes(requestId) ||
      message.attachments.some((attachment) => attachment.content?.includes(requestId)),
  );
}

function repliesTo(messageId: string) {
  return sigridGraph().getAll(`${messagesPath}/${messageId}/replies`, messageSchema, {
    scopes: [],
  });
}

describe('the reply under the announcement', () => {
  it("Ola's folder request, announced by mail: Sigrid approves and the thread says so, once, without the texts", async () => {
    const ola = await submitFolder('ola');
    expect(ola.channelNotified).toBe(true);
    // Another request in the channel, announced after Ola's: its thread must stay untouched.
    const lise = await submitFolder('lise');

    const [announcement] = await announcementsOf(ola.requestId);
    if (announcement === undefined) throw new Error('no announcement of the request');
    // Ola is not a member of the team: the notice came by mail, the link in its body.
    expect(announcement.attachments).toEqual([]);
    expect(announcement.body.content).toContain(requestLink(ola.requestId));

    const sigrid = triageAs('sigrid');
    const approveIds = ids();
    const approved = await sigrid.approve(ola.requestId, NOTE, approveIds);
    expect(approved).toMatchObject({
      outcome: 'recorded',
      status: 'approved',
      notified: { mail: true, channel: true },
    });
    // The same ids again (a double click): no second reply.
    expect(await sigrid.approve(ola.requestId, NOTE, approveIds)).toEqual(approved);

    const replies = await repliesTo(announcement.id);
    expect(replies).toHaveLength(1);
    const [reply] = replies;
    expect(reply?.from.user.displayName).toBe('Sigrid Lund');
    expect(reply?.body.contentType).toBe('html');
    expect(reply?.body.content).toContain('Forespørselen er godkjent.');
    expect(reply?.body.content).toContain(requestLink(ola.requestId));
    expect(reply?.body.content).not.toContain(JUSTIFICATION);
    expect(reply?.body.content).not.toContain(NOTE);
    expect(reply?.body.content).not.toContain('Ola Hansen');

    const [liseAnnouncement] = await announcementsOf(lise.requestId);
    expect(await repliesTo(liseAnnouncement?.id ?? '')).toEqual([]);
  });

  it("a member's request is announced by a card; the reply goes under the card", async () => {
    const anders = await submitFolder('anders');
    expect(anders.channelNotified).toBe(true);
    const [announcement] = await announcementsOf(anders.requestId);
    if (announcement === undefined) throw new Error('no announcement of the request');
    // The card's body has only the heading: the request id is in the card's link.
    expect(announcement.body.content).not.toContain(anders.requestId);

    const rejected = await triageAs('sigrid').reject(
      anders.requestId,
      'Mappen er avsluttet og arkivert.',
      ids(),
    );
    expect(rejected).toMatchObject({ outcome: 'recorded', notified: { channel: true } });
    const replies = await repliesTo(announcement.id);
    expect(replies.map((reply) => reply.body.content)).toEqual([
      expect.stringContaining('Forespørselen ble avslått.'),
    ]);
    expect(replies[0]?.body.content).not.toContain('Mappen er avsluttet');
  });

  it('a request whose announcement never reached the channel is decided all the same', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const unsent = await submitFolder('ola', (notifier) => ({
      ...notifier,
      mailToChannel: () => Promise.reject(new Error('the mail server is down')),
    }));
    expect(unsent.channelNotified).toBe(false);
    expect(await announcementsOf(unsent.requestId)).toEqual([]);
    warn.mockClear();

    const approved = await triageAs('sigrid').approve(unsent.requestId, '', ids());
    expect(approved).toMatchObject({
      outcome: 'recorded',
      status: 'approved',
      notified: { mail: true, channel: false },
    });
    // Nothing was posted anywhere in the channel.
    const threads = await sigridGraph().getAll(messagesPath, messageSchema, { scopes: [] });
    for (const thread of threads) expect(await repliesTo(thread.id)).toEqual([]);
    // Quietly: no announcement is not a failure to report.
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('never throws: a decider outside the team, or a blank id, resolves false', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { requestId } = await submitFolder('ola');
    const outsider = createChannelReplies({ channel: deps('lise').channel, triage });
    await expect(outsider.replyToAnnouncement(requestId, html`<p>x</p>`)).resolves.toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('not-team-member'));

    const member = createChannelReplies({ channel: deps('sigrid').channel, triage });
    await expect(member.replyToAnnouncement(' ', html`<p>x</p>`)).resolves.toBe(false);
    const [announcement] = await announcementsOf(requestId);
    expect(await repliesTo(announcement?.id ?? '')).toEqual([]);
  });
});
