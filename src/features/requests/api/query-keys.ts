/**
 * Query keys of the requests feature. Every key starts with the principal, so
 * one identity's cached requests are never shown to another (the workbench
 * switches identities), and `all` invalidates everything of one person.
 */
export const requestKeys = {
  all: (principal: string) => ['requests', principal] as const,
  standing: (principal: string) => ['requests', principal, 'standing'] as const,
  people: (principal: string, text: string) => ['requests', principal, 'people', text] as const,
  systemansvarlige: (principal: string) => ['requests', principal, 'systemansvarlige'] as const,
  grants: (principal: string, subjectId: string) =>
    ['requests', principal, 'grants', subjectId] as const,
  mine: (principal: string) => ['requests', principal, 'mine'] as const,
  waiting: (principal: string) => ['requests', principal, 'waiting'] as const,
  detail: (principal: string, requestId: string) =>
    ['requests', principal, 'detail', requestId] as const,
};
