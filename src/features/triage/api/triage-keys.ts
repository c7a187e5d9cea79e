import type { QueueFilter, QueueSort } from '../triage-desk.ts';

/**
 * Query keys of the triage feature. Every key starts with the principal, so
 * one identity's cached queue is never shown to another (the workbench
 * switches identities).
 */
export const triageKeys = {
  all: (principal: string) => ['triage', principal] as const,
  me: (principal: string) => ['triage', principal, 'me'] as const,
  queues: (principal: string) => ['triage', principal, 'queue'] as const,
  queue: (principal: string, filter: QueueFilter, sort: QueueSort, pageSize: number) =>
    ['triage', principal, 'queue', { ...filter, sort, pageSize }] as const,
  detail: (principal: string, requestId: string) =>
    ['triage', principal, 'detail', requestId] as const,
};
