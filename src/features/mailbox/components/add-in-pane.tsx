import { Button, makeStyles, tokens, useId } from '@fluentui/react-components';
import { useEffect, useRef } from 'react';
import type { HostMailItem } from '../../../m365/host.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ReviewTaskPane } from '../../reviews/components/review-task-pane.tsx';

const useStyles = makeStyles({
  pane: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    flexGrow: 0,
    flexShrink: 0,
    flexBasis: '22rem',
    minWidth: 0,
    padding: tokens.spacingHorizontalM,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  header: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
  },
  heading: {
    margin: 0,
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
  },
});

export interface AddInPaneProps {
  id: string;
  item: HostMailItem;
  onClose: () => void;
  /** Moves focus to the pane when it appears (it was opened by its button, not by a new message). */
  focusOnOpen: boolean;
}

/**
 * Where Outlook shows a task pane add-in: beside the open message. It runs
 * the same task pane as Outlook does, reading the message through the
 * {@link HostMailItem} port.
 */
export function AddInPane({ id, item, onClose, focusOnOpen }: AddInPaneProps) {
  const { t } = useI18n();
  const styles = useStyles();
  const headingId = useId('addin-heading-');
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusOnOpen) heading.current?.focus();
  }, [focusOnOpen]);
  return (
    <aside
      id={id}
      aria-labelledby={headingId}
      className={styles.pane}
      data-testid="mailbox-addin-pane"
    >
      <div className={styles.header}>
        <h3 id={headingId} ref={heading} tabIndex={-1} className={styles.heading}>
          {t('app.name')}
        </h3>
        <Button size="small" appearance="subtle" onClick={onClose}>
          {t('mailbox.addIn.close')}
        </Button>
      </div>
      <ReviewTaskPane item={item} />
    </aside>
  );
}
