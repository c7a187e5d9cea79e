import { runPopupRelay } from '@azure/msal-browser/popup-relay';

/**
 * The popup MSAL opens when it signs in with its standard flow from inside a host's frame.
 * Chromium partitions `BroadcastChannel` by top-level site, so `auth-redirect.html` in a popup
 * cannot reach a frame under teams.microsoft.com or outlook.office.com directly: this first-party
 * page opens the sign-in window, receives its answer on the same partition and posts it to the
 * frame that opened it (`window.opener`, same origin). Protocol version 2 authenticates that
 * hand-off; only Microsoft's sign-in origin may be navigated to.
 */
runPopupRelay({
  protocolVersion: 2,
  allowedAuthorityOrigins: ['https://login.microsoftonline.com'],
});
