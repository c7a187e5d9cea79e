/**
 * Retention labels on lists through SharePoint REST, as PnP's Set-PnPRetentionLabel and PnP Core
 * SDK's `IList.SetComplianceTag` send them:
 *
 * - `POST _api/SP.CompliancePolicy.SPPolicyStoreProxy.SetListComplianceTag` with JSON
 *   `{ listUrl, complianceTagValue, blockDelete, blockEdit, syncToItems }` (PnP Core SDK,
 *   `List.SetComplianceTagAsync`; the list's root folder's server-relative URL; an empty label
 *   removes it, as Reset-PnPLabel does);
 * - `GET _api/SP.CompliancePolicy.SPPolicyStoreProxy.GetListComplianceTag(listUrl=@u)?@u='…'`
 *   (or `listUrl='…'` inline): the list's label as SP.CompliancePolicy.ComplianceTag (the
 *   properties PnP Core SDK's ComplianceTag reads), or `{ "odata.null": true }`.
 *
 * The label is the list's default: items added later get it; `syncToItems` also gives it to the
 * items already there. What it blocks is in sharepoint-records.ts. Applying a default label is a
 * list setting, so it needs ManageLists on the list (not documented for this call; assumed as for
 * the library settings page). Labels themselves are made in Purview and are not modelled: any
 * non-empty name is accepted (SharePoint refuses a label not published to the site; not
 * modelled).
 */
import { z } from 'zod';
import type { GraphContext } from './emulator-context.ts';
import type { ListComplianceTagData, ListData } from './emulator-data.ts';
import type { JsonObject } from './graph-response.ts';
import { readBody } from './request-body.ts';
import { spTimestamp, touchList } from './sharepoint-graph.ts';
import { can, isSiteOwner } from './sharepoint-permissions.ts';
import { isRecord } from './sharepoint-records.ts';
import {
  badRequest,
  listServerRelativeUrl,
  metadataField,
  methodNotAllowed,
  notFound,
  odataNull,
  parseCall,
  requirePermission,
  spJson,
} from './sharepoint-rest-common.ts';

const PROXY = 'SP.CompliancePolicy.SPPolicyStoreProxy.';

export function isComplianceSegment(segment: string): boolean {
  return segment.toLowerCase().startsWith(PROXY.toLowerCase());
}

const setSchema = z.strictObject({
  __metadata: metadataField,
  listUrl: z.string().trim().min(1),
  complianceTagValue: z.string(),
  blockDelete: z.boolean(),
  blockEdit: z.boolean(),
  syncToItems: z.boolean(),
});

/** A list by its root folder's URL: server-relative, absolute or `Lists/<name>`. */
function listByUrl(context: GraphContext, listUrl: string): ListData {
  const site = context.state.config.site;
  let path = listUrl.trim().replace(/\/+$/, '');
  const origin = `https://${site.hostname}`;
  if (path.toLowerCase().startsWith(origin)) path = path.slice(origin.length);
  if (!path.startsWith('/')) path = `${site.path}/${path}`;
  const list = context.state.data.site.lists.find(
    (candidate) => listServerRelativeUrl(context, candidate).toLowerCase() === path.toLowerCase(),
  );
  if (list === undefined || !can(context.state, context.caller, list, 'viewListItems')) {
    throw notFound(
      'List does not exist.\n\nThe page you selected contains a list that does not exist.  It may have been deleted by another user.',
    );
  }
  return list;
}

/** A stable id for a label name (Purview's label ids are per tenant; not modelled). */
function labelId(name: string): string {
  let hex = '';
  for (let round = 0; hex.length < 32; round += 1) {
    let hash = 0x811c9dc5 ^ round;
    for (const character of `${round}:${name}`) {
      hash = Math.imul(hash ^ (character.codePointAt(0) ?? 0), 0x01000193) >>> 0;
    }
    hex += hash.toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** SP.CompliancePolicy.ComplianceTag as PnP Core SDK reads it. */
function complianceTagJson(tag: ListComplianceTagData): JsonObject {
  return {
    AcceptMessagesOnlyFromSendersOrMembers: false,
    AccessType: null,
    AllowAccessFromUnmanagedDevice: null,
    AutoDelete: false,
    BlockDelete: tag.blockDelete,
    BlockEdit: tag.blockEdit,
    ContainsSiteLabel: false,
    DisplayName: tag.name,
    EncryptionRMSTemplateId: null,
    HasRetentionAction: false,
    IsEventTag: false,
    Notes: null,
    RequireSenderAuthenticationEnabled: false,
    ReviewerEmail: null,
    SharingCapabilities: null,
    SuperLock: false,
    TagDuration: 0,
    TagId: labelId(tag.name),
    TagName: tag.name,
    TagRetentionBasedOn: null,
    UnlockedAsDefault: false,
  };
}

/**
 * Sets (or, with an empty value, removes) the list's default label. With `syncToItems` every
 * item gets it too, except that a record's label is changed or removed only by a site owner:
 * Purview's table ("Compare restrictions for what actions are allowed or blocked",
 * https://learn.microsoft.com/en-us/purview/records-management#compare-restrictions-for-what-actions-are-allowed-or-blocked)
 * allows "Change label" / "Remove label" on a locked record to the container admin only.
 */
async function setListComplianceTag(context: GraphContext): Promise<Response> {
  const input = await readBody(context.request, setSchema, badRequest);
  const list = listByUrl(context, input.listUrl);
  requirePermission(context, list, 'manageLists');
  const now = spTimestamp(context.now());
  const name = input.complianceTagValue.trim();
  list.complianceTag =
    name === ''
      ? null
      : { name, blockDelete: input.blockDelete, blockEdit: input.blockEdit, setDateTime: now };
  if (input.syncToItems) {
    const containerAdmin = isSiteOwner(context.state, context.caller);
    for (const item of list.items) {
      if (isRecord(item) && !containerAdmin) continue;
      item.complianceTag =
        list.complianceTag === null
          ? null
          : {
              name: list.complianceTag.name,
              blockDelete: list.complianceTag.blockDelete,
              blockEdit: list.complianceTag.blockEdit,
              appliedDateTime: now,
            };
    }
  }
  touchList(list, context.now());
  return odataNull(context.meta);
}

function getListComplianceTag(context: GraphContext, args: string): Response {
  const call = parseCall(`getlistcompliancetag(${args})`, context.url);
  const listUrl = call?.named.get('listurl') ?? call?.positional[0];
  if (typeof listUrl !== 'string') {
    throw badRequest(
      "The parameter 'listUrl' is required: GetListComplianceTag(listUrl=@u)?@u='…'.",
    );
  }
  const list = listByUrl(context, listUrl);
  return list.complianceTag === null
    ? odataNull(context.meta)
    : spJson(context.meta, 200, complianceTagJson(list.complianceTag));
}

/** `_api/SP.CompliancePolicy.SPPolicyStoreProxy.<method>`; `segments` are those after `_api`. */
export async function complianceRoute(
  context: GraphContext,
  method: string,
  segments: readonly string[],
): Promise<Response> {
  // A list URL inline (`listUrl='/sites/x/Lists/y'`) spans path segments: join them back.
  const path = segments.join('/');
  const match = /^SP\.CompliancePolicy\.SPPolicyStoreProxy\.([A-Za-z]+)(?:\((.*)\))?$/is.exec(path);
  const name = match?.[1]?.toLowerCase();
  if (name === 'setlistcompliancetag' && match?.[2] === undefined) {
    if (method !== 'POST') throw methodNotAllowed();
    return setListComplianceTag(context);
  }
  if (name === 'getlistcompliancetag') {
    if (method !== 'GET') throw methodNotAllowed();
    return getListComplianceTag(context, match?.[2] ?? '');
  }
  throw notFound(`The emulator does not implement '_api/${path}'.`);
}
