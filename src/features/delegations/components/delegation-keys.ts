/**
 * Query keys of the delegation panel. They start with the signed-in principal,
 * so one person's delegations are never shown to the next (the workbench
 * switches identities under one query cache).
 */
export const delegationKeys = {
  all: (principal: string) => [principal, 'delegations'] as const,
  list: (principal: string) => [principal, 'delegations', 'list'] as const,
  leaders: (principal: string) => [principal, 'delegations', 'leaders'] as const,
  people: (principal: string, text: string) => [principal, 'delegations', 'people', text] as const,
};
