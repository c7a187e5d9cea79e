// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createItemOnce, type CreateOnce } from '../../src/m365/list-items.ts';
import { fakeGraph, graphErrorBody, json } from './fake-graph.ts';
import type { FetchLike } from '../../src/m365/http-pipeline.ts';

type Fault = 'drop-after-write' | 'lost-before-write' | '503-after-write' | '429' | '400' | null;

/** A one-list fake of Graph's item endpoints with a unique `Key` column and scripted faults on POST. */
function fakeList(postFaults: Fault[], conflictStatus: 409 | 400 | 500 = 409) {
  const items: { id: string; fields: Record<string, string | number> }[] = [];
  const calls: string[] = [];
  const fetchFn: FetchLike = async (request) => {
    const url = new URL(request.url);
    calls.push(`${request.method} ${url.searchParams.has('$filter') ? 'find' : 'create'}`);
    const listItem = (item: (typeof items)[number]) => ({
      id: item.id,
      eTag: `"e,${item.id}"`,
      createdDateTime: '2026-11-28T09:00:00Z',
      createdBy: { user: { id: 'kari', displayName: 'Kari' } },
      fields: item.fields,
    });
    if (request.method === 'GET') {
      const key = /'(.*)'$/.exec(url.searchParams.get('$filter') ?? '')?.[1];
      return json(200, { value: items.filter((item) => item.fields['Key'] === key).map(listItem) });
    }
    const fault = postFaults.shift() ?? null;
    if (fault === 'lost-before-write') throw new TypeError('connection reset');
    if (fault === '429')
      return json(429, graphErrorBody('TooManyRequests'), { 'Retry-After': '2' });
    if (fault === '400') return json(400, graphErrorBody('invalidRequest'));
    const body: unknown = await request.json();
    const fields =
      typeof body === 'object' && body !== null && 'fields' in body ? body.fields : undefined;
    if (typeof fields !== 'object' || fields === null)
      return json(400, graphErrorBody('invalidRequest'));
    const record: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(fields)) {
      if (typeof value === 'string' || typeof value === 'number') record[name] = value;
    }
    if (items.some((item) => item.fields['Key'] === record['Key'])) {
      // SharePoint answers 409 as a rule, and has been seen answering 400 or a bare 500.
      if (conflictStatus === 400) return json(400, graphErrorBody('invalidRequest'));
      if (conflictStatus === 500) return json(500, graphErrorBody('generalException'));
      return json(409, graphErrorBody('nameAlreadyExists', 'duplicate values were found'));
    }
    const item = { id: String(items.length + 1), fields: record };
    items.push(item);
    if (fault === 'drop-after-write') throw new TypeError('socket hang up');
    if (fault === '503-after-write') return json(503, graphErrorBody('serviceNotAvailable'));
    return json(201, listItem(item));
  };
  return { fetch: fetchFn, items, calls };
}

function create(key: string, body = 'hello'): CreateOnce {
  return {
    ref: { site: 'site-1', list: 'L' },
    uniqueColumn: 'Key',
    fields: { Key: key, Body: body },
    scopes: ['Sites.ReadWrite.All'],
    matches: (item) => item.fields['Body'] === body,
  };
}

describe('createItemOnce', () => {
  it('writes once when nothing goes wrong', async () => {
    const list = fakeList([]);
    const { graph } = fakeGraph(list.fetch);
    const item = await createItemOnce(graph, create('a'));
    expect(item.fields['Key']).toBe('a');
    expect(list.calls).toEqual(['POST create']);
  });

  it('after a connection dropped behind the write, finds the item instead of writing it again', async () => {
    const list = fakeList(['drop-after-write']);
    const { graph } = fakeGraph(list.fetch);
    const item = await createItemOnce(graph, create('a'));
    expect(item.id).toBe('1');
    expect(list.items).toHaveLength(1);
    expect(list.calls).toEqual(['POST create', 'GET find']);
  });

  it('after a 503 that did write, finds it; after a loss before the write, sends it again', async () => {
    const written = fakeList(['503-after-write']);
    await createItemOnce(fakeGraph(written.fetch).graph, create('a'));
    expect(written.items).toHaveLength(1);
    expect(written.calls).toEqual(['POST create', 'GET find']);

    const lost = fakeList(['lost-before-write']);
    await createItemOnce(fakeGraph(lost.fetch).graph, create('a'));
    expect(lost.items).toHaveLength(1);
    expect(lost.calls).toEqual(['POST create', 'GET find', 'POST create']);
  });

  it('waits out Retry-After on 429 before looking', async () => {
    const list = fakeList(['429']);
    const { graph, clock } = fakeGraph(list.fetch);
    await createItemOnce(graph, create('a'));
    expect(clock.sleeps).toEqual([2_000]);
    expect(list.items).toHaveLength(1);
  });

  it('treats 409 on the unique id as "already written" and returns the stored item', async () => {
    const list = fakeList([]);
    const { graph } = fakeGraph(list.fetch);
    const first = await createItemOnce(graph, create('a'));
    const again = await createItemOnce(graph, create('a'));
    expect(again.id).toBe(first.id);
    expect(list.items).toHaveLength(1);
    expect(list.calls).toEqual(['POST create', 'POST create', 'GET find']);
  });

  it('reports a different item holding the same id as a conflict', async () => {
    const list = fakeList([]);
    const { graph } = fakeGraph(list.fetch);
    await createItemOnce(graph, create('a', 'first'));
    await expect(createItemOnce(graph, create('a', 'second'))).rejects.toMatchObject({
      kind: 'conflict',
    });
  });

  it('does not retry a definite refusal: one look by id, then the 400 stands', async () => {
    const list = fakeList(['400']);
    const { graph } = fakeGraph(list.fetch);
    await expect(createItemOnce(graph, create('a'))).rejects.toMatchObject({ status: 400 });
    expect(list.calls).toEqual(['POST create', 'GET find']);
    expect(list.items).toHaveLength(0);
  });

  it.each([400, 500] as const)(
    'treats a unique conflict answered %i as "already written": one item, the stored one',
    async (status) => {
      const list = fakeList(['drop-after-write'], status);
      const { graph } = fakeGraph(list.fetch);
      const first = await createItemOnce(graph, create('a'));
      const again = await createItemOnce(graph, create('a'));
      expect(again.id).toBe(first.id);
      expect(list.items).toHaveLength(1);
      // The repeat: POST refused with the odd status, then found by id; never a second item.
      expect(list.calls).toEqual(['POST create', 'GET find', 'POST create', 'GET find']);
    },
  );

  it('reports a stranger holding our id as a conflict, whatever status the duplicate got', async () => {
    const list = fakeList([], 400);
    const { graph } = fakeGraph(list.fetch);
    await createItemOnce(graph, create('a', 'first'));
    await expect(createItemOnce(graph, create('a', 'second'))).rejects.toMatchObject({
      kind: 'conflict',
    });
  });

  it('gives up after the policy’s attempts when every write is lost', async () => {
    const list = fakeList(['lost-before-write', 'lost-before-write', 'lost-before-write']);
    const { graph } = fakeGraph(list.fetch, { maxAttempts: 3 });
    await expect(createItemOnce(graph, create('a'))).rejects.toMatchObject({ kind: 'network' });
    expect(list.items).toHaveLength(0);
    expect(list.calls.filter((call) => call === 'POST create')).toHaveLength(3);
  });
});
