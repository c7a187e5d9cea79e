import { Link, makeStyles, tokens } from '@fluentui/react-components';
import { memo } from 'react';
import { defaultCatalogue, findBase, gradingSchema } from '../../../domain/catalogue.ts';
import { gradingKey, kindKey } from '../../../domain/labels.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { StatusBadge } from '../../requests/components/status-badge.tsx';
import { useDomainText } from '../../requests/components/use-domain-text.ts';
import type { QueueRow } from '../triage-desk.ts';

const useStyles = makeStyles({
  scroller: { overflowX: 'auto', minWidth: 0 },
  table: {
    width: '100%',
    borderCollapse: 'collapse',
    fontSize: tokens.fontSizeBase300,
  },
  head: {
    textAlign: 'start',
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground2,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    borderBottom: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}`,
    whiteSpace: 'nowrap',
  },
  row: {
    // The browser skips layout and paint of rows far off screen: thousands of
    // loaded rows stay cheap without a windowing library.
    contentVisibility: 'auto',
    containIntrinsicSize: 'auto 2.75rem',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  cell: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    verticalAlign: 'top',
    overflowWrap: 'anywhere',
  },
  number: { textAlign: 'end', whiteSpace: 'nowrap' },
  open: { textAlign: 'start' },
});

export interface QueueTableProps {
  rows: readonly QueueRow[];
  /** Names the table for screen readers. */
  label: string;
  onOpen: (requestId: string) => void;
}

/** The queue's loaded rows as a table: what, for whom, from whom, where, status, age. */
export function QueueTable({ rows, label, onOpen }: QueueTableProps) {
  const { t } = useI18n();
  const styles = useStyles();
  const columns = [
    t('triage.queue.col.kind'),
    t('triage.queue.col.subject'),
    t('triage.queue.col.requester'),
    t('triage.queue.col.base'),
    t('triage.queue.col.caseNumber'),
    t('triage.queue.col.grading'),
    t('triage.queue.col.status'),
  ];
  return (
    <div className={styles.scroller}>
      <table className={styles.table} aria-label={label}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col" className={styles.head}>
                {column}
              </th>
            ))}
            <th scope="col" className={`${styles.head} ${styles.number}`}>
              {t('triage.queue.col.age')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <QueueTableRow key={row.requestId} row={row} onOpen={onOpen} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * One row. Memoised: loading the next page or typing in the search box
 * re-renders only rows that changed (`onOpen` must be stable).
 */
const QueueTableRow = memo(function QueueTableRow({
  row,
  onOpen,
}: {
  row: QueueRow;
  onOpen: (requestId: string) => void;
}) {
  const { t } = useI18n();
  const domain = useDomainText();
  const styles = useStyles();
  const grading = gradingSchema.safeParse(row.grading);
  const kind = row.kind ? domain.label(kindKey(row.kind)) : t('requests.kindUnknown');
  return (
    <tr className={styles.row}>
      <td className={styles.cell}>
        <Link
          as="button"
          className={styles.open}
          onClick={() => onOpen(row.requestId)}
          aria-label={t('triage.queue.open', { kind, reference: row.reference })}
        >
          {kind}
        </Link>
      </td>
      <td className={styles.cell}>{row.subjectName ?? '–'}</td>
      <td className={styles.cell}>{row.requesterName ?? '–'}</td>
      <td className={styles.cell}>
        {row.base ? (findBase(defaultCatalogue, row.base)?.name ?? row.base) : '–'}
      </td>
      <td className={styles.cell}>{row.caseNumber ?? '–'}</td>
      <td className={styles.cell}>
        {grading.success ? domain.label(gradingKey(grading.data)) : '–'}
      </td>
      <td className={styles.cell}>
        <StatusBadge status={row.status} />
      </td>
      <td className={`${styles.cell} ${styles.number}`}>
        {row.ageDays === null ? '–' : t('triage.queue.days', { count: row.ageDays })}
      </td>
    </tr>
  );
});
