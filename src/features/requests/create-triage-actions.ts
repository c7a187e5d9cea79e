/**
 * Systemansvarlig's actions on a request that the ordering journey needs
 * already. For now: R10's "the order goes to Atea" after approval. The triage
 * journey (next issue) adds deciding, asking and carrying out here.
 */
import { toEnvelope } from '../../domain/events.ts';
import { foldRequest } from '../../domain/request-fold.ts';
import type { DirectoryPerson } from '../../m365/directory.ts';
import {
  basedOnOf,
  createDeskContext,
  entriesOf,
  personRef,
  requestLists,
  requestNotFound,
  wouldRefuse,
  type ProbeTarget,
  type RequestDeskDeps,
} from './desk-context.ts';
import { ateaOrderMail } from './notifications.ts';
import { RequestRefused } from './request-desk.ts';

export interface SentToAtea {
  readonly requestId: string;
  /** True when an earlier call had already sent and recorded it; nothing was sent now. */
  readonly alreadySent: boolean;
}

export interface TriageActions {
  /**
   * R10: mails the approved external-consultant order to Atea (the configured
   * address) and records `request.sent-to-atea`. Once per request: a second
   * call finds the event and sends nothing. Refused (with the fold's reason)
   * when the request is not an approved external-consultant order or the
   * signed-in person is not systemansvarlig, or it is their own request.
   */
  sendOrderToAtea(requestId: string): Promise<SentToAtea>;
}

/**
 * The sent-to-atea event's id is made from the request id, so every attempt,
 * by anyone, writes the same event: the ledger stores it once. It lives in the
 * Systemansvarlig list, where nobody else can write it first (decision 014).
 */
export function sentToAteaEventId(requestId: string): string {
  return `${requestId}.sent-to-atea`;
}

export function createTriageActions(deps: RequestDeskDeps): TriageActions {
  const context = createDeskContext(deps);
  const { ledger, directory } = deps;
  /** Orders this session mailed but could not yet record: a retry records without mailing again. */
  const mailed = new Set<string>();
  const running = new Map<string, Promise<SentToAtea>>();

  /** A name from the directory: a display name in a payload is the client's copy. */
  async function nameOf(id: string): Promise<string> {
    const person = await directory.getPerson(id).catch(() => null);
    return person?.displayName ?? id;
  }

  async function send(requestId: string): Promise<SentToAtea> {
    const me: DirectoryPerson = await deps.me();
    const stream = await ledger.readStream(requestId, requestLists);
    if (stream.events.length === 0) throw requestNotFound();
    const entries = entriesOf(stream);
    const held = await context.delegations();
    const at = context.now();
    const view = foldRequest(entries, { now: at, delegations: held });
    if (view.sentToAteaAt !== null) return { requestId, alreadySent: true };
    const request = view.request;
    if (request === null || request.kind !== 'order.external-consultant') {
      throw new RequestRefused([{ key: 'anomaly.notApplicable' }]);
    }
    const eventId = sentToAteaEventId(requestId);
    // Only the group may add to its list: SharePoint would refuse anyone else (decision 014).
    const facts = await context.factsFor([me.id]);
    if (!facts.isMember(me.id, 'systemansvarlig')) {
      throw new RequestRefused([{ key: 'anomaly.notEntitled' }]);
    }
    const target: ProbeTarget = {
      list: 'systemansvarlig',
      context: { basedOn: basedOnOf(entries) },
    };
    const refusal = wouldRefuse(
      entries,
      requestId,
      { type: 'request.sent-to-atea', payload: {} },
      personRef(me),
      target,
      at,
      held,
    );
    if (refusal.length > 0) throw new RequestRefused(refusal);

    // Mail first, then record: a recorded order that never reached Atea would leave the
    // consultant waiting with the history saying all is well. A failure between the two is
    // retried in this session without mailing again; across sessions Atea may get it twice,
    // which they see at once (same consultant, same reference).
    if (!mailed.has(requestId)) {
      // The requester's name is SharePoint's author stamp; the agreed-with person is looked up.
      const agreedWith = await nameOf(request.agreedWith.id);
      const orderedBy = view.requester?.displayName ?? (await nameOf(view.requester?.id ?? ''));
      const mail = ateaOrderMail({
        requestId,
        order: request,
        catalogue: context.catalogue,
        orderedBy,
        approvedBy: view.decision?.by.displayName ?? me.displayName,
        agreedWith,
      });
      await deps.mailer.sendMail({ to: [deps.ateaOrderAddress], ...mail });
      mailed.add(requestId);
    }
    // Graph's sendMail answers 202 without the message's id, so none is recorded.
    await context.recordNames(view, eventId);
    await ledger.append(
      toEnvelope(
        { type: 'request.sent-to-atea', payload: {} },
        { eventId, streamId: requestId, occurredAt: at, ...target },
      ),
    );
    mailed.delete(requestId);
    return { requestId, alreadySent: false };
  }

  return {
    sendOrderToAtea(requestId) {
      const inFlight = running.get(requestId);
      if (inFlight !== undefined) return inFlight;
      const started = send(requestId).finally(() => running.delete(requestId));
      running.set(requestId, started);
      return started;
    },
  };
}
