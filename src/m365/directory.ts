import { z } from 'zod';
import type { GraphClient } from './graph-client.ts';
import { graphScopes } from './token-source.ts';

/** A person as the UI shows them. */
export interface Person {
  id: string;
  displayName: string;
  jobTitle: string | null;
  mail: string | null;
}

const userSchema = z.object({
  id: z.string().min(1),
  displayName: z.string().nullable().optional(),
  jobTitle: z.string().nullable().optional(),
  mail: z.string().nullable().optional(),
  userPrincipalName: z.string().nullable().optional(),
});

/** Reads people from the directory (Entra ID through Graph). */
export interface Directory {
  /** The signed-in user. */
  getMe(): Promise<Person>;
}

export function createGraphDirectory(graph: GraphClient): Directory {
  return {
    async getMe() {
      const user = await graph.get('/me', userSchema, {
        scopes: graphScopes.readProfile,
        select: ['id', 'displayName', 'jobTitle', 'mail', 'userPrincipalName'],
      });
      return {
        id: user.id,
        displayName: user.displayName ?? user.userPrincipalName ?? user.id,
        jobTitle: user.jobTitle ?? null,
        mail: user.mail ?? null,
      };
    },
  };
}
