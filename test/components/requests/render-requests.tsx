import { render, type RenderResult } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import axe from 'axe-core';
import type { ReactNode } from 'react';
import { expect } from 'vitest';
import { PageProviders, createQueryClient } from '../../../src/app/providers.tsx';
import type { Locale } from '../../../src/domain/locale.ts';
import { ServicesProvider } from '../../../src/features/services/services.tsx';
import type { Directory } from '../../../src/m365/directory.ts';
import type { FakeRequestDesk } from './fake-request-desk.ts';
import './jsdom-layout.ts';

const unusedDirectory: Directory = {
  getMe: () => Promise.reject(new Error('the requests screens do not ask for /me')),
};

/**
 * Renders `ui` in a page's providers with the fake desk as the request desk,
 * inside a `<main>` as AppShell places it (so axe can judge landmarks).
 */
export function renderWithDesk(
  ui: ReactNode,
  desk: FakeRequestDesk,
  options: { locale?: Locale } = {},
): RenderResult {
  const services = { directory: unusedDirectory, principal: desk.me.id, requestDesk: desk };
  return render(
    <PageProviders
      hostKind="teams"
      theme="light"
      locale={options.locale ?? 'nb'}
      queryClient={createQueryClient()}
    >
      <ServicesProvider services={services}>
        <main>{ui}</main>
      </ServicesProvider>
    </PageProviders>,
  );
}

/** Presses Tab until `target` has focus: reaching a field the way a keyboard user does. */
export async function tabTo(user: UserEvent, target: HTMLElement, limit = 40): Promise<void> {
  for (let presses = 0; presses < limit && document.activeElement !== target; presses += 1) {
    await user.tab();
  }
  expect(target).toHaveFocus();
}

/** The text of everything that describes `element` (its error sentence and hint). */
export function descriptionOf(element: HTMLElement): string {
  const ids = (element.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
}

/**
 * axe-core on what is rendered. Only `color-contrast` is off: jsdom cannot
 * compute it (the end-to-end tests check contrast in a real browser).
 */
export async function expectNoAxeViolations(container: HTMLElement): Promise<void> {
  const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  const summary = results.violations.map(
    (violation) =>
      `${violation.id}: ${violation.help}\n${violation.nodes.map((node) => `  ${node.html}`).join('\n')}`,
  );
  expect(summary).toEqual([]);
}

/**
 * Ends a test without leaving a draft behind: drafts are written shortly
 * after the last key, so a pending write would otherwise land after the next
 * test cleared the storage. `pagehide` makes the form write it now.
 */
export function forgetDrafts(): void {
  window.dispatchEvent(new Event('pagehide'));
  window.localStorage.clear();
}
