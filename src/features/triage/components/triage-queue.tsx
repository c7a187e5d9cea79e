import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  SearchBox,
  Select,
  Spinner,
  Text,
  ToggleButton,
  makeStyles,
  tokens,
  useId,
} from '@fluentui/react-components';
import { useMemo } from 'react';
import { defaultCatalogue, gradingSchema } from '../../../domain/catalogue.ts';
import { osloDate } from '../../../domain/dates.ts';
import { gradingKey, kindKey, statusKey } from '../../../domain/labels.ts';
import { requestStatuses, type RequestStatus } from '../../../domain/request-fold.ts';
import { requestKinds } from '../../../domain/requests.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { LoadFailure } from '../../requests/components/form-parts.tsx';
import { failureText } from '../../requests/components/form-problems.ts';
import { useDebouncedValue } from '../../requests/components/use-debounced-value.ts';
import { useDomainText } from '../../requests/components/use-domain-text.ts';
import { useQueue } from '../api/get-queue.ts';
import { useQueueRows } from '../api/get-queue-rows.ts';
import { queueCsv } from '../exports.ts';
import { openStatuses, type QueueSort } from '../triage-desk.ts';
import { downloadCsv } from '../../exports/download-file.ts';
import { queueFilterOf, queuePageSizes, type QueueControls } from './queue-controls.ts';
import { QueueTable } from './queue-table.tsx';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: 0 },
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  chips: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS },
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalM,
    '> *': { flexGrow: 1, flexBasis: '10rem' },
  },
  search: { flexBasis: '16rem' },
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
  },
  meta: { color: tokens.colorNeutralForeground2 },
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
  },
  // Label and select on one line (a horizontal Field gives its label a third of the width).
  pageSize: { gridTemplateColumns: 'max-content 6rem', columnGap: tokens.spacingHorizontalS },
  more: { alignSelf: 'flex-start' },
});

const sorts: readonly QueueSort[] = ['oldest', 'newest', 'status', 'kind', 'base'];
const sortKeys: Record<QueueSort, MessageKey> = {
  oldest: 'triage.sort.oldest',
  newest: 'triage.sort.newest',
  status: 'triage.sort.status',
  kind: 'triage.sort.kind',
  base: 'triage.sort.base',
};

/** How long the search waits after the last key before it asks the desk. */
const searchDelayMs = 300;

export interface TriageQueueProps {
  controls: QueueControls;
  onControlsChange: (controls: QueueControls) => void;
  /** Must be stable (the rows are memoised on it). */
  onOpen: (requestId: string) => void;
}

/**
 * "Behandling": the open requests a page at a time (50, 200 or 500 rows, "Vis
 * flere" appends the next page; the table is virtualised), with counts per
 * status, filters, a debounced search, sorting and the CSV export of the
 * current filter.
 */
export function TriageQueue({ controls, onControlsChange, onOpen }: TriageQueueProps) {
  const { t, locale } = useI18n();
  const domain = useDomainText();
  const styles = useStyles();
  const headingId = useId('triage-queue-');
  const search = useDebouncedValue(controls.search, searchDelayMs);
  const filter = useMemo(() => queueFilterOf(controls, search), [controls, search]);
  const queue = useQueue(filter, controls.sort, controls.pageSize);
  const exportRows = useQueueRows();
  const set = (change: Partial<QueueControls>) => onControlsChange({ ...controls, ...change });

  const pages = queue.data?.pages;
  const rows = useMemo(() => pages?.flatMap((page) => page.rows) ?? [], [pages]);
  const first = pages?.[0];
  const counts = first?.counts;
  const openCount = counts ? openStatuses.reduce((sum, status) => sum + counts[status], 0) : null;

  const downloadCsvOfFilter = async () => {
    if (exportRows.isPending) return;
    try {
      const all = await exportRows.mutateAsync({ filter, sort: controls.sort });
      downloadCsv(queueCsv(all), `behandling-${osloDate(new Date())}.csv`);
    } catch {
      // Shown below from exportRows.error.
    }
  };

  const chip = (value: RequestStatus | 'open', label: string, count: number | null) => (
    <ToggleButton
      key={value}
      size="small"
      shape="circular"
      checked={controls.status === value}
      onClick={() => set({ status: value })}
    >
      {count === null ? label : t('triage.queue.chip', { label, count })}
    </ToggleButton>
  );

  return (
    <section className={styles.root} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        {t('triage.queue.heading')}
      </h2>
      <div role="group" aria-label={t('triage.filter.status')} className={styles.chips}>
        {chip('open', t('triage.filter.allOpen'), openCount)}
        {requestStatuses.map((status) =>
          chip(status, domain.label(statusKey(status)), counts ? counts[status] : null),
        )}
      </div>
      <div className={styles.filters}>
        <Field label={t('triage.filter.search')} className={styles.search}>
          <SearchBox
            value={controls.search}
            placeholder={t('triage.filter.searchPlaceholder')}
            onChange={(_, data) => set({ search: data.value })}
          />
        </Field>
        <Field label={t('triage.filter.base')}>
          <Select
            value={controls.base ?? ''}
            onChange={(_, data) => set({ base: data.value === '' ? null : data.value })}
          >
            <option value="">{t('triage.filter.any')}</option>
            {defaultCatalogue.bases.map((base) => (
              <option key={base.id} value={base.id}>
                {base.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('triage.filter.kind')}>
          <Select
            value={controls.kind ?? ''}
            onChange={(_, data) =>
              set({ kind: requestKinds.find((kind) => kind === data.value) ?? null })
            }
          >
            <option value="">{t('triage.filter.any')}</option>
            {requestKinds.map((kind) => (
              <option key={kind} value={kind}>
                {domain.label(kindKey(kind))}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('triage.filter.grading')}>
          <Select
            value={controls.grading ?? ''}
            onChange={(_, data) => {
              const grading = gradingSchema.safeParse(data.value);
              set({ grading: grading.success ? grading.data : null });
            }}
          >
            <option value="">{t('triage.filter.any')}</option>
            {gradingSchema.options.map((grading) => (
              <option key={grading} value={grading}>
                {domain.label(gradingKey(grading))}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          label={t('triage.filter.olderThan')}
          validationMessage={
            controls.olderThanDays.trim() !== '' && !/^\d{1,4}$/.test(controls.olderThanDays.trim())
              ? t('triage.filter.olderThanInvalid')
              : undefined
          }
        >
          <Input
            inputMode="numeric"
            value={controls.olderThanDays}
            contentAfter={<Text size={200}>{t('triage.filter.days')}</Text>}
            onChange={(_, data) => set({ olderThanDays: data.value })}
          />
        </Field>
        <Field label={t('triage.filter.sort')}>
          <Select
            value={controls.sort}
            onChange={(_, data) =>
              set({ sort: sorts.find((sort) => sort === data.value) ?? 'oldest' })
            }
          >
            {sorts.map((sort) => (
              <option key={sort} value={sort}>
                {t(sortKeys[sort])}
              </option>
            ))}
          </Select>
        </Field>
      </div>

      <div className={styles.bar}>
        <Text className={styles.meta} role="status">
          {first
            ? t('triage.queue.showing', { shown: rows.length, total: first.total })
            : queue.isPending
              ? t('triage.queue.loading')
              : ''}
        </Text>
        <div className={styles.actions}>
          <Field
            label={t('triage.queue.pageSize')}
            orientation="horizontal"
            className={styles.pageSize}
          >
            <Select
              value={String(controls.pageSize)}
              onChange={(_, data) =>
                set({
                  pageSize: queuePageSizes.find((size) => String(size) === data.value) ?? 50,
                })
              }
            >
              {queuePageSizes.map((size) => (
                <option key={size} value={size}>
                  {size}
                </option>
              ))}
            </Select>
          </Field>
          <Button
            disabledFocusable={exportRows.isPending || queue.isPending}
            icon={exportRows.isPending ? <Spinner size="tiny" aria-hidden="true" /> : undefined}
            onClick={() => void downloadCsvOfFilter()}
          >
            {t('triage.queue.csv')}
          </Button>
        </div>
      </div>
      {exportRows.isError ? (
        <MessageBar intent="error" layout="multiline" role="alert">
          <MessageBarBody>
            {t('triage.queue.csvFailed')} {failureText(exportRows.error, locale, t)}
          </MessageBarBody>
        </MessageBar>
      ) : null}

      {queue.isPending ? <Spinner label={t('triage.queue.loading')} /> : null}
      {queue.isError && !queue.isFetchNextPageError ? (
        <LoadFailure error={queue.error} onRetry={() => void queue.refetch()} />
      ) : null}
      {first && rows.length === 0 ? <Text>{t('triage.queue.empty')}</Text> : null}
      {rows.length > 0 ? (
        <QueueTable rows={rows} label={t('triage.queue.heading')} onOpen={onOpen} />
      ) : null}
      {queue.isFetchNextPageError ? (
        <LoadFailure error={queue.error} onRetry={() => void queue.fetchNextPage()} />
      ) : null}
      {queue.hasNextPage ? (
        <Button
          className={styles.more}
          disabledFocusable={queue.isFetchingNextPage}
          icon={queue.isFetchingNextPage ? <Spinner size="tiny" aria-hidden="true" /> : undefined}
          onClick={() => void queue.fetchNextPage()}
        >
          {t('triage.queue.more')}
        </Button>
      ) : null}
    </section>
  );
}
