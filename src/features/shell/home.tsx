import { Body1, Card, CardHeader, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/messages.ts';
import { useMe } from './api/get-me.ts';

/** The views a page can open on; a channel tab stores its choice at configuration. */
export type ViewId = 'home' | 'triage' | 'reviews' | 'review';

export const viewTitles: Record<
  Exclude<ViewId, 'home'>,
  { title: MessageKey; description: MessageKey }
> = {
  triage: { title: 'view.triage', description: 'view.triage.description' },
  reviews: { title: 'view.reviews', description: 'view.reviews.description' },
  review: { title: 'view.review', description: 'view.review.description' },
};

/** Parses a view id from a URL parameter or a tab's entityId; anything else opens the home view. */
export function parseViewId(value: string | null | undefined): ViewId {
  return value === 'triage' || value === 'reviews' || value === 'review' ? value : 'home';
}

const useStyles = makeStyles({
  card: { maxWidth: '48rem' },
  intro: { color: tokens.colorNeutralForeground2 },
});

/** The landing content of a page: a welcome, or the title of the view the tab was set up for. */
export function Home({ view }: { view: ViewId }) {
  const { t } = useI18n();
  const styles = useStyles();
  const me = useMe();
  const name = me.data?.displayName;
  const heading =
    view === 'home'
      ? name
        ? t('home.welcome', { name })
        : t('app.name')
      : t(viewTitles[view].title);
  const body = view === 'home' ? t('home.intro') : t(viewTitles[view].description);
  return (
    <Card className={styles.card}>
      <CardHeader
        header={
          <Text as="h2" weight="semibold" size={500}>
            {heading}
          </Text>
        }
      />
      <Body1 className={styles.intro}>{body}</Body1>
    </Card>
  );
}
