import { useState } from 'react';
import { resolveLocale } from '../domain/locale.ts';
import { useI18n } from '../features/i18n/i18n.tsx';
import { translate, type MessageKey } from '../features/i18n/messages.ts';
import { parseViewId } from '../features/shell/home.tsx';
import {
  TabConfigForm,
  channelTabViews,
  type ChannelTabView,
} from '../features/tab-config/tab-config-form.tsx';
import { registerTabConfiguration, type TeamsConnection } from '../hosts/teams/teams-host.ts';
import type { AppConfig } from './config.ts';
import { HostApp } from './host-app.tsx';

const viewNames: Record<ChannelTabView, MessageKey> = {
  triage: 'view.triage',
  reviews: 'view.reviews',
};

function toChannelTabView(value: string | null): ChannelTabView {
  const view = parseViewId(value);
  return channelTabViews.find((candidate) => candidate === view) ?? 'triage';
}

function ConfigForm({
  initial,
  onChoice,
}: {
  initial: ChannelTabView;
  onChoice: (view: ChannelTabView, displayName: string) => void;
}) {
  const { t } = useI18n();
  const [view, setView] = useState(initial);
  return (
    <TabConfigForm
      value={view}
      onChange={(next) => {
        setView(next);
        onChoice(next, t(viewNames[next]));
      }}
    />
  );
}

/**
 * The signed-in configuration page. Teams calls the save handler, registered
 * once here rather than per render, so the choice is kept beside it.
 */
export function renderTabConfig(connection: TeamsConnection, config: AppConfig) {
  const initial = toChannelTabView(connection.entityId);
  let choice = {
    entityId: initial,
    displayName: translate(resolveLocale(connection.session.locale), viewNames[initial]),
  };
  const configuration = registerTabConfiguration({ getChoice: () => choice });
  configuration.setValid(true);
  connection.notifySuccess();
  return (
    <HostApp session={connection.session} config={config}>
      <ConfigForm
        initial={initial}
        onChoice={(entityId, displayName) => {
          choice = { entityId, displayName };
        }}
      />
    </HostApp>
  );
}
