import { Badge, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { HostKind } from '../../m365/host.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { SignedInUser } from './signed-in-user.tsx';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    minHeight: '100vh',
    backgroundColor: tokens.colorNeutralBackground2,
  },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalL,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  brand: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
  },
  title: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  tagline: { color: tokens.colorNeutralForeground3 },
  tools: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalL,
  },
  main: {
    flexGrow: 1,
    padding: tokens.spacingHorizontalL,
  },
});

export interface AppShellProps {
  /** The host the page runs in; shown in the header. */
  hostKind: HostKind;
  /** Extra controls in the header (the workbench's identity, theme and language pickers). */
  headerTools?: ReactNode;
  children: ReactNode;
}

/** The frame every page shares: product name, host, signed-in user, then the page's content. */
export function AppShell({ hostKind, headerTools, children }: AppShellProps) {
  const { t } = useI18n();
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <header className={styles.header}>
        <div className={styles.brand}>
          <h1 className={styles.title}>{t('app.name')}</h1>
          <span className={styles.tagline}>{t('app.tagline')}</span>
          <Badge appearance="tint" data-testid="host-kind">
            {t('shell.runsIn', { host: t(`host.${hostKind}`) })}
          </Badge>
        </div>
        <div className={styles.tools}>
          {headerTools}
          <SignedInUser />
        </div>
      </header>
      <main className={styles.main}>{children}</main>
    </div>
  );
}
