/**
 * jsdom has no layout: `offsetParent` is always null and the body measures
 * 0 × 0. Tabster (Fluent's focus manager) reads that as "nothing is
 * visible", and then handles Tab from a radio group as if nothing after it
 * could take focus. This gives the answers a browser would: `offsetParent` is
 * null only inside something not displayed, and the body has a size.
 * Imported by the requests component tests only.
 */
Object.defineProperty(HTMLElement.prototype, 'offsetParent', {
  configurable: true,
  get(this: HTMLElement): Element | null {
    if (window.getComputedStyle(this).display === 'none') return null;
    const parent = this.parentElement;
    // A parent that is not displayed hides this element too.
    if (parent !== null && parent.offsetParent === null && parent !== document.body) return null;
    return parent;
  },
});

Object.defineProperty(HTMLBodyElement.prototype, 'getBoundingClientRect', {
  configurable: true,
  value: () => new DOMRect(0, 0, 1024, 768),
});
