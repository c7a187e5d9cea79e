import { render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import { PageProviders, createQueryClient } from '../../../src/app/providers.tsx';
import type { Locale } from '../../../src/domain/locale.ts';
import { rawHeaderBlock } from '../../../src/features/mailbox/workbench-mail-item.ts';
import type { ReviewDesk } from '../../../src/features/reviews/review-desk.ts';
import { ServicesProvider } from '../../../src/features/services/services.tsx';
import { createGraphDirectory } from '../../../src/m365/directory.ts';
import type { HostKind, HostMailAttachment, HostMailItem } from '../../../src/m365/host.ts';
import { upn, type ReviewMail, type ReviewWorld, type Who } from '../../features/review-kit.ts';
import { graphAs } from '../../m365/emulator-kit.ts';
import '../requests/jsdom-layout.ts';

// jsdom has no ResizeObserver; Fluent's single-line MessageBar observes its width to reflow.
// Without layout nothing ever resizes, so an observer that never reports is what a browser would do.
if (typeof window !== 'undefined' && !('ResizeObserver' in window)) {
  class NoLayoutResizeObserver {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  }
  Object.defineProperty(window, 'ResizeObserver', {
    configurable: true,
    writable: true,
    value: NoLayoutResizeObserver,
  });
}

export interface RenderAsOptions {
  readonly locale?: Locale;
  /** Default `teams` (the campaign screens); the task pane runs in `outlook`. */
  readonly hostKind?: HostKind;
  /** Default: the world's real desk for `who`. */
  readonly desk?: ReviewDesk;
}

/**
 * Renders `ui` as `who` sees it in a page: the real review desk over our
 * Graph adapters against the world's emulator, and the directory read as
 * them. Inside a `<main>`, as the shell places it.
 */
export function renderAs(
  world: ReviewWorld,
  who: Who,
  ui: ReactNode,
  options: RenderAsOptions = {},
): RenderResult {
  const services = {
    directory: createGraphDirectory(graphAs(world.emulator, upn[who])),
    principal: upn[who],
    reviewDesk: options.desk ?? world.deskAs(who),
  };
  return render(
    <PageProviders
      hostKind={options.hostKind ?? 'teams'}
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

/**
 * A delivered mail as Outlook hands it to the task pane: its Graph headers as
 * one raw CRLF header block, as `getAllInternetHeadersAsync` gives it; `from`
 * as the address in its `From` header. It has the `attachments` given (as
 * UTF-8 text), none by default.
 */
export function mailItemOf(
  mail: Pick<ReviewMail, 'subject' | 'internetMessageId' | 'internetMessageHeaders'>,
  attachments: readonly HostMailAttachment[] = [],
): HostMailItem {
  const block = rawHeaderBlock(mail.internetMessageHeaders ?? []);
  const fromHeader = (mail.internetMessageHeaders ?? []).find(
    (header) => header.name.toLowerCase() === 'from',
  );
  const from = /<([^<>\s]+@[^<>\s]+)>/.exec(fromHeader?.value ?? '')?.[1] ?? null;
  return {
    subject: mail.subject,
    internetMessageId: mail.internetMessageId,
    from,
    getInternetHeaders: () => Promise.resolve(block),
    getAttachments: () => Promise.resolve(attachments),
  };
}
