/**
 * The one port through which every Graph call gets its bearer token. Teams and
 * Outlook implement it with MSAL Nested App Authentication, the workbench with
 * the local emulator's identities.
 */
export interface TokenSource {
  /** Returns an access token for the given delegated Graph scopes. */
  getAccessToken(scopes: readonly string[]): Promise<string>;
}

/** The smallest scopes each kind of call needs; asked for per call. */
export const graphScopes = {
  readProfile: ['User.Read'],
  readDirectory: ['User.ReadBasic.All', 'GroupMember.Read.All'],
} as const satisfies Record<string, readonly string[]>;
