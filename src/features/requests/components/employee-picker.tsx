import {
  Combobox,
  Field,
  Option,
  OptionGroup,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { PersonRef } from '../../../domain/person.ts';
import type { DirectoryPerson } from '../../../m365/directory.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useSearchPeople } from '../api/search-people.ts';
import { useDebouncedValue } from './use-debounced-value.ts';

const useStyles = makeStyles({
  picker: { maxWidth: '28rem' },
  secondary: { display: 'block', color: tokens.colorNeutralForeground3 },
});

export interface EmployeePickerProps {
  label: string;
  hint?: string;
  /** The chosen person, or null. */
  selected: PersonRef | null;
  /** The text in the box (kept in the draft with the choice). */
  query: string;
  /** The user typed; a text that no longer names the chosen person un-chooses them. */
  onInput: (text: string) => void;
  /** A person was chosen; the box then shows their name. */
  onSelect: (person: DirectoryPerson) => void;
  /** The leader's own reports: offered before anyone types, and first among matches. */
  reports: readonly DirectoryPerson[];
  validationMessage?: string;
  /** @default false */
  required?: boolean;
  onBlur?: () => void;
}

const statusValue = '__status';

/** Whether the person's name, a part of it, or their address starts with `text`. */
function startsWith(person: DirectoryPerson, text: string): boolean {
  const needle = text.toLowerCase();
  const name = person.displayName.toLowerCase();
  return (
    name.startsWith(needle) ||
    name.split(/\s+/).some((part) => part.startsWith(needle)) ||
    (person.mail ?? '').toLowerCase().startsWith(needle)
  );
}

/** Search delay: long enough not to ask the directory on every key, short enough to feel live. */
const searchDelayMs = 250;

/**
 * Picks an employee from the directory: a combobox that searches as you type
 * (`searchPeople`), with the leader's own reports first. Fully keyboard
 * operable: type, arrow to a match, Enter.
 */
export function EmployeePicker(props: EmployeePickerProps) {
  const { t } = useI18n();
  const styles = useStyles();
  const { selected, query, reports } = props;
  const showsChoice = selected !== null && query === (selected.displayName ?? '');
  const searchText = useDebouncedValue(showsChoice ? '' : query.trim(), searchDelayMs);
  const search = useSearchPeople(searchText);
  const searching = searchText !== '';

  // Own reports are matched here at once, so typing a name highlights them before the directory answers.
  const typed = showsChoice ? '' : query.trim();
  const reportIds = new Set(reports.map((person) => person.id));
  const found = searching && searchText === typed ? (search.data ?? []) : [];
  const foundIds = new Set(found.map((person) => person.id));
  const ownMatches =
    typed === ''
      ? reports
      : reports.filter((person) => foundIds.has(person.id) || startsWith(person, typed));
  const others = found.filter((person) => !reportIds.has(person.id));
  const offered = [...ownMatches, ...others];

  const renderPerson = (person: DirectoryPerson) => {
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
  };

  let status: string | null = null;
  if (offered.length === 0) {
    if (typed !== '' && (search.isFetching || searchText !== typed)) {
      status = t('requests.picker.searching');
    } else if (searching) status = t('requests.picker.noMatches', { text: searchText });
    else status = t('requests.picker.typeToSearch');
  }

  return (
    <Field
      label={props.label}
      hint={props.hint}
      required={props.required ?? false}
      validationMessage={props.validationMessage}
      className={styles.picker}
    >
      <Combobox
        freeform
        value={query}
        selectedOptions={selected ? [selected.id] : []}
        placeholder={t('requests.picker.placeholder')}
        onChange={(event) => {
          props.onInput(event.target.value);
        }}
        onOptionSelect={(_, data) => {
          const person = offered.find((candidate) => candidate.id === data.optionValue);
          if (person) props.onSelect(person);
        }}
        onBlur={props.onBlur}
      >
        {ownMatches.length > 0 ? (
          <OptionGroup label={t('requests.picker.yourReports')}>
            {ownMatches.map(renderPerson)}
          </OptionGroup>
        ) : null}
        {others.length > 0 ? (
          <OptionGroup label={t('requests.picker.others')}>{others.map(renderPerson)}</OptionGroup>
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
