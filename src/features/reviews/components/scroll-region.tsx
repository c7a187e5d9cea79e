import { makeStyles } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  region: { overflowX: 'auto' },
  tall: { maxHeight: '360px', overflowY: 'auto' },
});

/**
 * A table that may scroll, reachable by keyboard: a named group in the tab
 * order, so arrow keys scroll it (WCAG 2.1.1; axe's scrollable-region-focusable).
 */
export function ScrollRegion({
  label,
  tall = false,
  children,
}: {
  label: string;
  tall?: boolean;
  children: ReactNode;
}) {
  const styles = useStyles();
  return (
    <div
      role="group"
      aria-label={label}
      tabIndex={0}
      className={tall ? `${styles.region} ${styles.tall}` : styles.region}
    >
      {children}
    </div>
  );
}
