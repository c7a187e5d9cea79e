// @vitest-environment node
/**
 * SharePoint REST lets anyone who may add an item set its Author and Created
 * (`AddValidateUpdateItemUsingPath`), and anyone who may edit one rewrite them
 * (`ValidateUpdateListItem`); the emulator honours both, the worst case
 * (decision 014). What a forger cannot choose is the list, which SharePoint
 * checks at write time, and the item id. So Per Johansen, stamping his items
 * as Sigrid Lund's and back-dating them, is refused in her list, and in the
 * lists he may add to his forgeries count for nothing.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { foldRequest } from '../../src/domain/request-fold.ts';
import { parseRecordedEvents } from '../../src/domain/events.ts';
import { requestLists } from '../../src/features/requests/desk-context.ts';
import { clientFor } from '../emulator/emulator-test-kit.ts';
import { formAnswerSchema, formValues } from '../emulator/sharepoint-rest-kit.ts';
import {
  createSecurityWorld,
  ref,
  secrets,
  stepIds,
  upn,
  writeIds,
  type ListKey,
  type SecurityWorld,
  type Who,
} from './security-world.ts';

let world: SecurityWorld;
let lists: Readonly<Record<ListKey, string>>;

beforeEach(async () => {
  world = await createSecurityWorld();
  ({ lists } = await world.listIds());
});

/** A form value naming a person, as SharePoint's people picker sends it. */
const person = (who: Who) => JSON.stringify([{ Key: `i:0#.f|membership|${upn[who]}` }]);

/** The columns of an event, as form values: what a modified client would post. */
function eventForm(
  streamId: string,
  type: string,
  stamp: { readonly author: Who; readonly created: string },
  payload: Readonly<Record<string, unknown>> = {},
): Record<string, string> {
  return {
    EventId: crypto.randomUUID(),
    StreamId: streamId,
    StreamKind: 'request',
    EventType: type,
    Payload: JSON.stringify(payload),
    SchemaVersion: '2',
    OccurredAt: stamp.created,
    Author: person(stamp.author),
    Editor: person(stamp.author),
    Created: stamp.created,
    Modified: stamp.created,
  };
}

/** Per's `AddValidateUpdateItemUsingPath`; the status and, when added, the item id. */
async function forge(list: ListKey, values: Readonly<Record<string, string>>) {
  const per = await clientFor(world.emulator, upn.per);
  const response = await per.sp(
    'POST',
    `/_api/web/lists(guid'${lists[list]}')/AddValidateUpdateItemUsingPath`,
    {
      listItemCreateInfo: { FolderPath: { DecodedUrl: '' }, UnderlyingObjectType: 0 },
      formValues: formValues(values),
      bNewDocumentUpdate: false,
    },
  );
  if (response.status !== 200) {
    await response.text();
    return { status: response.status, itemId: null };
  }
  const answer = formAnswerSchema.parse(await response.json());
  expect(answer.value.filter((entry) => entry.HasException)).toEqual([]);
  return {
    status: 200,
    itemId: answer.value.find((entry) => entry.FieldName === 'Id')?.ItemId ?? null,
  };
}

/** Per's `ValidateUpdateListItem` on an item; the status SharePoint answered. */
async function rewrite(
  list: ListKey,
  itemId: string | number,
  values: Readonly<Record<string, string>>,
  bNewDocumentUpdate: boolean,
): Promise<number> {
  const per = await clientFor(world.emulator, upn.per);
  const response = await per.sp(
    'POST',
    `/_api/web/lists(guid'${lists[list]}')/items(${itemId})/ValidateUpdateListItem`,
    { formValues: formValues(values), bNewDocumentUpdate },
  );
  await response.text();
  return response.status;
}

async function olaFolderRequest(): Promise<string> {
  const ids = writeIds();
  await world.requestDesk('ola').submitWithJustification(
    {
      kind: 'folder-access',
      subject: ref(world, 'ola', 'Ola Hansen'),
      base: 'bodo',
      caseNumber: secrets.folderCase,
      grading: 'elevsak',
      right: 'read',
      scope: 'folder',
    },
    secrets.folderJustification,
    ids,
  );
  return ids.requestId;
}

/** The stream as systemansvarlig reads it, folded. */
async function folded(requestId: string) {
  const stream = await world.ledgerOf('anders').readStream(requestId, requestLists);
  return {
    stream,
    view: foldRequest(parseRecordedEvents(stream.events), { now: world.clock.now() }),
  };
}

const backdated = '2026-11-01T07:00:00Z';

describe('Per stamps his items as Sigrid and back-dates them through SharePoint REST', () => {
  it('is refused in the Systemansvarlig and Arkivleder lists (403); the reviews list is not there for him (404)', async () => {
    const requestId = await olaFolderRequest();
    for (const list of ['systemansvarlig', 'arkivleder', 'reviews'] as const) {
      const type = list === 'arkivleder' ? 'request.arkivleder-approved' : 'request.approved';
      expect({
        list,
        status: (
          await forge(list, eventForm(requestId, type, { author: 'sigrid', created: backdated }))
        ).status,
      }).toEqual({ list, status: list === 'reviews' ? 404 : 403 });
    }
    const { view } = await folded(requestId);
    expect(view.status).toBe('submitted');
    expect(view.anomalies).toEqual([]);
  });

  it('in the requests list, a "request.approved" by "Sigrid" is a wrong-list anomaly and approves nothing', async () => {
    const requestId = await olaFolderRequest();
    const forged = await forge(
      'requests',
      eventForm(requestId, 'request.approved', { author: 'sigrid', created: backdated }),
    );
    expect(forged.status).toBe(200);
    const { stream, view } = await folded(requestId);
    // The stamp took: the item says Sigrid wrote it, a month ago...
    const item = stream.events.find((event) => event.itemId === String(forged.itemId));
    expect(item).toMatchObject({
      list: 'requests',
      type: 'request.approved',
      author: { id: world.idOf('sigrid') },
      recordedAt: '2026-11-01T07:00:00Z',
    });
    // ...and counts for nothing: only her list proves her role.
    expect(view.status).toBe('submitted');
    expect(view.decision).toBeNull();
    expect(view.waitingFor?.group).toBe('systemansvarlig');
    expect(view.anomalies).toEqual([
      expect.objectContaining({ eventId: item?.eventId, reason: 'anomaly.wrongList' }),
    ]);
    // The desk says the same, and Anders may still decide.
    const detail = await world.triageDesk('anders').detail(requestId);
    expect(detail.view.status).toBe('submitted');
    expect(detail.actions.approve).toBe(true);
    expect(await world.triageDesk('anders').approve(requestId, '', stepIds())).toMatchObject({
      outcome: 'recorded',
      status: 'approved',
    });
  });

  it('a withdrawal stamped as Ola and back-dated before the approval still comes after it', async () => {
    const requestId = await olaFolderRequest();
    world.clock.advance(60 * 60_000);
    await world.triageDesk('sigrid').approve(requestId, '', stepIds());
    // The residual risk of decision 014: a staff claim in another staff member's name. It cannot
    // undo a protected step: the approval did not see it, so it comes after, whatever Created says.
    const forged = await forge(
      'requests',
      eventForm(requestId, 'request.withdrawn', { author: 'ola', created: backdated }),
    );
    expect(forged.status).toBe(200);
    const { view, stream } = await folded(requestId);
    const withdrawal = stream.events.find((event) => event.itemId === String(forged.itemId));
    expect(withdrawal?.author.id).toBe(world.idOf('ola'));
    expect(view.status).toBe('approved');
    expect(view.withdrawnAt).toBeNull();
    expect(view.anomalies.map((anomaly) => [anomaly.eventId, anomaly.reason]).sort()).toEqual(
      [
        [withdrawal?.eventId, 'anomaly.alreadyDecided'],
        [withdrawal?.eventId, 'anomaly.backdated'],
      ].sort(),
    );
  });
});

describe('Per rewrites existing items with ValidateUpdateListItem', () => {
  const itemSchema = z.object({
    eTag: z.string(),
    createdDateTime: z.string(),
    lastModifiedDateTime: z.string(),
    createdBy: z.object({ user: z.object({ id: z.string() }) }),
    fields: z.looseObject({ EventType: z.string() }),
  });

  it("is refused on Sigrid's approval, on Ola's submission and on his own forgery; nothing changes", async () => {
    const requestId = await olaFolderRequest();
    await world.triageDesk('sigrid').approve(requestId, '', stepIds());
    const own = await forge(
      'requests',
      eventForm(
        requestId,
        'request.information-provided',
        {
          author: 'per',
          created: world.clock.now().toISOString().replace('.000', ''),
        },
        { answerTextId: crypto.randomUUID() },
      ),
    );
    const { stream } = await folded(requestId);
    const approval = stream.events.find((event) => event.type === 'request.approved');
    const submission = stream.events.find((event) => event.type === 'request.submitted');
    if (approval === undefined || submission === undefined || own.itemId === null) {
      throw new Error('the record is not there');
    }
    const graph = world.graphOf('anders');
    const read = (list: ListKey, itemId: string | number) =>
      graph.get(
        `/sites/${world.emulator.site.id}/lists/${lists[list]}/items/${itemId}?expand=fields`,
        itemSchema,
        {
          scopes: ['Sites.Read.All'],
        },
      );
    const targets = [
      ['systemansvarlig', approval.itemId, 403],
      // He cannot see Ola's item (ReadSecurity 2): for him it does not exist.
      ['requests', submission.itemId, 404],
      // His own: he may add, never edit (no EditListItems in his permission level).
      ['requests', own.itemId, 403],
    ] as const;
    const before = await Promise.all(targets.map(([list, id]) => read(list, id)));
    for (const [list, itemId, status] of targets) {
      for (const system of [false, true]) {
        expect({
          list,
          itemId,
          system,
          status: await rewrite(
            list,
            itemId,
            {
              EventType: 'request.rejected',
              Author: person('anders'),
              Created: '2026-10-01T08:00:00Z',
              Modified: '2026-10-01T08:00:00Z',
            },
            system,
          ),
        }).toEqual({ list, itemId, system, status });
      }
    }
    expect(await Promise.all(targets.map(([list, id]) => read(list, id)))).toEqual(before);
    const { view } = await folded(requestId);
    expect(view.status).toBe('approved');
    expect(view.anomalies.map((anomaly) => anomaly.reason)).toEqual(['anomaly.notEntitled']);
  });

  it('an owner who edits an item leaves a trace the fold reports (anomaly.edited)', async () => {
    const requestId = await olaFolderRequest();
    await world.triageDesk('sigrid').approve(requestId, '', stepIds());
    const { stream } = await folded(requestId);
    const approval = stream.events.find((event) => event.type === 'request.approved');
    if (approval === undefined) throw new Error('no approval');
    // Site owners keep Full Control (decision 014 §6): even a "system update" shows.
    const owner = await clientFor(world.emulator, 'hakon.odegard@bodo.example');
    const response = await owner.sp(
      'POST',
      `/_api/web/lists(guid'${lists.systemansvarlig}')/items(${approval.itemId})/ValidateUpdateListItem`,
      {
        formValues: formValues({ Modified: approval.recordedAt, Editor: person('sigrid') }),
        bNewDocumentUpdate: true,
      },
    );
    expect(
      formAnswerSchema.parse(await response.json()).value.every((entry) => !entry.HasException),
    ).toBe(true);
    const { view } = await folded(requestId);
    expect(view.status).toBe('approved');
    expect(view.anomalies).toEqual([
      expect.objectContaining({ eventId: approval.eventId, reason: 'anomaly.edited' }),
    ]);
  });
});
