import { z } from 'zod';

/** An Entra ID object id. Who someone *is* comes from SharePoint's author stamp or Graph, never from a payload. */
export const personIdSchema = z
  .string({ error: 'validation.required' })
  .trim()
  .min(1, { error: 'validation.required' })
  .max(128, { error: 'validation.tooLong' });

/**
 * A reference to a person in the directory. `displayName` is a convenience
 * copy for lists and exports; decisions use only `id`.
 */
export const personRefSchema = z.object({
  id: personIdSchema,
  displayName: z.string().trim().min(1).max(256).optional(),
});

export type PersonRef = z.infer<typeof personRefSchema>;

export function samePerson(a: PersonRef | string, b: PersonRef | string): boolean {
  return (typeof a === 'string' ? a : a.id) === (typeof b === 'string' ? b : b.id);
}
