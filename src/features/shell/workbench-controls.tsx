import { Dropdown, Field, Option, makeStyles, tokens } from '@fluentui/react-components';
import type { Locale } from '../../domain/locale.ts';
import { locales } from '../../domain/locale.ts';
import type { HostTheme } from '../../m365/host.ts';
import { useI18n } from '../i18n/i18n.tsx';

const themes: readonly HostTheme[] = ['light', 'dark', 'contrast'];

/**
 * Which host surface the workbench stands in for: the Teams personal tab, the
 * Dokumentsenteret channel tab, or Outlook (the Inbox with the add-in).
 */
export type WorkbenchSurface = 'personal' | 'channel' | 'mailbox';
const surfaces: readonly WorkbenchSurface[] = ['personal', 'channel', 'mailbox'];

export function isWorkbenchSurface(value: string | null | undefined): value is WorkbenchSurface {
  return surfaces.some((surface) => surface === value);
}

export interface WorkbenchIdentityOption {
  id: string;
  displayName: string;
  jobTitle: string | null;
  department: string | null;
}

export interface WorkbenchControlsProps {
  identities: readonly WorkbenchIdentityOption[];
  identityId: string;
  onIdentityChange: (id: string) => void;
  theme: HostTheme;
  onThemeChange: (theme: HostTheme) => void;
  locale: Locale;
  onLocaleChange: (locale: Locale) => void;
  surface: WorkbenchSurface;
  onSurfaceChange: (surface: WorkbenchSurface) => void;
}

const useStyles = makeStyles({
  root: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
  identity: { minWidth: '16rem' },
  small: { minWidth: '9rem' },
});

function isHostTheme(value: string | undefined): value is HostTheme {
  return value === 'light' || value === 'dark' || value === 'contrast';
}

function isLocale(value: string | undefined): value is Locale {
  return value === 'nb' || value === 'en';
}

/**
 * The workbench's stand-ins for what a real host decides: who is signed in
 * ("Logg inn som"), the host theme and the host language.
 */
export function WorkbenchControls(props: WorkbenchControlsProps) {
  const { t } = useI18n();
  const styles = useStyles();
  const current = props.identities.find((person) => person.id === props.identityId);
  return (
    <div className={styles.root}>
      <Field label={t('workbench.signInAs')} className={styles.identity}>
        <Dropdown
          value={current?.displayName ?? ''}
          selectedOptions={[props.identityId]}
          onOptionSelect={(_, data) => {
            if (data.optionValue && data.optionValue !== props.identityId) {
              props.onIdentityChange(data.optionValue);
            }
          }}
        >
          {props.identities.map((person) => (
            <Option key={person.id} value={person.id} text={person.displayName}>
              {person.displayName}
              {person.jobTitle ? ` – ${person.jobTitle}` : ''}
              {person.department ? `, ${person.department}` : ''}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field label={t('workbench.surface')} className={styles.identity}>
        <Dropdown
          value={t(`workbench.surface.${props.surface}`)}
          selectedOptions={[props.surface]}
          onOptionSelect={(_, data) => {
            if (isWorkbenchSurface(data.optionValue)) props.onSurfaceChange(data.optionValue);
          }}
        >
          {surfaces.map((surface) => (
            <Option key={surface} value={surface}>
              {t(`workbench.surface.${surface}`)}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field label={t('workbench.theme')} className={styles.small}>
        <Dropdown
          value={t(`theme.${props.theme}`)}
          selectedOptions={[props.theme]}
          onOptionSelect={(_, data) => {
            if (isHostTheme(data.optionValue)) props.onThemeChange(data.optionValue);
          }}
        >
          {themes.map((theme) => (
            <Option key={theme} value={theme}>
              {t(`theme.${theme}`)}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field label={t('workbench.language')} className={styles.small}>
        <Dropdown
          value={t(`language.${props.locale}`)}
          selectedOptions={[props.locale]}
          onOptionSelect={(_, data) => {
            if (isLocale(data.optionValue)) props.onLocaleChange(data.optionValue);
          }}
        >
          {locales.map((locale) => (
            <Option key={locale} value={locale}>
              {t(`language.${locale}`)}
            </Option>
          ))}
        </Dropdown>
      </Field>
    </div>
  );
}
