import { CounterBadge, Tab, TabList, makeStyles, tokens, useId } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { DelegationPanel } from '../../delegations/components/delegation-panel.tsx';
import { delegationKeys } from '../../delegations/components/delegation-keys.ts';
import { useServices } from '../../services/services.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { useWaitingForMe } from '../api/get-waiting-for-me.ts';
import { FolderAccessForm } from './folder-access-form.tsx';
import { MyRequests } from './my-requests.tsx';
import { OrderAccessForm } from './order-access-form.tsx';
import { RequestDetail } from './request-detail.tsx';
import { WaitingForMe } from './waiting-for-me.tsx';

/** The workspace's tabs. */
export type RequestsTab = 'order' | 'folder' | 'mine' | 'waiting' | 'delegations';

const tabTitles: Record<RequestsTab, MessageKey> = {
  order: 'requests.tab.order',
  folder: 'requests.tab.folder',
  mine: 'requests.tab.mine',
  waiting: 'requests.tab.waiting',
  delegations: 'requests.tab.delegations',
};

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  tabs: { flexWrap: 'wrap' },
  badge: { marginLeft: tokens.spacingHorizontalXS },
  panel: { minWidth: 0 },
});

export interface RequestsWorkspaceProps {
  /**
   * Opens this request at once, in "Mine forespørsler" (a link from an
   * e-mail or the channel). Changing it opens the new request.
   */
  initialRequestId?: string;
  /** The tab to start on when no request is opened. @default 'order' */
  initialTab?: RequestsTab;
}

interface Place {
  tab: RequestsTab;
  /** The request open in each list tab, or null for the list itself. */
  open: { mine: string | null; waiting: string | null };
  /** The `initialRequestId` this place was made from. */
  from: string | undefined;
}

function placeFor(initialRequestId: string | undefined, initialTab: RequestsTab): Place {
  return initialRequestId
    ? { tab: 'mine', open: { mine: initialRequestId, waiting: null }, from: initialRequestId }
    : { tab: initialTab, open: { mine: null, waiting: null }, from: undefined };
}

/**
 * The ordering and folder-request journeys for the signed-in person, one tab
 * each: "Bestill tilgang" (everyone sees it; who may not order is told why),
 * "Be om mappetilgang", "Mine forespørsler", and "Venter på meg" when some
 * step waits for them. Navigation is state, not the history API (the Outlook
 * task pane forbids it).
 */
export function RequestsWorkspace({
  initialRequestId,
  initialTab = 'order',
}: RequestsWorkspaceProps) {
  const { t } = useI18n();
  const styles = useStyles();
  const baseId = useId('requests-');
  const waiting = useWaitingForMe();
  const { delegationDesk, principal } = useServices();
  // Delegation is offered to those who lead leaders: only they can grant one.
  const leadersBelow = useQuery({
    queryKey: delegationKeys.leaders(principal),
    queryFn: () => (delegationDesk ? delegationDesk.leadersBelowMe() : Promise.resolve([])),
    enabled: delegationDesk !== undefined,
  });
  const [place, setPlace] = useState<Place>(() => placeFor(initialRequestId, initialTab));
  if (initialRequestId !== place.from && initialRequestId !== undefined) {
    setPlace(placeFor(initialRequestId, initialTab));
  }

  const waitingCount = waiting.data?.length ?? 0;
  // Keep the tab while it is open, even when its last item was just handled.
  const tabs: RequestsTab[] = ['order', 'folder', 'mine'];
  if (waitingCount > 0 || place.tab === 'waiting') tabs.push('waiting');
  if ((leadersBelow.data?.length ?? 0) > 0 || place.tab === 'delegations') tabs.push('delegations');

  const select = (tab: RequestsTab) => setPlace((current) => ({ ...current, tab }));
  const openIn = (tab: 'mine' | 'waiting', requestId: string | null) =>
    setPlace((current) => ({ ...current, tab, open: { ...current.open, [tab]: requestId } }));
  const tabId = (tab: RequestsTab) => `${baseId}tab-${tab}`;

  return (
    <div className={styles.root}>
      <TabList
        className={styles.tabs}
        selectedValue={place.tab}
        onTabSelect={(_, data) => {
          const tab = tabs.find((candidate) => candidate === data.value);
          if (tab) select(tab);
        }}
      >
        {tabs.map((tab) => (
          <Tab key={tab} id={tabId(tab)} value={tab}>
            {t(tabTitles[tab])}
            {tab === 'waiting' && waitingCount > 0 ? (
              <CounterBadge
                className={styles.badge}
                count={waitingCount}
                size="small"
                appearance="filled"
                color="brand"
              />
            ) : null}
          </Tab>
        ))}
      </TabList>
      <div role="tabpanel" aria-labelledby={tabId(place.tab)} className={styles.panel}>
        {place.tab === 'order' ? (
          <OrderAccessForm
            onOpenRequest={(requestId) => openIn('mine', requestId)}
            onRequestFolderAccess={() => select('folder')}
          />
        ) : null}
        {place.tab === 'folder' ? (
          <FolderAccessForm onOpenRequest={(requestId) => openIn('mine', requestId)} />
        ) : null}
        {place.tab === 'mine' ? (
          place.open.mine ? (
            <RequestDetail requestId={place.open.mine} onBack={() => openIn('mine', null)} />
          ) : (
            <MyRequests onOpenRequest={(requestId) => openIn('mine', requestId)} />
          )
        ) : null}
        {place.tab === 'delegations' && delegationDesk ? (
          <DelegationPanel desk={delegationDesk} principal={principal} />
        ) : null}
        {place.tab === 'waiting' ? (
          place.open.waiting ? (
            <RequestDetail requestId={place.open.waiting} onBack={() => openIn('waiting', null)} />
          ) : (
            <WaitingForMe onOpenRequest={(requestId) => openIn('waiting', requestId)} />
          )
        ) : null}
      </div>
    </div>
  );
}
