import type { Locale } from '../../../domain/locale.ts';
import { formatReason, type Reason } from '../../../domain/messages.ts';
import type { Translate } from '../../i18n/i18n.tsx';

export type DelegationField = 'leaderId' | 'delegateId' | 'validFrom' | 'validTo';

/** One sentence per field, and what belongs to no field. */
export type FieldErrors = Partial<Record<DelegationField | 'general', string>>;

const fields: readonly DelegationField[] = ['leaderId', 'delegateId', 'validFrom', 'validTo'];

function isField(value: string | undefined): value is DelegationField {
  return fields.some((field) => field === value);
}

/**
 * The desk's refusal as sentences next to the fields. Two of the fold's
 * reasons are worded for the ledger, not for this form; they get the form's
 * own sentence.
 */
export function fieldErrors(reasons: readonly Reason[], locale: Locale, t: Translate): FieldErrors {
  const errors: FieldErrors = {};
  for (const reason of reasons) {
    const field = isField(reason.field) ? reason.field : 'general';
    if (errors[field] !== undefined) continue;
    if (field === 'leaderId' && reason.key === 'anomaly.notEntitled') {
      errors[field] = t('delegations.form.notAbove');
    } else if (field === 'delegateId' && reason.key === 'anomaly.selfOrder') {
      errors[field] = t('delegations.form.delegateIsYou');
    } else {
      errors[field] = formatReason(locale, reason);
    }
  }
  return errors;
}
