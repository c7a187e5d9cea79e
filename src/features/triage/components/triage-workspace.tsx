import {
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useCallback, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useTriageDesk } from '../api/use-triage-desk.ts';
import { initialQueueControls, type QueueControls } from './queue-controls.ts';
import { TriageDetail } from './triage-detail.tsx';
import { TriageQueue } from './triage-queue.tsx';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, minWidth: 0 },
});

export interface TriageWorkspaceProps {
  /**
   * Opens this request at once (the link of a channel card or an e-mail).
   * Changing it opens the new request.
   */
  initialRequestId?: string;
}

interface Place {
  /** The request open, or null for the queue. */
  open: string | null;
  /** The `initialRequestId` this place was made from. */
  from: string | undefined;
}

/**
 * Systemansvarlig's "Behandling" in the Dokumentsenteret channel: the queue
 * and one request at a time. Navigation is state, not the history API; the
 * queue's filter is kept here, so "back" returns to the same queue.
 */
export function TriageWorkspace({ initialRequestId }: TriageWorkspaceProps) {
  const { t } = useI18n();
  const styles = useStyles();
  const { desk } = useTriageDesk();
  const [place, setPlace] = useState<Place>({
    open: initialRequestId ?? null,
    from: initialRequestId,
  });
  if (initialRequestId !== place.from && initialRequestId !== undefined) {
    setPlace({ open: initialRequestId, from: initialRequestId });
  }
  const [controls, setControls] = useState<QueueControls>(initialQueueControls);
  const open = useCallback(
    (requestId: string) => setPlace((current) => ({ ...current, open: requestId })),
    [],
  );

  if (desk === null) {
    return (
      <MessageBar intent="error" layout="multiline" role="alert">
        <MessageBarBody>
          <MessageBarTitle>{t('triage.unavailable.title')}</MessageBarTitle>
          {t('triage.unavailable.body')}
        </MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <div className={styles.root}>
      {place.open === null ? (
        <TriageQueue controls={controls} onControlsChange={setControls} onOpen={open} />
      ) : (
        <TriageDetail
          key={place.open}
          requestId={place.open}
          onBack={() => setPlace((current) => ({ ...current, open: null }))}
        />
      )}
    </div>
  );
}
