import { render, type RenderResult } from '@testing-library/react';
import type { ReactNode } from 'react';
import { vi } from 'vitest';
import { PageProviders, createQueryClient } from '../../../src/app/providers.tsx';
import { ServicesProvider } from '../../../src/features/services/services.tsx';
import type { Person } from '../../../src/m365/directory.ts';
import type { FakeTriageDesk } from './fake-triage-desk.ts';
import { sigrid } from './fake-triage-desk.ts';
import '../requests/jsdom-layout.ts';
import './jsdom-table-layout.ts';

export { expectNoAxeViolations } from '../requests/render-requests.tsx';

/** Renders `ui` with the fake desk as the triage desk, signed in as `me` (Sigrid Lund). */
export function renderWithTriageDesk(
  ui: ReactNode,
  desk: FakeTriageDesk | undefined,
  me: Person = sigrid,
): RenderResult {
  const services = {
    directory: { getMe: () => Promise.resolve(me) },
    principal: me.id,
    ...(desk ? { triageDesk: desk } : {}),
  };
  return render(
    <PageProviders hostKind="teams" theme="light" locale="nb" queryClient={createQueryClient()}>
      <ServicesProvider services={services}>
        <main>{ui}</main>
      </ServicesProvider>
    </PageProviders>,
  );
}

/**
 * jsdom has no object URLs and cannot follow links: these stand in, and the
 * returned spies see every Blob made and every link clicked.
 */
export function stubObjectUrls() {
  const blobs: Blob[] = [];
  const created = vi.fn((blob: Blob) => {
    blobs.push(blob);
    return `blob:test/${blobs.length}`;
  });
  Object.defineProperty(URL, 'createObjectURL', {
    configurable: true,
    writable: true,
    value: created,
  });
  Object.defineProperty(URL, 'revokeObjectURL', {
    configurable: true,
    writable: true,
    value: vi.fn(),
  });
  const clicked = vi
    .spyOn(HTMLAnchorElement.prototype, 'click')
    .mockImplementation(() => undefined);
  return { blobs, created, clicked };
}

/** A Blob's bytes (jsdom's Blob has no `text()`). */
export function blobBytes(blob: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const result = reader.result;
      if (result instanceof ArrayBuffer) resolve(new Uint8Array(result));
      else reject(new Error('not an ArrayBuffer'));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsArrayBuffer(blob);
  });
}
