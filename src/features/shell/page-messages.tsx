import { Body1 } from '@fluentui/react-components';
import { useI18n } from '../i18n/i18n.tsx';
import { HostMessage, ProblemList } from './host-message.tsx';

export interface NotInHostMessageProps {
  host: 'teams' | 'outlook';
  /** `sdk-missing`: office.js did not load; otherwise the page is simply outside its host. */
  reason: 'no-host' | 'timeout' | 'sdk-missing';
}

/** Tells someone who opened a host page directly where it belongs. */
export function NotInHostMessage({ host, reason }: NotInHostMessageProps) {
  const { t } = useI18n();
  if (reason === 'sdk-missing') {
    return (
      <HostMessage intent="error" title={t('notInHost.outlook.title')}>
        <Body1>{t('notInHost.sdkMissing')}</Body1>
      </HostMessage>
    );
  }
  return (
    <HostMessage intent="warning" title={t(`notInHost.${host}.title`)}>
      <Body1>{t(`notInHost.${host}.body`)}</Body1>
    </HostMessage>
  );
}

/** Names each configuration variable that is missing or bad. */
export function ConfigErrorMessage({ problems }: { problems: readonly string[] }) {
  const { t } = useI18n();
  return (
    <HostMessage intent="error" title={t('configError.title')}>
      <Body1>{t('configError.body')}</Body1>
      <ProblemList problems={problems} />
    </HostMessage>
  );
}
