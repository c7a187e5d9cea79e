import { expect, test as base } from '@playwright/test';

/** A Content-Security-Policy violation seen in a page of the test's browser context. */
export interface CspViolation {
  /** `event`: a `securitypolicyviolation` event; `console`: Chromium's console report. */
  source: 'event' | 'console';
  /** The page or frame it happened in. */
  url: string;
  /** The directive, the blocked URL (or `inline`, `eval`) and the first characters. */
  text: string;
}

declare global {
  interface Window {
    __reportCspViolation?: (violation: { url: string; text: string }) => Promise<void>;
  }
}

/**
 * Playwright's `test` with one addition: every test fails when a page or frame of its
 * browser context reports a CSP violation (decision 015), so each journey proves the
 * policy production sends allows everything it does. Violations come from a
 * `securitypolicyviolation` listener installed before any page script, and from
 * Chromium's console errors, which also cover frames where no script runs (the
 * sandboxed mail body). A test that provokes a violation on purpose reads
 * `cspViolations` and empties it.
 */
export const test = base.extend<{ cspViolations: CspViolation[] }>({
  cspViolations: [
    async ({ context }, use) => {
      const violations: CspViolation[] = [];
      await context.exposeBinding('__reportCspViolation', ({ frame }, violation: unknown) => {
        const report = typeof violation === 'object' && violation !== null ? violation : {};
        violations.push({
          source: 'event',
          url: 'url' in report && typeof report.url === 'string' ? report.url : frame.url(),
          text: 'text' in report && typeof report.text === 'string' ? report.text : '',
        });
      });
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          void window.__reportCspViolation?.({
            url: event.documentURI,
            text: `${event.effectiveDirective} ${event.blockedURI} ${event.sample}`.trim(),
          });
        });
      });
      context.on('console', (message) => {
        const text = message.text();
        if (message.type() === 'error' && /Content Security Policy/i.test(text)) {
          violations.push({ source: 'console', url: message.location().url, text });
        }
      });
      await use(violations);
      expect(violations, 'Content-Security-Policy violations').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
