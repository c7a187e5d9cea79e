// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  requestIdFrom,
  teamsRequestLink,
  teamsTriageLink,
  workbenchRequestLink,
} from '../../src/app/links.ts';

describe('request links', () => {
  it('carries the request in a Teams deep link that the tab can read back', () => {
    const link = new URL(teamsRequestLink('33333333-4444-4555-8666-777777777777', 'abc-123'));
    expect(link.origin).toBe('https://teams.microsoft.com');
    expect(link.pathname).toBe('/l/entity/33333333-4444-4555-8666-777777777777/elementsTilgang');
    const context: unknown = JSON.parse(link.searchParams.get('context') ?? '{}');
    expect(context).toEqual({ subEntityId: 'request:abc-123' });
    expect(requestIdFrom('request:abc-123')).toBe('abc-123');
  });

  it('opens the request in the triage channel tab, whose entityId is the configured view', () => {
    const link = new URL(
      teamsTriageLink(
        '33333333-4444-4555-8666-777777777777',
        '19:demo-triage@thread.tacv2',
        'abc-123',
      ),
    );
    expect(link.pathname).toBe('/l/entity/33333333-4444-4555-8666-777777777777/triage');
    const context: unknown = JSON.parse(link.searchParams.get('context') ?? '{}');
    expect(context).toEqual({
      subEntityId: 'request:abc-123',
      channelId: '19:demo-triage@thread.tacv2',
    });
  });

  it('carries the request in the workbench URL', () => {
    const link = new URL(workbenchRequestLink('http://localhost:5173', 'abc-123'));
    expect(requestIdFrom(link.searchParams.get('request'))).toBe('abc-123');
  });

  it('refuses anything that is not a plain id', () => {
    expect(requestIdFrom('request:<script>')).toBeNull();
    expect(requestIdFrom('')).toBeNull();
    expect(requestIdFrom(null)).toBeNull();
  });
});
