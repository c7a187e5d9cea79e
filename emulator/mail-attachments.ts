/**
 * File attachments of mail, as Graph and Exchange Online keep them: sent with sendMail's JSON
 * form, kept on every copy of the message, and read back through
 * `GET …/messages/{id}/attachments` and `GET …/messages/{id}/attachments/{attachmentId}`.
 *
 * - fileAttachment resource: https://learn.microsoft.com/graph/api/resources/fileattachment
 *   ("When creating a file attachment, include … "@odata.type": "#microsoft.graph.fileAttachment"
 *   [and] the required properties name and contentBytes"; contentBytes is `Edm.Binary`, base64).
 * - sendMail: https://learn.microsoft.com/graph/api/user-sendmail ("When using JSON format, you
 *   can include a file attachment in the same sendMail action call"; example 3).
 * - List attachments: https://learn.microsoft.com/graph/api/message-list-attachments
 * - Get attachment: https://learn.microsoft.com/graph/api/attachment-get (the response shape and
 *   `@odata.context` of example 1).
 * - Size: https://learn.microsoft.com/graph/api/message-post-attachments ("you can add an
 *   attachment to a message that is being created and sent on the fly. This operation limits the
 *   size of the attachment you can add to under 3 MB"), which follows from Graph's limit of 4 MB
 *   on a request (https://learn.microsoft.com/graph/outlook-large-attachments; status 413
 *   "Request Entity Too Large: The request size exceeds the maximum limit" in
 *   https://learn.microsoft.com/graph/errors).
 */
import { z } from 'zod';
import type { DirectoryPerson } from './directory-data.ts';
import type { GraphContext } from './emulator-context.ts';
import type { FileAttachmentData, MessageData } from './emulator-data.ts';
import { GraphError, jsonResponse, type JsonObject, type JsonValue } from './graph-response.ts';

/**
 * Graph refuses a request over 4 MB (Microsoft's docs speak of "4 MB"; the emulator counts
 * 4 × 1024 × 1024 bytes of the UTF-8 request body). A file of 3 MB is 4 MB in base64, so this is
 * also what keeps a single attachment "under 3 MB".
 */
export const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

const FILE_ATTACHMENT_TYPE = 'microsoft.graph.fileAttachment';

/**
 * An attachment in sendMail's `message.attachments`. The properties are fileAttachment's
 * writable ones; anything else is refused as Graph refuses an unknown property.
 */
export const attachmentInput = z.strictObject({
  '@odata.type': z.string().optional(),
  name: z.string().nullish(),
  contentType: z.string().nullish(),
  contentBytes: z.string().nullish(),
  isInline: z.boolean().nullish(),
  contentId: z.string().nullish(),
  /** "Don't use this property as it isn't supported" (fileAttachment); accepted and dropped. */
  contentLocation: z.string().nullish(),
});
type AttachmentInput = z.infer<typeof attachmentInput>;

/** A checked attachment of an outgoing message; each delivered copy adds its id and time. */
export type AttachmentBlueprint = Omit<FileAttachmentData, 'id' | 'lastModifiedDateTime'>;

/**
 * 413 for a request body over {@link MAX_REQUEST_BYTES}, before anything else is looked at.
 * The status is Graph's documented one; the code and message are what clients report Graph
 * answering (not documented).
 */
export async function checkRequestSize(request: Request): Promise<void> {
  const size = (await request.clone().arrayBuffer()).byteLength;
  if (size > MAX_REQUEST_BYTES) {
    throw new GraphError(
      413,
      'RequestEntityTooLarge',
      'The maximum request length supported is 4MB.',
    );
  }
}

/**
 * Standard base64 as .NET's `Convert.FromBase64String` (which reads Graph's `Edm.Binary`)
 * takes it: the `+`/`/` alphabet, padded to a multiple of four; spaces, tabs and line breaks
 * are ignored. Null when the text is not base64.
 */
export function decodeBase64(text: string): Uint8Array | null {
  const compact = text.replace(/[ \t\r\n]/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compact)) {
    return null;
  }
  try {
    return Uint8Array.from(atob(compact), (character) => character.charCodeAt(0));
  } catch {
    return null;
  }
}

export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The literal as OData quotes it in its conversion error, shortened when long. */
function quotedLiteral(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function isFileAttachmentType(type: string | undefined): boolean {
  return (
    type !== undefined &&
    type.replace(/^#/, '').toLowerCase() === FILE_ATTACHMENT_TYPE.toLowerCase()
  );
}

function toBlueprint(input: AttachmentInput): AttachmentBlueprint {
  if (!isFileAttachmentType(input['@odata.type'])) {
    // Graph's attachment is abstract: a client names the derived type. Item and reference
    // attachments are not modelled (README); a missing type is refused the same way.
    throw new GraphError(
      400,
      'ErrorInvalidRequest',
      `The emulator accepts only '@odata.type': '#${FILE_ATTACHMENT_TYPE}' attachments; got ${input['@odata.type'] === undefined ? 'none' : `'${input['@odata.type']}'`}.`,
    );
  }
  const bytes =
    input.contentBytes === null || input.contentBytes === undefined
      ? null
      : decodeBase64(input.contentBytes);
  if (input.contentBytes !== null && input.contentBytes !== undefined && bytes === null) {
    // OData's wording for a literal that is not Edm.Binary; RequestBodyRead is the code Graph's
    // Outlook endpoints give for a body they cannot read.
    throw new GraphError(
      400,
      'RequestBodyRead',
      `Cannot convert the literal '${quotedLiteral(input.contentBytes)}' to the expected type 'Edm.Binary'.`,
    );
  }
  const name = input.name?.trim() ?? '';
  if (name === '' || bytes === null) {
    // Exchange's answer for a missing name or content (EWS CreateAttachment:
    // https://learn.microsoft.com/exchange/client-developer/web-service-reference/createattachment-operation).
    throw new GraphError(400, 'ErrorRequiredPropertyMissing', 'Required property is missing.');
  }
  return {
    name: input.name ?? name,
    // Exchange fills in a content type from the file when none is given; the emulator cannot
    // sniff, so it uses the generic one.
    contentType:
      input.contentType === null || input.contentType === undefined || input.contentType === ''
        ? 'application/octet-stream'
        : input.contentType,
    contentBytes: encodeBase64(bytes),
    size: bytes.byteLength,
    isInline: input.isInline ?? false,
    contentId: input.contentId ?? null,
  };
}

export function toFileAttachments(inputs: readonly AttachmentInput[]): AttachmentBlueprint[] {
  return inputs.map(toBlueprint);
}

/**
 * Graph's message `hasAttachments`: "This property doesn't include inline attachments, so if a
 * message contains only inline attachments, this property is false"
 * (https://learn.microsoft.com/graph/api/resources/message).
 */
export function hasFileAttachments(attachments: readonly FileAttachmentData[]): boolean {
  return attachments.some((attachment) => !attachment.isInline);
}

// --- reading --------------------------------------------------------------------------------

/** The properties of Graph's (base) attachment type, in the order Graph writes them. */
const baseProperties: Readonly<Record<string, (attachment: FileAttachmentData) => JsonValue>> = {
  id: (attachment) => attachment.id,
  lastModifiedDateTime: (attachment) => attachment.lastModifiedDateTime,
  name: (attachment) => attachment.name,
  contentType: (attachment) => attachment.contentType,
  size: (attachment) => attachment.size,
  isInline: (attachment) => attachment.isInline,
};

/** fileAttachment's own properties. */
const fileProperties: Readonly<Record<string, (attachment: FileAttachmentData) => JsonValue>> = {
  contentId: (attachment) => attachment.contentId,
  contentLocation: () => null,
  contentBytes: (attachment) => attachment.contentBytes,
};

interface SelectedProperty {
  readonly name: string;
  readonly read: (attachment: FileAttachmentData) => JsonValue;
}

function findProperty(
  table: Readonly<Record<string, (attachment: FileAttachmentData) => JsonValue>>,
  wanted: string,
): SelectedProperty | null {
  const name = Object.keys(table).find((key) => key.toLowerCase() === wanted.toLowerCase());
  const read = name === undefined ? undefined : table[name];
  return name === undefined || read === undefined ? null : { name, read };
}

/**
 * `$select` on `attachments`: their type is the base `microsoft.graph.attachment`, so only its
 * properties can be named as they are; fileAttachment's own (contentBytes, contentId) need the
 * type cast `microsoft.graph.fileAttachment/contentBytes`, as OData's $select on a derived type
 * does. Graph answers an unqualified `contentBytes` with "Could not find a property named
 * 'contentBytes' on type 'microsoft.graph.attachment'" (reported by clients; not on a docs page).
 */
function parseAttachmentSelect(raw: string | null): readonly SelectedProperty[] | null {
  if (raw === null || raw.trim() === '') return null;
  return raw.split(',').map((part) => {
    const wanted = part.trim();
    const cast = /^(?:#)?microsoft\.graph\.fileAttachment\/(.+)$/i.exec(wanted);
    const found =
      cast === null
        ? findProperty(baseProperties, wanted)
        : (findProperty(fileProperties, cast[1] ?? '') ??
          findProperty(baseProperties, cast[1] ?? ''));
    if (found === null) {
      throw new GraphError(
        400,
        'RequestBroker--ParseUri',
        cast === null
          ? `Could not find a property named '${wanted}' on type 'microsoft.graph.attachment'.`
          : `Could not find a property named '${cast[1] ?? ''}' on type '${FILE_ATTACHMENT_TYPE}'.`,
      );
    }
    return found;
  });
}

function attachmentJson(
  attachment: FileAttachmentData,
  select: readonly SelectedProperty[] | null,
): JsonObject {
  // The type annotation comes with every attachment, selected or not: the collection is of the
  // base type and each entry says which derived type it is.
  const body: Record<string, JsonValue> = { '@odata.type': `#${FILE_ATTACHMENT_TYPE}` };
  if (select === null) {
    for (const [name, read] of Object.entries({ ...baseProperties, ...fileProperties })) {
      body[name] = read(attachment);
    }
    return body;
  }
  body['id'] = attachment.id;
  for (const property of select) body[property.name] = property.read(attachment);
  return body;
}

function query(url: URL, name: string): string | null {
  for (const [key, value] of url.searchParams) {
    if (key.toLowerCase() === name) return value;
  }
  return null;
}

function checkQueryOptions(url: URL): void {
  for (const name of new Set(url.searchParams.keys())) {
    if (name.startsWith('$') && name.toLowerCase() !== '$select') {
      throw new GraphError(
        400,
        'BadRequest',
        `Query option '${name}' is not supported by the emulator on attachments.`,
      );
    }
  }
}

function attachmentsContext(
  context: GraphContext,
  owner: DirectoryPerson,
  message: MessageData,
  select: readonly SelectedProperty[] | null,
): string {
  const selected = select === null ? '' : `(${select.map((property) => property.name).join(',')})`;
  return `${context.graphBase}/$metadata#users('${owner.id}')/messages('${encodeURIComponent(message.id)}')/attachments${selected}`;
}

/** Finds the mailbox and the message with the same access rules as the other mail routes. */
export type MessageResolver = (
  context: GraphContext,
  params: Readonly<Record<string, string>>,
) => { readonly owner: DirectoryPerson; readonly message: MessageData };

/** The two attachment routes, relative to the mailbox (`/me` or `/users/{id}`). */
export function attachmentRoutes(resolve: MessageResolver): readonly {
  readonly path: string;
  readonly handler: (context: GraphContext, params: Readonly<Record<string, string>>) => Response;
}[] {
  return [
    {
      path: '/messages/:message/attachments',
      handler(context, params) {
        const { owner, message } = resolve(context, params);
        checkQueryOptions(context.url);
        const select = parseAttachmentSelect(query(context.url, '$select'));
        return jsonResponse(context.meta, 200, {
          '@odata.context': attachmentsContext(context, owner, message, select),
          value: message.attachments.map((attachment) => attachmentJson(attachment, select)),
        });
      },
    },
    {
      path: '/messages/:message/attachments/:attachment',
      handler(context, params) {
        const { owner, message } = resolve(context, params);
        checkQueryOptions(context.url);
        const select = parseAttachmentSelect(query(context.url, '$select'));
        const attachment = message.attachments.find(
          (candidate) => candidate.id === params['attachment'],
        );
        if (attachment === undefined) {
          throw new GraphError(
            404,
            'ErrorItemNotFound',
            'The specified object was not found in the store.',
          );
        }
        return jsonResponse(context.meta, 200, {
          '@odata.context': `${attachmentsContext(context, owner, message, select)}/$entity`,
          ...attachmentJson(attachment, select),
        });
      },
    },
  ];
}
