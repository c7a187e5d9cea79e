import { Spinner, Text, useId } from '@fluentui/react-components';
import { useI18n } from '../../i18n/i18n.tsx';
import { useMyRequests } from '../api/get-my-requests.ts';
import { LoadFailure } from './form-parts.tsx';
import { useFormStyles } from './form-styles.ts';
import { RequestList } from './request-list.tsx';

export interface MyRequestsProps {
  /** Opens one request's detail. */
  onOpenRequest: (requestId: string) => void;
}

/** "Mine forespørsler": what the person sent or is the subject of, newest first. */
export function MyRequests({ onOpenRequest }: MyRequestsProps) {
  const { t } = useI18n();
  const styles = useFormStyles();
  const headingId = useId('mine-heading-');
  const requests = useMyRequests();
  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        {t('requests.mine.title')}
      </h2>
      {requests.isPending ? <Spinner label={t('requests.loading')} /> : null}
      {requests.isError ? (
        <LoadFailure error={requests.error} onRetry={() => void requests.refetch()} />
      ) : null}
      {requests.data?.length === 0 ? <Text>{t('requests.mine.empty')}</Text> : null}
      {requests.data && requests.data.length > 0 ? (
        <RequestList
          requests={requests.data}
          onOpen={onOpenRequest}
          label={t('requests.mine.title')}
        />
      ) : null}
    </section>
  );
}
