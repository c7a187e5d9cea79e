import {
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useRef, useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { errorMessageKey } from '../../shell/error-message.ts';
import { useReplyToMessage } from '../api/reply-to-message.ts';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

export interface ReplyFormProps {
  messageId: string;
  /** After the reply has gone. */
  onSent: () => void;
  onCancel: () => void;
}

/**
 * A plain-text reply, as people answer review e-mails ("JA"/"NEI"). What was
 * written stays when sending fails, so it can be sent again.
 */
export function ReplyForm({ messageId, onSent, onCancel }: ReplyFormProps) {
  const { t } = useI18n();
  const styles = useStyles();
  const reply = useReplyToMessage();
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (reply.isPending) return;
    if (text.trim() === '') {
      setMissing(true);
      textarea.current?.focus();
      return;
    }
    try {
      await reply.mutateAsync({ messageId, comment: text });
      onSent();
    } catch {
      // Shown below from reply.error.
    }
  };

  return (
    <form className={styles.form} onSubmit={(event) => void submit(event)} noValidate>
      {reply.isError ? (
        <MessageBar intent="error" layout="multiline" role="alert">
          <MessageBarBody>
            <MessageBarTitle>{t('mailbox.reply.failed')}</MessageBarTitle>
            {t(errorMessageKey(reply.error))}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <Field
        label={t('mailbox.reply.label')}
        hint={t('mailbox.reply.hint')}
        required
        validationMessage={missing ? t('mailbox.reply.required') : undefined}
      >
        <Textarea
          ref={textarea}
          value={text}
          resize="vertical"
          rows={4}
          // Opened by "Svar": the caret goes where the reply is written.
          autoFocus
          onChange={(_, data) => {
            setText(data.value);
            if (data.value.trim() !== '') setMissing(false);
          }}
        />
      </Field>
      <div className={styles.actions}>
        <Button
          type="submit"
          appearance="primary"
          disabledFocusable={reply.isPending}
          icon={reply.isPending ? <Spinner size="tiny" aria-hidden="true" /> : undefined}
        >
          {reply.isPending ? t('mailbox.reply.sending') : t('mailbox.reply.send')}
        </Button>
        <Button disabledFocusable={reply.isPending} onClick={onCancel}>
          {t('mailbox.reply.cancel')}
        </Button>
      </div>
    </form>
  );
}
