import { Button, Persona, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useI18n } from '../i18n/i18n.tsx';
import { useMe } from './api/get-me.ts';
import { errorMessageKey } from './error-message.ts';

const useStyles = makeStyles({
  error: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    color: tokens.colorPaletteRedForeground1,
  },
});

/** Who is signed in: display name and job title, read from Graph `/me`. */
export function SignedInUser() {
  const { t } = useI18n();
  const styles = useStyles();
  const me = useMe();

  if (me.isPending) return <Spinner size="tiny" label={t('shell.loadingUser')} />;
  if (me.isError) {
    return (
      <div className={styles.error} role="alert">
        <Text>{t('shell.userError', { reason: t(errorMessageKey(me.error)) })}</Text>
        <Button size="small" onClick={() => void me.refetch()}>
          {t('shell.retry')}
        </Button>
      </div>
    );
  }
  return (
    <section aria-label={t('shell.signedInAs')} data-testid="signed-in-user">
      <Persona
        name={me.data.displayName}
        secondaryText={me.data.jobTitle ?? t('shell.noJobTitle')}
        avatar={{ color: 'colorful' }}
      />
    </section>
  );
}
