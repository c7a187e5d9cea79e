import { Spinner, Tab, TabList } from '@fluentui/react-components';
import { Suspense, lazy, useState } from 'react';
import { useI18n } from '../features/i18n/i18n.tsx';

const TriageWorkspace = lazy(() =>
  import('../features/triage/components/triage-workspace.tsx').then((module) => ({
    default: module.TriageWorkspace,
  })),
);
const ReviewsWorkspace = lazy(() =>
  import('../features/reviews/components/reviews-workspace.tsx').then((module) => ({
    default: module.ReviewsWorkspace,
  })),
);

/**
 * The Dokumentsenteret channel as Teams shows it in the workbench: two configured tabs,
 * "Behandling" (triage) and "Tilgangsgjennomgang" (reviews), each the same page a channel tab
 * loads. Loaded only when the channel surface is chosen, so the workbench's first paint does not
 * wait for it.
 */
export function WorkbenchChannel({
  initialView,
  linkedRequestId,
}: {
  /** `?view=reviews` opens the reviews tab; triage otherwise (also for a linked request). */
  initialView: 'triage' | 'reviews';
  /** A request to open at once in triage (a link from an e-mail or the channel). */
  linkedRequestId?: string;
}) {
  const { t } = useI18n();
  const [view, setView] = useState(initialView);
  return (
    <>
      <TabList
        selectedValue={view}
        onTabSelect={(_, data) => setView(data.value === 'reviews' ? 'reviews' : 'triage')}
        aria-label={t('workbench.channelTabs')}
      >
        <Tab value="triage">{t('view.triage')}</Tab>
        <Tab value="reviews">{t('view.reviews')}</Tab>
      </TabList>
      <Suspense fallback={<Spinner />}>
        {view === 'reviews' ? (
          <ReviewsWorkspace />
        ) : (
          <TriageWorkspace {...(linkedRequestId ? { initialRequestId: linkedRequestId } : {})} />
        )}
      </Suspense>
    </>
  );
}
