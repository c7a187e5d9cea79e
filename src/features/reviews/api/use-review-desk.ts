import { useServices } from '../../services/services.tsx';
import type { ReviewDesk } from '../review-desk.ts';

/** Query keys of the review screens, per signed-in principal. */
export const reviewKeys = {
  all: (principal: string) => ['reviews', principal] as const,
  canManage: (principal: string) => ['reviews', principal, 'can-manage'] as const,
  list: (principal: string) => ['reviews', principal, 'list'] as const,
  campaign: (principal: string, campaignId: string) =>
    ['reviews', principal, 'campaign', campaignId] as const,
};

/** The review desk, for components below the workspace's "no desk" check. */
export function useReviewDesk(): { desk: ReviewDesk; principal: string } {
  const { reviewDesk, principal } = useServices();
  if (!reviewDesk) throw new Error('The review screens need a reviewDesk in <ServicesProvider>');
  return { desk: reviewDesk, principal };
}
