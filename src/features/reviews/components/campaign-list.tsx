import {
  Badge,
  Button,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { defaultCatalogue } from '../../../domain/catalogue.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { LoadFailure } from '../../requests/components/form-parts.tsx';
import { ScrollRegion } from './scroll-region.tsx';
import { norwegianDate } from '../../requests/notifications.ts';
import type { CampaignListRow } from '../review-desk.ts';
import { targetName } from '../review-mails.ts';
import { reviewKeys, useReviewDesk } from '../api/use-review-desk.ts';

const useStyles = makeStyles({
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
  },
});

export function CampaignStatusBadge({ row }: { row: Pick<CampaignListRow, 'status' | 'overdue'> }) {
  const { t } = useI18n();
  if (row.status === 'closed') {
    return <Badge appearance="outline">{t('reviews.status.closed')}</Badge>;
  }
  if (row.overdue) {
    return (
      <Badge appearance="filled" color="danger">
        {t('reviews.status.overdue')}
      </Badge>
    );
  }
  return row.status === 'open' ? (
    <Badge appearance="filled" color="brand">
      {t('reviews.status.open')}
    </Badge>
  ) : (
    <Badge appearance="tint">{t('reviews.status.draft')}</Badge>
  );
}

export function CampaignList({
  onNew,
  onOpen,
}: {
  onNew: () => void;
  onOpen: (campaignId: string) => void;
}) {
  const { t } = useI18n();
  const styles = useStyles();
  const { desk, principal } = useReviewDesk();
  const campaigns = useQuery({
    queryKey: reviewKeys.list(principal),
    queryFn: () => desk.listCampaigns(),
  });
  return (
    <>
      <div className={styles.header}>
        <Text as="h2" size={600} weight="semibold">
          {t('reviews.title')}
        </Text>
        <Button appearance="primary" onClick={onNew}>
          {t('reviews.new')}
        </Button>
      </div>
      <Text>{t('reviews.intro')}</Text>
      {campaigns.isPending ? (
        <Spinner label={t('reviews.loading')} />
      ) : campaigns.isError ? (
        <LoadFailure
          title={t('reviews.loadError')}
          error={campaigns.error}
          onRetry={() => void campaigns.refetch()}
        />
      ) : campaigns.data.length === 0 ? (
        <Text>{t('reviews.empty')}</Text>
      ) : (
        <ScrollRegion label={t('reviews.title')}>
          <Table aria-label={t('reviews.title')} size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('reviews.column.campaign')}</TableHeaderCell>
                <TableHeaderCell>{t('reviews.column.deadline')}</TableHeaderCell>
                <TableHeaderCell>{t('reviews.column.status')}</TableHeaderCell>
                <TableHeaderCell>{t('reviews.column.people')}</TableHeaderCell>
                <TableHeaderCell>{t('reviews.column.unanswered')}</TableHeaderCell>
                <TableHeaderCell>{t('reviews.column.toRemove')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {campaigns.data.map((row) => (
                <TableRow key={row.campaignId}>
                  <TableCell>
                    <Button appearance="transparent" onClick={() => onOpen(row.campaignId)}>
                      {t(
                        row.definition.kind === 'quarterly-module'
                          ? 'reviews.kind.quarterlyNamed'
                          : 'reviews.kind.annualNamed',
                        { target: targetName(row.definition, defaultCatalogue) },
                      )}
                    </Button>
                  </TableCell>
                  <TableCell>{norwegianDate(row.definition.deadline)}</TableCell>
                  <TableCell>
                    <CampaignStatusBadge row={row} />
                  </TableCell>
                  <TableCell>{row.people}</TableCell>
                  <TableCell>{row.summary.unanswered}</TableCell>
                  <TableCell>{row.summary.removalsPending}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </ScrollRegion>
      )}
    </>
  );
}
