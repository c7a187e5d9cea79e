/**
 * Helpers for the SharePoint REST item, list-setting and retention-label tests: a list made the
 * way a provisioner makes one (Graph for the list and columns, REST for settings), and the REST
 * calls a browser on the site would make.
 */
import { z } from 'zod';
import type { GraphEmulator } from '../../emulator/graph-emulator.ts';
import { type EmulatorClient, expectJson, expectStatus } from './emulator-test-kit.ts';

export const OWNER = 'hakon.odegard@bodo.example';

/** One column of the test lists: text (indexed and unique), note, number and dateTime. */
export const eventColumns = [
  {
    name: 'EventId',
    text: { maxLength: 40 },
    indexed: true,
    enforceUniqueValues: true,
    required: true,
  },
  { name: 'StreamId', text: {}, indexed: true },
  { name: 'Payload', text: { allowMultipleLines: true } },
  { name: 'SchemaVersion', number: {} },
  { name: 'OccurredAt', dateTime: { format: 'dateTime' } },
] as const;

export const restItemSchema = z.looseObject({
  Id: z.number(),
  ID: z.number(),
  Title: z.string().nullable(),
  AuthorId: z.number(),
  EditorId: z.number(),
  Created: z.string(),
  Modified: z.string(),
  GUID: z.string(),
  OData__UIVersionString: z.string(),
});
export type RestItem = z.infer<typeof restItemSchema>;

export const restItemsSchema = z.object({
  value: z.array(z.looseObject({})),
  'odata.nextLink': z.string().optional(),
});

export const formAnswerSchema = z.object({
  value: z.array(
    z.object({
      ErrorCode: z.number(),
      ErrorMessage: z.string().nullable(),
      FieldName: z.string(),
      FieldValue: z.string().nullable(),
      HasException: z.boolean(),
      ItemId: z.number(),
    }),
  ),
});
export type FormAnswer = z.infer<typeof formAnswerSchema>;

export const spListInfoSchema = z.looseObject({
  Id: z.string(),
  Title: z.string(),
  NoCrawl: z.boolean(),
  EnableVersioning: z.boolean(),
  ReadSecurity: z.number(),
  WriteSecurity: z.number(),
});

export function byTitle(displayName: string): string {
  return `/_api/web/lists/getbytitle('${encodeURIComponent(displayName.replace(/'/g, "''"))}')`;
}

export const merge = { 'x-http-method': 'MERGE', 'if-match': '*' } as const;

/** A list with the event columns; returns its id. */
export async function createEventList(
  emulator: GraphEmulator,
  owner: EmulatorClient,
  displayName: string,
): Promise<string> {
  const created = await expectJson(
    await owner.call('POST', `/sites/${emulator.site.id}/lists`, {
      displayName,
      list: { template: 'genericList' },
      columns: eventColumns,
    }),
    201,
    z.object({ id: z.string() }),
  );
  return created.id;
}

export async function mergeList(
  owner: EmulatorClient,
  displayName: string,
  body: Record<string, unknown>,
): Promise<void> {
  await expectStatus(await owner.sp('POST', byTitle(displayName), body, merge), 204);
}

export function formValues(
  values: Readonly<Record<string, string>>,
): { FieldName: string; FieldValue: string }[] {
  return Object.entries(values).map(([FieldName, FieldValue]) => ({ FieldName, FieldValue }));
}

/** AddValidateUpdateItemUsingPath as PnPjs sends it. */
export function addValidate(
  client: EmulatorClient,
  displayName: string,
  values: Readonly<Record<string, string>>,
): Promise<Response> {
  return client.sp('POST', `${byTitle(displayName)}/AddValidateUpdateItemUsingPath`, {
    listItemCreateInfo: { FolderPath: { DecodedUrl: '' }, UnderlyingObjectType: 0 },
    formValues: formValues(values),
    bNewDocumentUpdate: false,
  });
}

/** Adds an item and returns its id, failing on any exception. */
export async function addItem(
  client: EmulatorClient,
  displayName: string,
  values: Readonly<Record<string, string>>,
): Promise<number> {
  const answer = await expectJson(
    await addValidate(client, displayName, values),
    200,
    formAnswerSchema,
  );
  const failed = answer.value.filter((entry) => entry.HasException);
  if (failed.length > 0) throw new Error(`exceptions: ${JSON.stringify(failed)}`);
  const id = answer.value.find((entry) => entry.FieldName === 'Id')?.ItemId;
  if (id === undefined) throw new Error('no Id entry');
  return id;
}

export function validateUpdate(
  client: EmulatorClient,
  displayName: string,
  id: number,
  values: Readonly<Record<string, string>>,
  bNewDocumentUpdate = false,
): Promise<Response> {
  return client.sp('POST', `${byTitle(displayName)}/items(${id})/ValidateUpdateListItem`, {
    formValues: formValues(values),
    bNewDocumentUpdate,
  });
}

export async function getRestItem(
  client: EmulatorClient,
  displayName: string,
  id: number,
): Promise<RestItem> {
  return expectJson(
    await client.sp('GET', `${byTitle(displayName)}/items(${id})`),
    200,
    restItemSchema,
  );
}

/** An item with `$select` (only the selected properties come back). */
export async function getRestFields(
  client: EmulatorClient,
  displayName: string,
  id: number,
  select: string,
): Promise<Record<string, unknown>> {
  return expectJson(
    await client.sp('GET', `${byTitle(displayName)}/items(${id})?$select=${select}`),
    200,
    z.record(z.string(), z.unknown()),
  );
}

/** The site user id (AuthorId) of a person, as ensureuser gives it. */
export async function siteUserId(owner: EmulatorClient, upn: string): Promise<number> {
  const user = await expectJson(
    await owner.sp('POST', '/_api/web/ensureuser', { logonName: `i:0#.f|membership|${upn}` }),
    200,
    z.object({ Id: z.number() }),
  );
  return user.Id;
}
