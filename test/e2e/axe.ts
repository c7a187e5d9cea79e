import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/**
 * axe over the whole page. Fluent UI's focus manager (tabster) inserts
 * `data-tabster-dummy` sentinels: aria-hidden, tabindex 0, 1 px, which move
 * focus to the right place when tabbing past a group. axe's aria-hidden-focus
 * flags them, but they never keep focus; everything else is checked.
 *
 * `sandboxedFrames`: frames axe cannot enter (an e-mail body in a
 * `sandbox=""` iframe runs no script, so injecting axe there would wait
 * forever). They are left out of the scan; the component tests check the
 * frame's title.
 */
export function axeScan(page: Page, options: { sandboxedFrames?: readonly string[] } = {}) {
  let builder = new AxeBuilder({ page }).exclude('[data-tabster-dummy]');
  for (const selector of options.sandboxedFrames ?? []) builder = builder.exclude(selector);
  return builder.analyze();
}
