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
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { failureText } from '../../requests/components/form-problems.ts';
import type { DelegationDesk, DelegationSummary } from '../delegation-desk.ts';

export interface RevokeDelegationButtonProps {
  readonly desk: DelegationDesk;
  readonly delegation: DelegationSummary;
  readonly onRevoked: () => void;
}

/**
 * Revokes a delegation after asking in a Fluent dialog. The event id is made
 * once, so a retry after a failure revokes once.
 */
export function RevokeDelegationButton({
  desk,
  delegation,
  onRevoked,
}: RevokeDelegationButtonProps) {
  const { t, locale } = useI18n();
  const [open, setOpen] = useState(false);
  const [eventId] = useState(() => crypto.randomUUID());
  const revoke = useMutation({
    mutationFn: () => desk.revoke(delegation.delegationId, eventId),
  });
  const names = {
    delegate: delegation.delegate.displayName ?? delegation.delegate.id,
    leader: delegation.leader.displayName ?? delegation.leader.id,
  };

  const confirm = async () => {
    if (revoke.isPending) return;
    try {
      await revoke.mutateAsync();
      setOpen(false);
      onRevoked();
    } catch {
      // The dialog stays open and says why (revoke.error).
    }
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(_, data) => {
        if (!revoke.isPending) setOpen(data.open);
        if (!data.open) revoke.reset();
      }}
    >
      <DialogTrigger disableButtonEnhancement>
        <Button aria-label={t('delegations.revoke.buttonLabel', names)}>
          {t('delegations.revoke.button')}
        </Button>
      </DialogTrigger>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t('delegations.revoke.title')}</DialogTitle>
          <DialogContent>
            {t('delegations.revoke.body', names)}
            {revoke.isError ? (
              <MessageBar intent="error" layout="multiline" role="alert">
                <MessageBarBody>
                  {failureText(revoke.error, locale, t)} {t('requests.withdraw.retry')}
                </MessageBarBody>
              </MessageBar>
            ) : null}
          </DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              disabledFocusable={revoke.isPending}
              icon={revoke.isPending ? <Spinner size="tiny" aria-hidden="true" /> : undefined}
              onClick={() => void confirm()}
            >
              {t('delegations.revoke.confirm')}
            </Button>
            <DialogTrigger disableButtonEnhancement>
              <Button disabled={revoke.isPending}>{t('delegations.revoke.cancel')}</Button>
            </DialogTrigger>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
