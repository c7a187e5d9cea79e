import { Spinner, Text, useId } from '@fluentui/react-components';
import { useI18n } from '../../i18n/i18n.tsx';
import { useWaitingForMe } from '../api/get-waiting-for-me.ts';
import { LoadFailure } from './form-parts.tsx';
import { useFormStyles } from './form-styles.ts';
import { RequestList } from './request-list.tsx';

export interface WaitingForMeProps {
  /** Opens one request's detail, where the step is taken. */
  onOpenRequest: (requestId: string) => void;
}

/** "Venter på meg": requests whose next step is this person's (R8: leader or arkivleder). */
export function WaitingForMe({ onOpenRequest }: WaitingForMeProps) {
  const { t } = useI18n();
  const styles = useFormStyles();
  const headingId = useId('waiting-heading-');
  const requests = useWaitingForMe();
  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        {t('requests.waiting.title')}
      </h2>
      <p className={styles.intro}>{t('requests.waiting.intro')}</p>
      {requests.isPending ? <Spinner label={t('requests.loading')} /> : null}
      {requests.isError ? (
        <LoadFailure error={requests.error} onRetry={() => void requests.refetch()} />
      ) : null}
      {requests.data?.length === 0 ? <Text>{t('requests.waiting.empty')}</Text> : null}
      {requests.data && requests.data.length > 0 ? (
        <RequestList
          requests={requests.data}
          onOpen={onOpenRequest}
          label={t('requests.waiting.title')}
          showRequester
        />
      ) : null}
    </section>
  );
}
