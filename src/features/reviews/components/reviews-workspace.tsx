import {
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { LoadFailure } from '../../requests/components/form-parts.tsx';
import { useServices } from '../../services/services.tsx';
import { reviewKeys } from '../api/use-review-desk.ts';
import { CampaignDetailView } from './campaign-detail.tsx';
import { CampaignList } from './campaign-list.tsx';
import { NewCampaign } from './new-campaign.tsx';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, minWidth: 0 },
});

type Place = { view: 'list' } | { view: 'new' } | { view: 'campaign'; campaignId: string };

/**
 * Systemansvarlig's "Tilgangsgjennomgang" (SPEC journeys 4 and 5): the
 * campaigns, a new one from a file or by hand, and one campaign at a time
 * with sending, replies, reminders, removals, closing and the report.
 */
export function ReviewsWorkspace() {
  const { t } = useI18n();
  const styles = useStyles();
  const { reviewDesk, principal } = useServices();
  const [place, setPlace] = useState<Place>({ view: 'list' });
  const canManage = useQuery({
    queryKey: reviewKeys.canManage(principal),
    queryFn: () => {
      if (!reviewDesk) throw new Error('No review desk');
      return reviewDesk.canManage();
    },
    enabled: reviewDesk !== undefined,
    staleTime: 5 * 60_000,
  });

  if (!reviewDesk) {
    return (
      <MessageBar intent="error" layout="multiline" role="alert">
        <MessageBarBody>
          <MessageBarTitle>{t('reviews.unavailable')}</MessageBarTitle>
        </MessageBarBody>
      </MessageBar>
    );
  }
  if (canManage.isPending) return <Spinner label={t('reviews.loading')} />;
  if (canManage.isError) {
    return (
      <LoadFailure
        title={t('reviews.loadError')}
        error={canManage.error}
        onRetry={() => void canManage.refetch()}
      />
    );
  }
  if (!canManage.data) {
    return (
      <MessageBar intent="info" layout="multiline" role="status">
        <MessageBarBody>
          <MessageBarTitle>{t('reviews.notSystemansvarlig.title')}</MessageBarTitle>
          {t('reviews.notSystemansvarlig.body')}
        </MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <div className={styles.root}>
      {place.view === 'list' ? (
        <CampaignList
          onNew={() => setPlace({ view: 'new' })}
          onOpen={(campaignId) => setPlace({ view: 'campaign', campaignId })}
        />
      ) : place.view === 'new' ? (
        <NewCampaign
          onCancel={() => setPlace({ view: 'list' })}
          onCreated={(campaignId) => setPlace({ view: 'campaign', campaignId })}
        />
      ) : (
        <CampaignDetailView
          key={place.campaignId}
          campaignId={place.campaignId}
          onBack={() => setPlace({ view: 'list' })}
        />
      )}
    </div>
  );
}
