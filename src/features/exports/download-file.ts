/** How long an object URL lives: long enough for the browser to load or save it. */
const urlLifetimeMs = 60_000;

/** Clicks a hidden link to an object URL of `content`, in the user's gesture (no popup blocker). */
function clickLink(content: BlobPart[], type: string, set: (link: HTMLAnchorElement) => void) {
  const url = URL.createObjectURL(new Blob(content, { type }));
  const link = document.createElement('a');
  link.href = url;
  link.hidden = true;
  set(link);
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download or the new tab's load in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), urlLifetimeMs);
}

/**
 * Saves `content` as a file through an `<a download>` and an object URL: the
 * way that works in a Teams tab's iframe, the browser and the desktop client
 * alike (no popup, no navigation away from the tab).
 */
export function downloadFile(content: BlobPart[], fileName: string, type: string): void {
  clickLink(content, type, (link) => {
    link.download = fileName;
  });
}

/** Opens `content` in a new tab (a printable page). */
export function openInNewTab(content: BlobPart[], type: string): void {
  clickLink(content, type, (link) => {
    link.target = '_blank';
    link.rel = 'noopener';
  });
}

/** The BOM makes Excel read the CSV as UTF-8 (æøå) instead of the machine's code page. */
export function downloadCsv(csv: string, fileName: string): void {
  downloadFile(['\uFEFF', csv], fileName, 'text/csv;charset=utf-8');
}
