import { z } from 'zod';

/** Settings of the routine that the municipality may tune, with the routine's defaults. */
export const domainConfigSchema = z.object({
  /** R10: the longest period an external consultant's access may be ordered for. */
  externalConsultantMaxMonths: z.number().int().min(1).max(36).default(12),
  /** Journey 6: how many days before its end a time-limited grant is shown as ending soon. */
  expiryWarningDays: z.number().int().min(1).max(180).default(30),
  /** R12: how many days before the due date an annual review is flagged as due soon. */
  annualReviewWarningDays: z.number().int().min(1).max(180).default(30),
});

export type DomainConfig = z.infer<typeof domainConfigSchema>;

export const defaultDomainConfig: DomainConfig = domainConfigSchema.parse({});
