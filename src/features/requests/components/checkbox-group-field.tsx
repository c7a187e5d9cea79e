import { Checkbox, makeStyles, tokens, useId } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  fieldset: {
    border: 'none',
    margin: 0,
    padding: 0,
    minWidth: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
  },
  legend: {
    padding: 0,
    marginBottom: tokens.spacingVerticalXXS,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    fontWeight: tokens.fontWeightRegular,
    color: tokens.colorNeutralForeground1,
  },
  required: { color: tokens.colorPaletteRedForeground3, paddingLeft: tokens.spacingHorizontalXS },
  options: { display: 'flex', flexWrap: 'wrap', columnGap: tokens.spacingHorizontalM },
  hint: {
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    color: tokens.colorNeutralForeground3,
  },
  error: {
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    color: tokens.colorPaletteRedForeground1,
  },
});

export interface CheckboxOption<V extends string> {
  readonly value: V;
  readonly label: string;
}

export interface CheckboxGroupFieldProps<V extends string> {
  label: string;
  options: readonly CheckboxOption<V>[];
  value: readonly V[];
  onChange: (value: V[]) => void;
  hint?: ReactNode;
  /** A full sentence saying what is wrong; marks the group invalid. */
  validationMessage?: string;
  /** @default false */
  required?: boolean;
}

/**
 * Several choices under one label: a fieldset with a legend (Fluent's Field
 * gives every checkbox inside it the same id, so it cannot hold a group), its
 * hint and its error sentence, in Field's look.
 */
export function CheckboxGroupField<V extends string>({
  label,
  options,
  value,
  onChange,
  hint,
  validationMessage,
  required = false,
}: CheckboxGroupFieldProps<V>) {
  const styles = useStyles();
  const hintId = useId('group-hint-');
  const errorId = useId('group-error-');
  const describedBy =
    [validationMessage ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') ||
    undefined;
  return (
    <fieldset
      className={styles.fieldset}
      aria-describedby={describedBy}
      data-invalid={validationMessage ? 'true' : undefined}
    >
      <legend className={styles.legend}>
        {label}
        {required ? (
          <span className={styles.required} aria-hidden="true">
            *
          </span>
        ) : null}
      </legend>
      <div className={styles.options}>
        {options.map((option) => (
          <Checkbox
            key={option.value}
            label={option.label}
            checked={value.includes(option.value)}
            onChange={(_, data) =>
              onChange(
                data.checked === true
                  ? [...value.filter((item) => item !== option.value), option.value]
                  : value.filter((item) => item !== option.value),
              )
            }
          />
        ))}
      </div>
      {validationMessage ? (
        <div id={errorId} role="alert" className={styles.error}>
          {validationMessage}
        </div>
      ) : null}
      {hint ? (
        <div id={hintId} className={styles.hint}>
          {hint}
        </div>
      ) : null}
    </fieldset>
  );
}
