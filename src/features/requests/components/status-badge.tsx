import { Badge, type BadgeProps } from '@fluentui/react-components';
import { statusKey } from '../../../domain/labels.ts';
import type { RequestStatus } from '../../../domain/request-fold.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useDomainText } from './use-domain-text.ts';

const colours: Record<RequestStatus, NonNullable<BadgeProps['color']>> = {
  submitted: 'informative',
  'awaiting-leader': 'informative',
  'awaiting-arkivleder': 'informative',
  'awaiting-systemansvarlig': 'informative',
  'needs-information': 'warning',
  approved: 'success',
  rejected: 'danger',
  'carried-out': 'success',
  expired: 'subtle',
  withdrawn: 'subtle',
};

/** A request's derived status; the colour only repeats what the text says. */
export function StatusBadge({ status }: { status: RequestStatus | null }) {
  const { t } = useI18n();
  const domain = useDomainText();
  if (status === null) {
    return (
      <Badge appearance="outline" color="subtle">
        {t('requests.status.unknown')}
      </Badge>
    );
  }
  return (
    <Badge appearance="tint" color={colours[status]}>
      {domain.label(statusKey(status))}
    </Badge>
  );
}
