import { Link, makeStyles, tokens, useId } from '@fluentui/react-components';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import {
  memo,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { defaultCatalogue, findBase, gradingSchema } from '../../../domain/catalogue.ts';
import { gradingKey, kindKey } from '../../../domain/labels.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { StatusBadge } from '../../requests/components/status-badge.tsx';
import { useDomainText } from '../../requests/components/use-domain-text.ts';
import type { QueueRow } from '../triage-desk.ts';

/** A one-line row's height; rows that wrap are measured as they render. */
const estimatedRowPx = 38;
/** Rows rendered beyond each edge of the view, so quick scrolling meets rows, not blank space. */
const overscanRows = 8;
const columnCount = 8;

const useStyles = makeStyles({
  scroller: {
    position: 'relative',
    overflow: 'auto',
    minWidth: 0,
    // The table scrolls on its own, so the filters stay in view; in a short
    // window it still shows a useful number of rows.
    maxHeight: 'max(18rem, 70vh)',
    // Focus and scrollToIndex keep a row clear of the sticky header.
    scrollPaddingTop: '3rem',
    // The virtualiser corrects the scroll position itself when measured rows
    // differ from the estimate; the browser's scroll anchoring would do it twice.
    overflowAnchor: 'none',
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  table: {
    width: '100%',
    minWidth: '52rem',
    // Fixed column widths: rows coming and going while scrolling must not
    // make the columns jump.
    tableLayout: 'fixed',
    borderCollapse: 'collapse',
    fontSize: tokens.fontSizeBase300,
  },
  head: {
    position: 'sticky',
    top: 0,
    zIndex: 1,
    backgroundColor: tokens.colorNeutralBackground1,
    textAlign: 'start',
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground2,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    // A collapsed border would scroll away under a sticky cell; a shadow stays.
    boxShadow: `inset 0 calc(-1 * ${tokens.strokeWidthThick}) 0 ${tokens.colorNeutralStroke1}`,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
  row: {
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  spacer: { padding: 0, border: 'none' },
  cell: {
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    verticalAlign: 'top',
    overflowWrap: 'anywhere',
  },
  number: { textAlign: 'end', whiteSpace: 'nowrap' },
  open: { textAlign: 'start' },
  hint: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    overflow: 'hidden',
    clipPath: 'inset(50%)',
    whiteSpace: 'nowrap',
  },
});

/** Column widths in the table's fixed layout: what, for whom, from whom, where, case, grading, status, age. */
const columnWidths = ['15%', '14%', '14%', '12%', '11%', '10%', '16%', '8%'];

export interface QueueTableProps {
  rows: readonly QueueRow[];
  /** Names the table for screen readers. */
  label: string;
  /** Must be stable (the rows are memoised on it). */
  onOpen: (requestId: string) => void;
}

/**
 * The queue's loaded rows as a table: what, for whom, from whom, where,
 * status, age. Virtualised with TanStack Virtual: of a page of 500 (or the
 * pages "Vis flere" appended) only the rows in view and a few beyond are in
 * the DOM, with spacer rows keeping the scroll height.
 *
 * Still a table to assistive technology and the keyboard: `aria-rowcount`
 * and each row's `aria-rowindex` tell where a row is among all loaded rows;
 * every row's "Åpne …" button is in the Tab order (the rows either side of
 * the focused one are always rendered, so Tab and Shift+Tab find the next
 * row, and focusing it scrolls it into view); the arrow keys, Page Up/Down,
 * Home and End move between rows; and the focused row stays rendered when the
 * list is scrolled away from it, so focus is never dropped to the page.
 */
export function QueueTable({ rows, label, onOpen }: QueueTableProps) {
  const { t } = useI18n();
  const styles = useStyles();
  const hintId = useId('triage-queue-keys-');
  const scrollerRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  /** The request whose row holds focus: it and its neighbours are rendered wherever the list is scrolled. */
  const [focusedId, setFocusedId] = useState<string | null>(null);
  /** A row a key press moved to that was not rendered yet: focused after the next render. */
  const pendingFocus = useRef<number | null>(null);

  const indexById = useMemo(
    () => new Map(rows.map((row, index) => [row.requestId, index])),
    [rows],
  );
  const focusedIndex = focusedId === null ? undefined : indexById.get(focusedId);
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (focusedIndex === undefined) return indexes;
      // The focused row and its neighbours, wherever the view is: Tab and
      // Shift+Tab always find the next row, even before a scroll has rendered.
      const kept = [focusedIndex - 1, focusedIndex, focusedIndex + 1].filter(
        (index) => index >= 0 && index < range.count && !indexes.includes(index),
      );
      return kept.length === 0 ? indexes : [...indexes, ...kept].sort((a, b) => a - b);
    },
    [focusedIndex],
  );
  const getItemKey = useCallback((index: number) => rows[index]?.requestId ?? index, [rows]);

  // TanStack Virtual's instance is mutable by design; React Compiler leaves this component alone.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollerRef.current,
    estimateSize: () => estimatedRowPx,
    overscan: overscanRows,
    getItemKey,
    rangeExtractor,
    scrollPaddingStart: estimatedRowPx,
    // React 19 refuses flushSync while it renders (the first measurement
    // happens in a layout effect); a normal update is one frame later at most.
    useFlushSync: false,
  });

  const buttonOf = (index: number): HTMLElement | null =>
    bodyRef.current?.querySelector<HTMLElement>(`tr[data-index="${index}"] button`) ?? null;

  useEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const button = buttonOf(index);
    if (button !== null) {
      pendingFocus.current = null;
      button.focus();
    }
  });

  const focusRow = (index: number) => {
    const row = rows[index];
    if (row === undefined) return;
    virtualizer.scrollToIndex(index, { align: 'auto' });
    const button = buttonOf(index);
    if (button !== null) {
      button.focus();
      return;
    }
    pendingFocus.current = index;
    setFocusedId(row.requestId);
  };

  const rowIndexOf = (target: EventTarget | null): number | null => {
    if (!(target instanceof Element)) return null;
    const index = Number(target.closest('tr[data-index]')?.getAttribute('data-index') ?? NaN);
    return Number.isInteger(index) ? index : null;
  };

  const onFocus = (event: FocusEvent<HTMLTableSectionElement>) => {
    const index = rowIndexOf(event.target);
    const row = index === null ? undefined : rows[index];
    if (row !== undefined && row.requestId !== focusedId) setFocusedId(row.requestId);
  };
  const onBlur = (event: FocusEvent<HTMLTableSectionElement>) => {
    // Focus that left for somewhere else on the page frees the row; focus lost
    // with the window (no related target) keeps it, so it is there on return.
    const next = event.relatedTarget;
    if (next instanceof Node && !event.currentTarget.contains(next)) setFocusedId(null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const index = rowIndexOf(event.target);
    if (index === null) return;
    const scroller = scrollerRef.current;
    const page = Math.max(
      1,
      Math.floor((scroller?.clientHeight ?? estimatedRowPx * 10) / estimatedRowPx) - 1,
    );
    const last = rows.length - 1;
    const target =
      event.key === 'ArrowDown'
        ? index + 1
        : event.key === 'ArrowUp'
          ? index - 1
          : event.key === 'PageDown'
            ? index + page
            : event.key === 'PageUp'
              ? index - page
              : event.key === 'Home'
                ? 0
                : event.key === 'End'
                  ? last
                  : null;
    if (target === null) return;
    event.preventDefault();
    focusRow(Math.min(Math.max(target, 0), last));
  };

  const columns = [
    t('triage.queue.col.kind'),
    t('triage.queue.col.subject'),
    t('triage.queue.col.requester'),
    t('triage.queue.col.base'),
    t('triage.queue.col.caseNumber'),
    t('triage.queue.col.grading'),
    t('triage.queue.col.status'),
  ];

  // Spacer rows stand in for the rows not rendered, before, between (the
  // focused row kept far from the view) and after the rendered ones.
  const body: ReactNode[] = [];
  let end = 0;
  for (const item of virtualizer.getVirtualItems()) {
    const row = rows[item.index];
    if (row === undefined) continue;
    if (item.start > end)
      body.push(<SpacerRow key={`gap-${item.index}`} height={item.start - end} />);
    body.push(
      <QueueTableRow
        key={item.key}
        row={row}
        index={item.index}
        measure={virtualizer.measureElement}
        onOpen={onOpen}
      />,
    );
    end = item.end;
  }
  const rest = virtualizer.getTotalSize() - end;
  if (rest > 0) body.push(<SpacerRow key="rest" height={rest} />);

  return (
    <div ref={scrollerRef} className={styles.scroller}>
      <table
        className={styles.table}
        aria-label={label}
        aria-rowcount={rows.length + 1}
        aria-describedby={hintId}
      >
        <colgroup>
          {columnWidths.map((width, index) => (
            <col key={index} style={{ width }} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
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
        <tbody ref={bodyRef} onFocus={onFocus} onBlur={onBlur} onKeyDown={onKeyDown}>
          {body}
        </tbody>
      </table>
      <span id={hintId} className={styles.hint}>
        {t('triage.queue.keys')}
      </span>
    </div>
  );
}

/** Holds the height of rows not rendered; hidden from assistive technology. */
function SpacerRow({ height }: { height: number }) {
  const styles = useStyles();
  return (
    <tr aria-hidden="true">
      <td colSpan={columnCount} className={styles.spacer} style={{ height }} />
    </tr>
  );
}

/**
 * One row. Memoised: scrolling, loading the next page or typing in the search
 * box re-renders only rows that changed (`onOpen` and `measure` are stable).
 */
const QueueTableRow = memo(function QueueTableRow({
  row,
  index,
  measure,
  onOpen,
}: {
  row: QueueRow;
  /** Among all loaded rows, from 0. */
  index: number;
  /** Measures the rendered row, so rows that wrap get their real height. */
  measure: (element: HTMLTableRowElement | null) => void;
  onOpen: (requestId: string) => void;
}) {
  const { t } = useI18n();
  const domain = useDomainText();
  const styles = useStyles();
  const grading = gradingSchema.safeParse(row.grading);
  const kind = row.kind ? domain.label(kindKey(row.kind)) : t('requests.kindUnknown');
  return (
    <tr ref={measure} data-index={index} aria-rowindex={index + 2} className={styles.row}>
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
