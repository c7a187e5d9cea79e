/**
 * The one port through which every Graph call gets its bearer token. Teams and
 * Outlook implement it with MSAL Nested App Authentication, the workbench with
 * the local emulator's identities.
 */
export interface TokenSource {
  /** Returns an access token for the given delegated Graph scopes. */
  getAccessToken(scopes: readonly string[]): Promise<string>;
}

/**
 * The smallest scopes each kind of call needs; asked for per call. The
 * SharePoint list permissions set by provisioning, not these scopes, decide
 * what a user may read or add in the ledger (docs/permissions.md).
 */
export const graphScopes = {
  readProfile: ['User.Read'],
  readDirectory: ['User.ReadBasic.All', 'GroupMember.Read.All'],
  /** Other people's basic profiles, direct reports and people search. */
  readPeople: ['User.ReadBasic.All'],
  /** `/users/{id}/manager` needs more than basic profiles. */
  readManagers: ['User.Read.All'],
  readGroupMembership: ['GroupMember.Read.All'],
  readLedger: ['Sites.Read.All'],
  writeLedger: ['Sites.ReadWrite.All'],
  sendMail: ['Mail.Send'],
  /** Sending as a shared mailbox (the review campaigns' sender, when one is configured). */
  sendMailShared: ['Mail.Send.Shared'],
  /** Mail.ReadBasic leaves out `internetMessageHeaders`, which carry our reference. */
  readMail: ['Mail.Read'],
  /**
   * Reading a shared mailbox (the campaign mailbox's Sent Items and Inbox): Graph wants the
   * `.Shared` scope, and Exchange Full Access on the mailbox besides (Send As gives no read).
   */
  readMailShared: ['Mail.Read.Shared'],
  postChannelMessage: ['ChannelMessage.Send'],
  /** Finding a request's announcement to reply in its thread (admin consent). */
  readChannelMessages: ['ChannelMessage.Read.All'],
} as const satisfies Record<string, readonly string[]>;
