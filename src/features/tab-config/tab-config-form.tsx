import {
  Body1,
  Card,
  Field,
  Radio,
  RadioGroup,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useI18n } from '../i18n/i18n.tsx';
import { viewTitles } from '../shell/home.tsx';

/** The views a channel tab can be set up to show. */
export const channelTabViews = ['triage', 'reviews'] as const;
export type ChannelTabView = (typeof channelTabViews)[number];

function isChannelTabView(value: string): value is ChannelTabView {
  return channelTabViews.some((view) => view === value);
}

const useStyles = makeStyles({
  root: {
    maxWidth: '40rem',
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  description: { color: tokens.colorNeutralForeground3, display: 'block' },
});

export interface TabConfigFormProps {
  value: ChannelTabView;
  onChange: (view: ChannelTabView) => void;
}

/** The channel-tab configuration: the team owner picks which view the tab shows. */
export function TabConfigForm({ value, onChange }: TabConfigFormProps) {
  const { t } = useI18n();
  const styles = useStyles();
  return (
    <Card className={styles.root}>
      <Text as="h1" size={500} weight="semibold">
        {t('config.title')}
      </Text>
      <Body1>{t('config.intro')}</Body1>
      <Field label={t('config.viewLabel')}>
        <RadioGroup
          value={value}
          onChange={(_, data) => {
            if (isChannelTabView(data.value)) onChange(data.value);
          }}
        >
          {channelTabViews.map((view) => (
            <Radio
              key={view}
              value={view}
              label={
                <>
                  {t(viewTitles[view].title)}
                  <Text size={200} className={styles.description}>
                    {t(viewTitles[view].description)}
                  </Text>
                </>
              }
            />
          ))}
        </RadioGroup>
      </Field>
    </Card>
  );
}
