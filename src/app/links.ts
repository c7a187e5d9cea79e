/**
 * Links that open one request, put in e-mails and channel messages. In Teams
 * a deep link to the personal tab carries the request in `subEntityId`; in
 * the workbench a plain URL carries it in `?request=`.
 */

/** The personal tab's entityId in manifest/manifest.template.json. */
const personalTabEntityId = 'elementsTilgang';
const subEntityPrefix = 'request:';

export function teamsRequestLink(teamsAppId: string, requestId: string): string {
  const context = JSON.stringify({ subEntityId: `${subEntityPrefix}${requestId}` });
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(teamsAppId)}/${personalTabEntityId}?context=${encodeURIComponent(context)}`;
}

/**
 * Opens the request in the Dokumentsenteret channel tab: a deep link to the
 * configurable tab (its entityId is the view chosen at configuration,
 * `triage`) in the triage channel.
 */
export function teamsTriageLink(teamsAppId: string, channelId: string, requestId: string): string {
  const context = JSON.stringify({ subEntityId: `${subEntityPrefix}${requestId}`, channelId });
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(teamsAppId)}/triage?context=${encodeURIComponent(context)}`;
}

export function workbenchRequestLink(origin: string, requestId: string): string {
  return `${origin}/index.html?request=${encodeURIComponent(requestId)}`;
}

/** The request a Teams deep link or a workbench URL asked to open, if any. */
export function requestIdFrom(subPageIdOrParam: string | null | undefined): string | null {
  if (!subPageIdOrParam) return null;
  const value = subPageIdOrParam.startsWith(subEntityPrefix)
    ? subPageIdOrParam.slice(subEntityPrefix.length)
    : subPageIdOrParam;
  return /^[\w-]{1,100}$/.test(value) ? value : null;
}
