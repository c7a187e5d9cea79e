import { describe, expect, it } from 'vitest';
import { NotInHostError } from '../../src/hosts/not-in-host-error.ts';
import { connectTeams } from '../../src/hosts/teams/teams-host.ts';

describe('connectTeams', () => {
  it('rejects with NotInHostError in a page that is not inside Teams', async () => {
    // jsdom is a top-level window with no Teams parent: teams-js refuses at once,
    // so no timers need to run.
    const error: unknown = await connectTeams({
      clientId: 'client',
      tenantId: 'tenant',
      timeoutMs: 300,
    }).then(
      () => 'connected',
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(NotInHostError);
    expect(error).toMatchObject({ host: 'teams' });
  });
});
