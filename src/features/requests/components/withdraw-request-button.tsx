import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  MessageBar,
  MessageBarBody,
  Spinner,
} from '@fluentui/react-components';
import { useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { useWithdrawRequest } from '../api/withdraw-request.ts';
import { failureText } from './form-problems.ts';

export interface WithdrawRequestButtonProps {
  requestId: string;
  /** Called once the request is withdrawn. */
  onWithdrawn: () => void;
}

/**
 * Withdraws an undecided request after asking (a Fluent dialog: office.js
 * breaks `window.confirm`). The event id is made once, so a retry after a
 * failure withdraws once.
 */
export function WithdrawRequestButton({ requestId, onWithdrawn }: WithdrawRequestButtonProps) {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState(false);
  const [eventId] = useState(() => crypto.randomUUID());
  const withdraw = useWithdrawRequest();
  const busy = useRef(false);

  const confirm = async () => {
    if (busy.current) return;
    busy.current = true;
    try {
      await withdraw.mutateAsync({ requestId, eventId });
      setOpen(false);
      onWithdrawn();
    } catch {
      // The dialog stays open and says why (withdraw.error).
    } finally {
      busy.current = false;
    }
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(_, data) => {
        if (!withdraw.isPending) setOpen(data.open);
        if (!data.open) withdraw.reset();
      }}
    >
      <DialogTrigger disableButtonEnhancement>
        <Button>{t('requests.withdraw.button')}</Button>
      </DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('requests.withdraw.title')}</DialogTitle>
          <DialogContent>
            {t('requests.withdraw.body')}
            {withdraw.isError ? (
              <MessageBar intent="error" layout="multiline" role="alert">
                <MessageBarBody>
                  {failureText(withdraw.error, locale, t)} {t('requests.withdraw.retry')}
                </MessageBarBody>
              </MessageBar>
            ) : null}
          </DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              disabledFocusable={withdraw.isPending}
              icon={withdraw.isPending ? <Spinner size="tiny" aria-hidden="true" /> : undefined}
              onClick={() => void confirm()}
            >
              {t('requests.withdraw.confirm')}
            </Button>
            <DialogTrigger disableButtonEnhancement>
              <Button disabled={withdraw.isPending}>{t('requests.withdraw.cancel')}</Button>
            </DialogTrigger>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
