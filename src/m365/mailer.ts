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

function recipients(addresses: readonly string[]) {
  return addresses.map((address) => ({
    emailAddress: { address: addressSchema.parse(address.trim()) },
  }));
}

export function createGraphMailer(graph: GraphClient): Mailer {
  return {
    async sendMail({ to, cc = [], subject, html, reference }) {
      if (to.length === 0) throw new RangeError('A mail needs at least one recipient.');
      if (to.length + cc.length > MAX_RECIPIENTS) {
        throw new RangeError(`At most ${MAX_RECIPIENTS} recipients per mail.`);
      }
      await graph.request('POST', '/me/sendMail', z.unknown(), {
        scopes: graphScopes.sendMail,
        body: {
          message: {
            // A line break in a subject would be a header of its own in MIME.
            subject: subject.replace(/[\r\n]+/g, ' ').trim(),
            body: { contentType: 'HTML', content: html.html },
            toRecipients: recipients(to),
            ...(cc.length > 0 ? { ccRecipients: recipients(cc) } : {}),
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
