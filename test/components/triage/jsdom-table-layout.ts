/**
 * jsdom has no layout: every element measures 0 × 0, so a virtualised list
 * sees a viewport with no room and renders no rows. This gives the answers a
 * browser would for the queue's table: the element that scrolls a table (its
 * parent) is a 600 px high viewport, and a table row is 38 px high (a one-line
 * queue row in Chromium, which is also the table's estimate). Scrolling
 * is `scrollTop` plus a `scroll` event, as in a browser.
 * Imported by the triage component tests only.
 */
export const viewportPx = 600;
export const rowPx = 38;

const scrollsATable = (element: HTMLElement) =>
  element.firstElementChild instanceof HTMLTableElement;

Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
  configurable: true,
  get(this: HTMLElement): number {
    return scrollsATable(this) ? viewportPx : 0;
  },
});

Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
  configurable: true,
  get(this: HTMLElement): number {
    return scrollsATable(this) ? 1024 : 0;
  },
});

Object.defineProperty(HTMLTableRowElement.prototype, 'offsetHeight', {
  configurable: true,
  get(): number {
    return rowPx;
  },
});

/** Scrolls `element` to `top` as a user would, firing the `scroll` event. */
export function scrollTo(element: HTMLElement, top: number): void {
  element.scrollTop = top;
  element.dispatchEvent(new Event('scroll'));
}

// `Element.scrollTo` (which the virtualiser's scrollToIndex calls) is missing in jsdom.
Object.defineProperty(Element.prototype, 'scrollTo', {
  configurable: true,
  writable: true,
  value(this: Element, options?: ScrollToOptions | number) {
    const top = typeof options === 'object' ? options.top : undefined;
    if (this instanceof HTMLElement && top !== undefined) scrollTo(this, top);
  },
});
