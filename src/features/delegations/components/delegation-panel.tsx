import {
  Badge,
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Spinner,
  Text,
  makeStyles,
  tokens,
  type BadgeProps,
} from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { isIsoDate, osloDate } from '../../../domain/dates.ts';
import type { DirectoryPerson } from '../../../m365/directory.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useFormStyles } from '../../requests/components/form-styles.ts';
import { failureText } from '../../requests/components/form-problems.ts';
import { formatDay } from '../../requests/components/format.ts';
import { RequestRefused } from '../../requests/request-desk.ts';
import type {
  DelegationDesk,
  DelegationIds,
  DelegationInput,
  DelegationStatus,
  DelegationSummary,
} from '../delegation-desk.ts';
import { DelegatePicker } from './delegate-picker.tsx';
import { delegationKeys } from './delegation-keys.ts';
import { RevokeDelegationButton } from './revoke-delegation-button.tsx';
import { fieldErrors, type DelegationField, type FieldErrors } from './delegation-problems.ts';

const useStyles = makeStyles({
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  item: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  itemText: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  secondary: { color: tokens.colorNeutralForeground2 },
  subheading: {
    margin: 0,
    fontSize: tokens.fontSizeBase400,
    fontWeight: tokens.fontWeightSemibold,
  },
});

const badgeColours: Record<DelegationStatus, NonNullable<BadgeProps['color']>> = {
  active: 'success',
  upcoming: 'informative',
  ended: 'subtle',
  revoked: 'subtle',
};

export interface DelegationPanelProps {
  readonly desk: DelegationDesk;
  /** The signed-in principal, the first part of every query key. @default 'me' */
  readonly principal?: string;
  /** The page's clock (for the default start date); default: the system clock. */
  readonly now?: () => Date;
}

const newIds = (): DelegationIds => ({
  streamId: crypto.randomUUID(),
  eventId: crypto.randomUUID(),
});

/**
 * Deleger bestilling av tilgang: a leader's leader lets someone order access
 * on the leader's behalf for a period, and sees and revokes the delegations
 * that concern them.
 */
export function DelegationPanel({ desk, now, principal = 'me' }: DelegationPanelProps) {
  const { t, locale } = useI18n();
  const styles = useStyles();
  const formStyles = useFormStyles();
  const queryClient = useQueryClient();
  const headingId = useId();
  const today = osloDate(now ? now() : new Date());

  const leaders = useQuery({
    queryKey: delegationKeys.leaders(principal),
    queryFn: () => desk.leadersBelowMe(),
  });
  const delegations = useQuery({
    queryKey: delegationKeys.list(principal),
    queryFn: () => desk.delegations(),
  });

  const [leaderId, setLeaderId] = useState('');
  const [delegate, setDelegate] = useState<DirectoryPerson | null>(null);
  const [delegateQuery, setDelegateQuery] = useState('');
  const [validFrom, setValidFrom] = useState(today);
  const [validTo, setValidTo] = useState('');
  const [ids, setIds] = useState(newIds);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [done, setDone] = useState<string | null>(null);

  const grant = useMutation({
    mutationFn: (input: DelegationInput) => desk.grant(input, ids),
  });

  const clearError = (field: DelegationField) =>
    setErrors((current) => {
      const { [field]: _removed, ...rest } = current;
      return rest;
    });

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (grant.isPending) return;
    setDone(null);
    const found: FieldErrors = {};
    if (leaderId === '') found.leaderId = t('delegations.form.leaderRequired');
    if (delegate === null) found.delegateId = t('delegations.form.delegateRequired');
    if (validFrom === '') found.validFrom = t('delegations.form.fromRequired');
    if (Object.keys(found).length > 0) {
      setErrors(found);
      return;
    }
    const input: DelegationInput = {
      leaderId,
      delegateId: delegate?.id ?? '',
      validFrom,
      ...(validTo === '' ? {} : { validTo }),
    };
    try {
      await grant.mutateAsync(input);
    } catch (error) {
      if (error instanceof RequestRefused) setErrors(fieldErrors(error.reasons, locale, t));
      return;
    }
    const leader = leaders.data?.find((person) => person.id === leaderId);
    setDone(
      t('delegations.form.granted', {
        delegate: delegate?.displayName ?? '',
        leader: leader?.displayName ?? '',
      }),
    );
    setLeaderId('');
    setDelegate(null);
    setDelegateQuery('');
    setValidFrom(today);
    setValidTo('');
    setErrors({});
    setIds(newIds());
    grant.reset();
    await queryClient.invalidateQueries({ queryKey: delegationKeys.list(principal) });
  };

  // A refusal's field sentences stand next to their fields; anything else is said here.
  const generalError =
    errors.general ??
    (grant.isError && !(grant.error instanceof RequestRefused)
      ? failureText(grant.error, locale, t)
      : null);
  const leaderList = leaders.data ?? [];

  return (
    <section aria-labelledby={headingId} className={formStyles.root}>
      <h2 id={headingId} className={formStyles.heading}>
        {t('delegations.title')}
      </h2>
      <p className={formStyles.intro}>{t('delegations.intro')}</p>

      <form noValidate className={formStyles.form} onSubmit={(event) => void onSubmit(event)}>
        <fieldset className={formStyles.section}>
          <legend className={formStyles.legend}>{t('delegations.form.heading')}</legend>
          {leaders.isSuccess && leaderList.length === 0 ? (
            <Text>{t('delegations.form.noLeaders')}</Text>
          ) : null}
          <Field
            label={t('delegations.form.leader')}
            hint={t('delegations.form.leaderHint')}
            required
            validationMessage={errors.leaderId}
            className={formStyles.narrow}
          >
            <Select
              value={leaderId}
              onChange={(_, data) => {
                setLeaderId(data.value);
                clearError('leaderId');
              }}
            >
              <option value="">{t('delegations.form.leaderPlaceholder')}</option>
              {leaderList.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.displayName}
                </option>
              ))}
            </Select>
          </Field>
          <DelegatePicker
            principal={principal}
            desk={desk}
            label={t('delegations.form.delegate')}
            selected={delegate}
            query={delegateQuery}
            onInput={(text) => {
              setDelegateQuery(text);
              if (delegate !== null && text !== delegate.displayName) setDelegate(null);
            }}
            onSelect={(person) => {
              setDelegate(person);
              setDelegateQuery(person.displayName);
              clearError('delegateId');
            }}
            validationMessage={errors.delegateId}
          />
          <div className={formStyles.row}>
            <Field
              label={t('delegations.form.validFrom')}
              required
              validationMessage={errors.validFrom}
            >
              <Input
                type="date"
                value={validFrom}
                onChange={(_, data) => {
                  setValidFrom(data.value);
                  clearError('validFrom');
                }}
              />
            </Field>
            <Field
              label={t('delegations.form.validTo')}
              hint={t('delegations.form.validToHint')}
              validationMessage={errors.validTo}
            >
              <Input
                type="date"
                value={validTo}
                min={isIsoDate(validFrom) ? validFrom : undefined}
                onChange={(_, data) => {
                  setValidTo(data.value);
                  clearError('validTo');
                }}
              />
            </Field>
          </div>
          {generalError !== null ? (
            <MessageBar intent="error" layout="multiline" role="alert">
              <MessageBarBody>{generalError}</MessageBarBody>
            </MessageBar>
          ) : null}
          <div className={formStyles.actions}>
            <Button
              type="submit"
              appearance="primary"
              disabledFocusable={grant.isPending}
              icon={grant.isPending ? <Spinner size="tiny" aria-hidden="true" /> : undefined}
            >
              {grant.isPending ? t('delegations.form.sending') : t('delegations.form.submit')}
            </Button>
          </div>
        </fieldset>
      </form>
      <div role="status">{done}</div>

      <h3 className={styles.subheading}>{t('delegations.list.heading')}</h3>
      {delegations.isPending ? <Spinner size="small" label={t('delegations.loading')} /> : null}
      {delegations.isError ? (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            {t('delegations.loadFailed')} {failureText(delegations.error, locale, t)}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {delegations.isSuccess && delegations.data.length === 0 ? (
        <Text>{t('delegations.list.empty')}</Text>
      ) : null}
      {delegations.isSuccess && delegations.data.length > 0 ? (
        <ul className={styles.list}>
          {delegations.data.map((item) => (
            <DelegationItem
              key={item.delegationId}
              desk={desk}
              delegation={item}
              onRevoked={() => {
                setDone(t('delegations.revoke.done'));
                void queryClient.invalidateQueries({ queryKey: delegationKeys.list(principal) });
              }}
            />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function DelegationItem({
  desk,
  delegation,
  onRevoked,
}: {
  readonly desk: DelegationDesk;
  readonly delegation: DelegationSummary;
  readonly onRevoked: () => void;
}) {
  const { t, locale } = useI18n();
  const styles = useStyles();
  const name = (ref: { id: string; displayName?: string }) => ref.displayName ?? ref.id;
  const from = formatDay(locale, delegation.validFrom);
  const period =
    delegation.validTo === null
      ? t('delegations.list.openEnded', { from })
      : t('delegations.list.period', { from, to: formatDay(locale, delegation.validTo) });
  return (
    <li className={styles.item}>
      <div className={styles.itemText}>
        <Text weight="semibold">
          {t('delegations.list.who', {
            delegate: name(delegation.delegate),
            leader: name(delegation.leader),
          })}
        </Text>
        <Text className={styles.secondary}>{period}</Text>
        <Text className={styles.secondary}>
          {t('delegations.list.grantedBy', { name: name(delegation.grantedBy) })}
        </Text>
        <span>
          <Badge appearance="tint" color={badgeColours[delegation.status]}>
            {t(`delegations.status.${delegation.status}`)}
          </Badge>
        </span>
      </div>
      {delegation.mayRevoke ? (
        <RevokeDelegationButton desk={desk} delegation={delegation} onRevoked={onRevoked} />
      ) : null}
    </li>
  );
}
