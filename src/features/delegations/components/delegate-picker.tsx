import { Combobox, Field, Option, Text, makeStyles, tokens } from '@fluentui/react-components';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { DirectoryPerson } from '../../../m365/directory.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useDebouncedValue } from '../../requests/components/use-debounced-value.ts';
import type { DelegationDesk } from '../delegation-desk.ts';
import { delegationKeys } from './delegation-keys.ts';

const useStyles = makeStyles({
  picker: { maxWidth: '28rem' },
  secondary: { display: 'block', color: tokens.colorNeutralForeground3 },
});

export interface DelegatePickerProps {
  readonly desk: DelegationDesk;
  readonly principal: string;
  readonly label: string;
  readonly selected: DirectoryPerson | null;
  /** The text in the box. */
  readonly query: string;
  readonly onInput: (text: string) => void;
  readonly onSelect: (person: DirectoryPerson) => void;
  readonly validationMessage?: string;
}

const statusValue = '__status';
const searchDelayMs = 250;

/** Picks the delegate from the directory: type, arrow to a match, Enter. */
export function DelegatePicker(props: DelegatePickerProps) {
  const { t } = useI18n();
  const styles = useStyles();
  const { desk, selected, query } = props;
  const showsChoice = selected !== null && query === selected.displayName;
  const typed = showsChoice ? '' : query.trim();
  const searchText = useDebouncedValue(typed, searchDelayMs);
  const search = useQuery<readonly DirectoryPerson[]>({
    queryKey: delegationKeys.people(props.principal, searchText.toLowerCase()),
    queryFn: () => desk.searchPeople(searchText),
    enabled: searchText !== '',
    staleTime: 60 * 1000,
    placeholderData: keepPreviousData,
  });
  const offered = typed !== '' && searchText === typed ? (search.data ?? []) : [];

  let status: string | null = null;
  if (offered.length === 0) {
    if (typed !== '' && (search.isFetching || searchText !== typed)) {
      status = t('requests.picker.searching');
    } else if (typed !== '') status = t('requests.picker.noMatches', { text: typed });
    else if (!showsChoice) status = t('requests.picker.typeToSearch');
  }

  return (
    <Field
      label={props.label}
      required
      validationMessage={props.validationMessage}
      className={styles.picker}
    >
      <Combobox
        freeform
        value={query}
        selectedOptions={selected ? [selected.id] : []}
        placeholder={t('requests.picker.placeholder')}
        onChange={(event) => props.onInput(event.target.value)}
        onOptionSelect={(_, data) => {
          const person = offered.find((candidate) => candidate.id === data.optionValue);
          if (person) props.onSelect(person);
        }}
      >
        {offered.map((person) => {
          const details = [person.jobTitle, person.department].filter(Boolean).join(', ');
          return (
            <Option key={person.id} value={person.id} text={person.displayName}>
              <span>
                {person.displayName}
                {details ? (
                  <Text size={200} className={styles.secondary}>
                    {details}
                  </Text>
                ) : null}
              </span>
            </Option>
          );
        })}
        {selected !== null && showsChoice ? (
          <Option key={selected.id} value={selected.id} text={selected.displayName}>
            {selected.displayName}
          </Option>
        ) : null}
        {status !== null ? (
          <Option key={statusValue} value={statusValue} text={status} disabled>
            {status}
          </Option>
        ) : null}
      </Combobox>
    </Field>
  );
}
