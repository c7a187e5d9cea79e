/** Sending mail as the signed-in user through Graph (`POST /me/sendMail`). */
import { z } from 'zod';
import { GraphError } from './errors.ts';
import type { GraphClient } from './graph-client.ts';
import {
  MAIL_REFERENCE_HEADER,
  serializeMailReference,
  type MailReference,
} from './mail-reference.ts';
import type { SafeHtml } from './safe-html.ts';
import { graphScopes } from './token-source.ts';

export interface OutgoingMail {
  readonly to: readonly string[];
  readonly cc?: readonly string[];
  readonly subject: string;
  /** Built with `html` / `SafeHtml`, so user text in it is escaped. */
  readonly html: SafeHtml;
  /** Carried in the one `x-elements-tilgang` header. */
  readonly reference: MailReference;
  /**
   * The `Message-ID` to send with (`<local@domain>`). Graph lets a client set it on a message
   * before it is sent; a caller that must not send twice uses it to find the mail in Sent Items.
   */
  readonly internetMessageId?: string;
  /**
   * Send from this mailbox (a shared mailbox the user may send as; needs Mail.Send.Shared)
   * instead of the user's own. Sent Items is then that mailbox's.
   */
  readonly fromMailbox?: string;
  /**
   * Files sent with the message (Graph's `fileAttachment`, in the same sendMail call), e.g. the
   * small JSON file a review mail carries. `contentBytes` is the file in standard base64
   * (`utf8TextToBase64` in base64.ts). The whole request must stay within Graph's 4 MB.
   */
  readonly attachments?: readonly OutgoingAttachment[];
}

/** A file attached to an {@link OutgoingMail}. */
export interface OutgoingAttachment {
  /** Shown under the attachment's icon; need not be the file name (fileAttachment). */
  readonly name: string;
  /** MIME type, e.g. `application/json`. */
  readonly contentType: string;
  /** The file's bytes in standard base64. */
  readonly contentBytes: string;
}

/** The mailer port. */
export interface Mailer {
  /**
   * Sends one mail. A lost answer may mean it was sent, and mail cannot be
   * taken back, so only a 429 is retried (Exchange refused the mail: nothing
   * was sent), after its `Retry-After`, unless the mailer was made with
   * `retryThrottled: false`. Callers that send many (review campaigns) go
   * through a durable queue at Exchange's pace (30 a minute) and pace
   * themselves.
   */
  sendMail(mail: OutgoingMail): Promise<void>;
}

export interface GraphMailerOptions {
  /**
   * Wait out a 429 and send again, up to twice, when Exchange asks for no more
   * than the retry policy's longest wait (default true). A queue that shows its
   * own waiting passes false.
   */
  readonly retryThrottled?: boolean;
}

const THROTTLED_ATTEMPTS = 3;

/** Exchange Online's limit of recipients per message. */
export const MAX_RECIPIENTS = 500;

/**
 * Graph refuses a request over 4 MB (413): a file attached in the sendMail call must be
 * "under 3 MB" (https://learn.microsoft.com/graph/api/message-post-attachments), which its
 * base64 makes 4 MB. Counted here as 4 × 1024 × 1024 bytes of the JSON body.
 */
export const MAX_SEND_MAIL_REQUEST_BYTES = 4 * 1024 * 1024;

const attachmentSchema = z.object({
  // A line break would end the MIME header the name goes into.
  name: z
    .string()
    .trim()
    .min(1)
    .regex(/^[^\r\n]*$/),
  contentType: z
    .string()
    .trim()
    .regex(/^[\w.+-]+\/[\w.+-]+(?:\s*;[^\r\n]*)?$/),
  contentBytes: z
    .string()
    .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/),
});

function fileAttachments(attachments: readonly OutgoingAttachment[]) {
  return attachments.map((attachment) => {
    const parsed = attachmentSchema.safeParse(attachment);
    if (!parsed.success) {
      throw new RangeError(
        'An attachment needs a name, a MIME content type and its content in base64.',
      );
    }
    return { '@odata.type': '#microsoft.graph.fileAttachment', ...parsed.data };
  });
}

const addressSchema = z.email();
const messageIdPattern = /^<[^<>\s@]+@[^<>\s@]+>$/;

function recipients(addresses: readonly string[]) {
  return addresses.map((address) => ({
    emailAddress: { address: addressSchema.parse(address.trim()) },
  }));
}

export function createGraphMailer(graph: GraphClient, options: GraphMailerOptions = {}): Mailer {
  const retryThrottled = options.retryThrottled ?? true;
  const policy = graph.retryPolicy;

  /** A 429 means Exchange refused the mail (its per-minute limit): safe to send again. */
  async function sendOnce(send: () => Promise<unknown>): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await send();
        return;
      } catch (error) {
        if (
          !retryThrottled ||
          !(error instanceof GraphError) ||
          error.kind !== 'throttled' ||
          attempt >= THROTTLED_ATTEMPTS
        ) {
          throw error;
        }
        const wait = policy.delayMs(attempt, error.retryAfterMs);
        if (wait > policy.maxRetryAfterMs) throw error;
        await policy.sleep(wait);
      }
    }
  }

  return {
    async sendMail({
      to,
      cc = [],
      subject,
      html,
      reference,
      internetMessageId,
      fromMailbox,
      attachments = [],
    }) {
      if (to.length === 0) throw new RangeError('A mail needs at least one recipient.');
      if (to.length + cc.length > MAX_RECIPIENTS) {
        throw new RangeError(`At most ${MAX_RECIPIENTS} recipients per mail.`);
      }
      if (internetMessageId !== undefined && !messageIdPattern.test(internetMessageId)) {
        throw new RangeError('internetMessageId must look like <local@domain>.');
      }
      const files = fileAttachments(attachments);
      const path =
        fromMailbox === undefined
          ? '/me/sendMail'
          : `/users/${encodeURIComponent(addressSchema.parse(fromMailbox.trim()))}/sendMail`;
      const body = {
        message: {
          // A line break in a subject would be a header of its own in MIME.
          subject: subject.replace(/[\r\n]+/g, ' ').trim(),
          body: { contentType: 'HTML', content: html.html },
          toRecipients: recipients(to),
          ...(cc.length > 0 ? { ccRecipients: recipients(cc) } : {}),
          ...(internetMessageId === undefined ? {} : { internetMessageId }),
          internetMessageHeaders: [
            { name: MAIL_REFERENCE_HEADER, value: serializeMailReference(reference) },
          ],
          ...(files.length > 0 ? { attachments: files } : {}),
        },
        saveToSentItems: true,
      };
      if (new TextEncoder().encode(JSON.stringify(body)).byteLength > MAX_SEND_MAIL_REQUEST_BYTES) {
        throw new RangeError('The mail with its attachments is over the 4 MB Graph accepts.');
      }
      const request = () =>
        graph.request('POST', path, z.unknown(), {
          scopes: fromMailbox === undefined ? graphScopes.sendMail : graphScopes.sendMailShared,
          body,
        });
      await sendOnce(request);
    },
  };
}
