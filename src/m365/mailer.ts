/** Sending mail as the signed-in user through Graph (`POST /me/sendMail`). */
import { z } from 'zod';
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
}

/** The mailer port. */
export interface Mailer {
  /**
   * Sends one mail. Not retried on failure: a lost answer may mean it was
   * sent, and mail cannot be taken back. Callers that send many (review
   * campaigns) go through a durable queue at Exchange's pace (30 a minute).
   */
  sendMail(mail: OutgoingMail): Promise<void>;
}

/** Exchange Online's limit of recipients per message. */
export const MAX_RECIPIENTS = 500;

const addressSchema = z.email();
const messageIdPattern = /^<[^<>\s@]+@[^<>\s@]+>$/;

function recipients(addresses: readonly string[]) {
  return addresses.map((address) => ({
    emailAddress: { address: addressSchema.parse(address.trim()) },
  }));
}

export function createGraphMailer(graph: GraphClient): Mailer {
  return {
    async sendMail({ to, cc = [], subject, html, reference, internetMessageId, fromMailbox }) {
      if (to.length === 0) throw new RangeError('A mail needs at least one recipient.');
      if (to.length + cc.length > MAX_RECIPIENTS) {
        throw new RangeError(`At most ${MAX_RECIPIENTS} recipients per mail.`);
      }
      if (internetMessageId !== undefined && !messageIdPattern.test(internetMessageId)) {
        throw new RangeError('internetMessageId must look like <local@domain>.');
      }
      const path =
        fromMailbox === undefined
          ? '/me/sendMail'
          : `/users/${encodeURIComponent(addressSchema.parse(fromMailbox.trim()))}/sendMail`;
      await graph.request('POST', path, z.unknown(), {
        scopes: fromMailbox === undefined ? graphScopes.sendMail : graphScopes.sendMailShared,
        body: {
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
          },
          saveToSentItems: true,
        },
      });
    },
  };
}
