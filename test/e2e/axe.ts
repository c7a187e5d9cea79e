import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/**
 * axe over the whole page. Fluent UI's focus manager (tabster) inserts
 * `data-tabster-dummy` sentinels: aria-hidden, tabindex 0, 1 px, which move
 * focus to the right place when tabbing past a group. axe's aria-hidden-focus
 * flags them, but they never keep focus; everything else is checked.
 */
export function axeScan(page: Page) {
  return new AxeBuilder({ page }).exclude('[data-tabster-dummy]').analyze();
}
