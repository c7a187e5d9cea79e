import {
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  root: {
    minHeight: '100vh',
    display: 'flex',
    alignItems: 'flex-start',
    justifyContent: 'center',
    padding: tokens.spacingHorizontalXXL,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  box: { maxWidth: '40rem', width: '100%' },
  title: { margin: `0 0 ${tokens.spacingVerticalXS}` },
  list: { margin: `${tokens.spacingVerticalS} 0 0`, paddingLeft: tokens.spacingHorizontalXL },
});

export interface HostMessageProps {
  /** `warning` for "open me elsewhere", `error` for a broken set-up. */
  intent: 'warning' | 'error' | 'info';
  title: string;
  children: ReactNode;
}

/** A full-page message for a page that cannot show the product (wrong host, bad configuration). */
export function HostMessage({ intent, title, children }: HostMessageProps) {
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <div className={styles.box}>
        <MessageBar intent={intent} layout="multiline" role="alert">
          <MessageBarBody>
            <Text as="h1" weight="semibold" size={400} block className={styles.title}>
              {title}
            </Text>
            {children}
          </MessageBarBody>
        </MessageBar>
      </div>
    </div>
  );
}

/** A list of problems inside a {@link HostMessage}. */
export function ProblemList({ problems }: { problems: readonly string[] }) {
  const styles = useStyles();
  return (
    <ul className={styles.list}>
      {problems.map((problem) => (
        <li key={problem}>
          <code>{problem}</code>
        </li>
      ))}
    </ul>
  );
}

/** Shown while the page waits for its host. */
export function Connecting({ label }: { label: string }) {
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <Spinner label={label} />
    </div>
  );
}
