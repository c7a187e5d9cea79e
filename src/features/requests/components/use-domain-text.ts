import { useMemo } from 'react';
import {
  formatMessage,
  formatReason,
  type DomainMessageKey,
  type MessageParams,
  type Reason,
} from '../../../domain/messages.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** The domain's words (labels, rule reasons) in the interface language. */
export function useDomainText() {
  const { locale } = useI18n();
  return useMemo(
    () => ({
      label: (key: DomainMessageKey, params?: MessageParams) => formatMessage(locale, key, params),
      reason: (reason: Reason) => formatReason(locale, reason),
    }),
    [locale],
  );
}
