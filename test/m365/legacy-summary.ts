/**
 * What must read the same before and after the migration of version 1 data:
 * a request's and a campaign's state, in plain values (ids, not names: a
 * display name comes from SharePoint's user list and is the same either way).
 */
interface RequestLike {
  readonly status: string | null;
  readonly kind: string | null;
  readonly requester: { readonly id: string } | null;
  readonly timeline: readonly {
    readonly type: string;
    readonly author: { readonly id: string };
    readonly capacity: string;
    readonly onBehalfOf: string | null;
    readonly recordedAt: string;
    readonly textId: string | null;
  }[];
  readonly decision: {
    readonly outcome: string;
    readonly stage: string;
    readonly by: { readonly id: string };
    readonly at: string;
    readonly textId: string | null;
  } | null;
  readonly carriedOut: {
    readonly elementsReference: string;
    readonly by: { readonly id: string };
    readonly at: string;
    readonly grantedRight: string | null;
  } | null;
  readonly anomalies: readonly { readonly reason: string }[];
}

export function requestSummary(view: RequestLike) {
  return {
    status: view.status,
    kind: view.kind,
    requester: view.requester?.id ?? null,
    timeline: view.timeline.map((entry) => [
      entry.type,
      entry.author.id,
      entry.capacity,
      entry.onBehalfOf,
      entry.recordedAt,
      entry.textId,
    ]),
    decision:
      view.decision === null
        ? null
        : [
            view.decision.outcome,
            view.decision.stage,
            view.decision.by.id,
            view.decision.at,
            view.decision.textId,
          ],
    carriedOut:
      view.carriedOut === null
        ? null
        : [
            view.carriedOut.elementsReference,
            view.carriedOut.by.id,
            view.carriedOut.at,
            view.carriedOut.grantedRight,
          ],
    anomalies: view.anomalies.map((anomaly) => anomaly.reason),
  };
}

interface CampaignLike {
  readonly status: string | null;
  readonly summary: {
    readonly lines: number;
    readonly kept: number;
    readonly toRemove: number;
    readonly unanswered: number;
    readonly removalsConfirmed: number;
    readonly removalsPending: number;
  };
  readonly lines: readonly {
    readonly line: { readonly lineId: string };
    readonly answer: {
      readonly decision: string;
      readonly channel: string;
      readonly at: string;
      readonly recordedBy: { readonly id: string };
    } | null;
    readonly removal: { readonly where: string; readonly by: { readonly id: string } } | null;
  }[];
  readonly outcome: {
    readonly result: string;
    readonly closedBy: { readonly id: string };
    readonly closedAt: string;
    readonly reportReference: string | null;
  } | null;
  readonly anomalies: readonly { readonly reason: string }[];
}

export function campaignSummary(view: CampaignLike) {
  const { lines, kept, toRemove, unanswered, removalsConfirmed, removalsPending } = view.summary;
  return {
    status: view.status,
    summary: { lines, kept, toRemove, unanswered, removalsConfirmed, removalsPending },
    lines: view.lines.map((item) => [
      item.line.lineId,
      item.answer?.decision ?? null,
      item.answer?.channel ?? null,
      item.answer?.at ?? null,
      item.answer?.recordedBy.id ?? null,
      item.removal?.where ?? null,
      item.removal?.by.id ?? null,
    ]),
    outcome:
      view.outcome === null
        ? null
        : [
            view.outcome.result,
            view.outcome.closedBy.id,
            view.outcome.closedAt,
            view.outcome.reportReference,
          ],
    anomalies: view.anomalies.map((anomaly) => anomaly.reason),
  };
}
