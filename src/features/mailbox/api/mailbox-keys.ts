/**
 * Query keys of the mailbox feature. Every key starts with the principal, so
 * one demo person's mail is never shown to another (the workbench switches
 * identities).
 */
export const mailboxKeys = {
  all: (principal: string) => ['mailbox', principal] as const,
  inbox: (principal: string) => ['mailbox', principal, 'inbox'] as const,
  message: (principal: string, messageId: string) =>
    ['mailbox', principal, 'message', messageId] as const,
};
