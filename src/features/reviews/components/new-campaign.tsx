import {
  Button,
  Checkbox,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Radio,
  RadioGroup,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import {
  dropBadRows,
  importCampaignFile,
  type CampaignImport,
} from '../../../domain/campaign-import.ts';
import {
  campaignDefinitionSchema,
  type CampaignDefinition,
  type CampaignKind,
} from '../../../domain/campaigns.ts';
import { defaultCatalogue } from '../../../domain/catalogue.ts';
import { addDays, osloDate } from '../../../domain/dates.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ScrollRegion } from './scroll-region.tsx';
import { useDomainText } from '../../requests/components/use-domain-text.ts';
import { errorMessageKey } from '../../shell/error-message.ts';
import { reviewKeys, useReviewDesk } from '../api/use-review-desk.ts';
import { RequestRefused, type LineInput, type LineResolution } from '../review-desk.ts';

const useStyles = makeStyles({
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    maxWidth: '960px',
  },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL },
  section: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    border: 'none',
    padding: 0,
    margin: 0,
  },
  manual: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(180px, 1fr))',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalS,
    alignItems: 'end',
  },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

const emptyManual = { name: '', email: '', subUnit: '', right: '' };

/**
 * A new review campaign: what is reviewed and until when, and its lines from
 * a file exported from KS Fiks or Elements, or typed in. Nothing is imported
 * while the file has problems, unless the user ticks that the bad rows are to
 * be left out. Before creating, the lines are checked against the directory
 * and the sending time at Exchange's pace is shown.
 */
export function NewCampaign({
  onCancel,
  onCreated,
}: {
  onCancel: () => void;
  onCreated: (campaignId: string) => void;
}) {
  const { t } = useI18n();
  const domain = useDomainText();
  const styles = useStyles();
  const { desk, principal } = useReviewDesk();
  const queryClient = useQueryClient();
  const catalogue = defaultCatalogue;

  const [kind, setKind] = useState<CampaignKind>('quarterly-module');
  const targets = kind === 'quarterly-module' ? catalogue.reviewModules : catalogue.reviewedRoles;
  const [target, setTarget] = useState<string>(catalogue.reviewModules[0]?.id ?? '');
  const [base, setBase] = useState<string>(catalogue.bases[0]?.id ?? '');
  const [deadline, setDeadline] = useState(() => addDays(osloDate(new Date()), 14));
  const [reminderEveryDays, setReminderEveryDays] = useState('7');
  const [fileReport, setFileReport] = useState<{ name: string; result: CampaignImport } | null>(
    null,
  );
  const [dropBad, setDropBad] = useState(false);
  const [manualLines, setManualLines] = useState<LineInput[]>([]);
  const [manual, setManual] = useState(emptyManual);
  const [manualError, setManualError] = useState<string | null>(null);
  const [resolution, setResolution] = useState<LineResolution | null>(null);
  const [definitionErrors, setDefinitionErrors] = useState<string[]>([]);
  // One campaign id per content: a retry of the same campaign writes it once; a changed one is new.
  const campaignId = useRef<{ content: string; id: string } | null>(null);

  // Lines from the file get ids once per file reading, so a retried creation writes them once.
  const fileLines = useMemo<LineInput[] | null>(() => {
    if (fileReport === null) return [];
    const { result } = fileReport;
    const rows =
      result.problems.length === 0 ? result.rows : dropBad ? dropBadRows(result)?.lines : null;
    if (rows === null || rows === undefined) return null;
    return rows.map((row) => ({
      lineId: crypto.randomUUID(),
      name: row.name,
      email: row.email,
      subUnit: row.subUnit,
      right: row.right,
      sourceLine: row.line,
    }));
  }, [fileReport, dropBad]);
  const allLines = fileLines === null ? null : [...fileLines, ...manualLines];

  const definition = (): CampaignDefinition | null => {
    const parsed = campaignDefinitionSchema.safeParse({
      kind,
      target,
      base,
      deadline,
      reminderEveryDays: Number(reminderEveryDays),
    });
    if (parsed.success) {
      setDefinitionErrors([]);
      return parsed.data;
    }
    setDefinitionErrors(
      parsed.error.issues.map((issue) =>
        issue.path[0] === 'deadline'
          ? t('reviews.new.deadlineInvalid')
          : issue.path[0] === 'reminderEveryDays'
            ? t('reviews.new.reminderInvalid')
            : t('reviews.new.definitionInvalid'),
      ),
    );
    return null;
  };

  const check = useMutation({
    mutationFn: ({ lines, scope }: { lines: readonly LineInput[]; scope: CampaignDefinition }) =>
      desk.resolveLines(lines, scope),
    onSuccess: setResolution,
  });
  const create = useMutation({
    mutationFn: async ({ def, lines }: { def: CampaignDefinition; lines: LineResolution }) => {
      // Leavers are recorded too: they go straight to the removal list (R11).
      const recorded = [...lines.resolved, ...lines.leavers];
      const content = JSON.stringify([def, recorded.map((line) => line.lineId)]);
      if (campaignId.current?.content !== content) {
        campaignId.current = { content, id: crypto.randomUUID() };
      }
      const { id } = campaignId.current;
      await desk.createCampaign({ definition: def, lines: recorded }, { campaignId: id });
      return id;
    },
    onSuccess: async (id) => {
      await queryClient.invalidateQueries({ queryKey: reviewKeys.list(principal) });
      onCreated(id);
    },
  });

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setResolution(null);
    setDropBad(false);
    if (!file) {
      setFileReport(null);
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    setFileReport({ name: file.name, result: importCampaignFile(bytes) });
  };

  const addManual = () => {
    const email = manual.email.trim();
    if (
      manual.name.trim() === '' ||
      manual.subUnit.trim() === '' ||
      manual.right.trim() === '' ||
      !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)
    ) {
      setManualError(t('reviews.new.manualInvalid'));
      return;
    }
    setManualError(null);
    setResolution(null);
    setManualLines((current) => [
      ...current,
      {
        lineId: crypto.randomUUID(),
        name: manual.name.trim(),
        email,
        subUnit: manual.subUnit.trim(),
        right: manual.right.trim(),
      },
    ]);
    setManual(emptyManual);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const def = definition();
    if (def === null || allLines === null || allLines.length === 0) return;
    if (resolution === null) {
      check.mutate({ lines: allLines, scope: def });
      return;
    }
    create.mutate({ def, lines: resolution });
  };

  const report = fileReport?.result;
  const fileProblems = report?.problems ?? [];
  const fileBlocked =
    report !== undefined && fileProblems.some((problem) => problem.scope === 'file');
  const preview =
    resolution === null
      ? null
      : desk.previewSend(
          new Set(
            resolution.resolved
              .filter((line) => line.presence === undefined)
              .map((line) => line.person.id),
          ).size,
        );
  const movers = resolution?.resolved.filter((line) => line.presence === 'moved') ?? [];

  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate>
      <Text as="h2" size={600} weight="semibold">
        {t('reviews.new.title')}
      </Text>
      <fieldset className={styles.section}>
        <legend>
          <Text weight="semibold">{t('reviews.new.what')}</Text>
        </legend>
        <Field label={t('reviews.new.kind')} required>
          <RadioGroup
            layout="horizontal"
            value={kind}
            onChange={(_, data) => {
              const next = data.value === 'annual-role' ? 'annual-role' : 'quarterly-module';
              setKind(next);
              setTarget(
                (next === 'quarterly-module' ? catalogue.reviewModules : catalogue.reviewedRoles)[0]
                  ?.id ?? '',
              );
            }}
          >
            <Radio value="quarterly-module" label={t('reviews.kind.quarterly')} />
            <Radio value="annual-role" label={t('reviews.kind.annual')} />
          </RadioGroup>
        </Field>
        <div className={styles.row}>
          <Field
            label={kind === 'quarterly-module' ? t('reviews.new.module') : t('reviews.new.role')}
            required
          >
            <Dropdown
              value={targets.find((entry) => entry.id === target)?.name ?? ''}
              selectedOptions={[target]}
              onOptionSelect={(_, data) => setTarget(data.optionValue ?? '')}
            >
              {targets.map((entry) => (
                <Option key={entry.id} value={entry.id}>
                  {entry.name}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <Field label={t('reviews.new.base')} required>
            <Dropdown
              value={catalogue.bases.find((entry) => entry.id === base)?.name ?? ''}
              selectedOptions={[base]}
              onOptionSelect={(_, data) => setBase(data.optionValue ?? '')}
            >
              {catalogue.bases.map((entry) => (
                <Option key={entry.id} value={entry.id}>
                  {entry.name}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <Field label={t('reviews.new.deadline')} required>
            <Input type="date" value={deadline} onChange={(_, data) => setDeadline(data.value)} />
          </Field>
          <Field
            label={t('reviews.new.reminderEvery')}
            hint={t('reviews.new.reminderHint')}
            required
          >
            <Input
              type="number"
              min={1}
              max={60}
              value={reminderEveryDays}
              onChange={(_, data) => setReminderEveryDays(data.value)}
            />
          </Field>
        </div>
        {definitionErrors.length > 0 ? (
          <MessageBar intent="error" role="alert">
            <MessageBarBody>{definitionErrors.join(' ')}</MessageBarBody>
          </MessageBar>
        ) : null}
      </fieldset>

      <fieldset className={styles.section}>
        <legend>
          <Text weight="semibold">{t('reviews.new.lines')}</Text>
        </legend>
        <Field label={t('reviews.new.file')} hint={t('reviews.new.fileHint')}>
          {(fieldProps) => (
            <input
              {...fieldProps}
              type="file"
              accept=".csv,.txt,text/csv"
              onChange={(event) => void onFile(event)}
            />
          )}
        </Field>
        {report ? (
          <MessageBar
            intent={fileProblems.length === 0 ? 'success' : 'warning'}
            layout="multiline"
            role={fileProblems.length === 0 ? 'status' : 'alert'}
          >
            <MessageBarBody>
              <MessageBarTitle>
                {fileProblems.length === 0
                  ? t('reviews.new.fileOk', { rows: report.rows.length })
                  : t('reviews.new.fileProblems', {
                      problems: fileProblems.length,
                      rows: report.rows.length,
                    })}
              </MessageBarTitle>
              {report.encoding
                ? t('reviews.new.fileFormat', {
                    encoding: report.encoding,
                    delimiter: report.delimiter === '\t' ? 'tab' : (report.delimiter ?? '?'),
                  })
                : null}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {fileProblems.length > 0 ? (
          <>
            <ScrollRegion label={t('reviews.new.problemsTable')} tall>
              <Table size="small" aria-label={t('reviews.new.problemsTable')}>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>{t('reviews.new.problemLine')}</TableHeaderCell>
                    <TableHeaderCell>{t('reviews.new.problemText')}</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {fileProblems.map((problem, index) => (
                    <TableRow key={`${problem.line ?? 'file'}-${index}`}>
                      <TableCell>{problem.line ?? '–'}</TableCell>
                      <TableCell>{domain.reason(problem)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </ScrollRegion>
            {fileBlocked ? (
              <Text>{t('reviews.new.fileBlocked')}</Text>
            ) : (
              <Checkbox
                checked={dropBad}
                onChange={(_, data) => {
                  setDropBad(data.checked === true);
                  setResolution(null);
                }}
                label={t('reviews.new.dropBad', { rows: fileProblems.length })}
              />
            )}
          </>
        ) : null}

        <Text weight="semibold">{t('reviews.new.manual')}</Text>
        <div className={styles.manual}>
          <Field label={t('reviews.new.name')}>
            <Input
              value={manual.name}
              onChange={(_, data) => setManual({ ...manual, name: data.value })}
            />
          </Field>
          <Field label={t('reviews.new.email')}>
            <Input
              type="email"
              value={manual.email}
              onChange={(_, data) => setManual({ ...manual, email: data.value })}
            />
          </Field>
          <Field label={t('reviews.new.subUnit')}>
            <Input
              value={manual.subUnit}
              onChange={(_, data) => setManual({ ...manual, subUnit: data.value })}
            />
          </Field>
          <Field label={t('reviews.new.right')}>
            <Input
              value={manual.right}
              onChange={(_, data) => setManual({ ...manual, right: data.value })}
            />
          </Field>
          <Button onClick={addManual}>{t('reviews.new.addLine')}</Button>
        </div>
        {manualError ? (
          <Text role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>
            {manualError}
          </Text>
        ) : null}
        {allLines !== null && allLines.length > 0 ? (
          <ScrollRegion label={t('reviews.new.linesTable')} tall>
            <Table size="small" aria-label={t('reviews.new.linesTable')}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t('reviews.new.name')}</TableHeaderCell>
                  <TableHeaderCell>{t('reviews.new.email')}</TableHeaderCell>
                  <TableHeaderCell>{t('reviews.new.subUnit')}</TableHeaderCell>
                  <TableHeaderCell>{t('reviews.new.right')}</TableHeaderCell>
                  <TableHeaderCell>{t('reviews.new.source')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {allLines.map((entry) => (
                  <TableRow key={entry.lineId}>
                    <TableCell>{entry.name}</TableCell>
                    <TableCell>{entry.email}</TableCell>
                    <TableCell>{entry.subUnit}</TableCell>
                    <TableCell>{entry.right}</TableCell>
                    <TableCell>
                      {entry.sourceLine === undefined ? (
                        <Button
                          size="small"
                          appearance="subtle"
                          onClick={() => {
                            setResolution(null);
                            setManualLines((current) =>
                              current.filter((candidate) => candidate.lineId !== entry.lineId),
                            );
                          }}
                        >
                          {t('reviews.new.removeLine')}
                        </Button>
                      ) : (
                        t('reviews.new.fromLine', { line: entry.sourceLine })
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </ScrollRegion>
        ) : null}
      </fieldset>

      {resolution !== null && preview !== null ? (
        <MessageBar
          intent={resolution.unknown.length === 0 ? 'info' : 'warning'}
          layout="multiline"
          role="status"
        >
          <MessageBarBody>
            <MessageBarTitle>{t('reviews.new.previewTitle')}</MessageBarTitle>
            {t('reviews.new.preview', {
              lines: resolution.resolved.length + resolution.leavers.length,
              people: preview.people,
              emails: preview.emails,
              minutes: preview.minutes,
              perMinute: preview.perMinute,
            })}
            {resolution.leavers.length > 0 ? (
              <div>
                {t('reviews.new.leavers', {
                  count: resolution.leavers.length,
                  emails: resolution.leavers.map((line) => line.email).join(', '),
                })}
              </div>
            ) : null}
            {movers.length > 0 ? (
              <div>
                {t('reviews.new.movers', {
                  count: movers.length,
                  emails: movers.map((line) => line.email).join(', '),
                })}
              </div>
            ) : null}
            {resolution.unknown.length > 0 ? (
              <div>
                {t('reviews.new.unknownPeople', { count: resolution.unknown.length })}
                <ul>
                  {resolution.unknown.map((line) => (
                    <li key={line.lineId}>
                      {t(`reviews.new.unknown.${line.reason}`, { email: line.email })}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {check.isError || create.isError ? (
        <MessageBar intent="error" layout="multiline" role="alert">
          <MessageBarBody>
            <MessageBarTitle>{t('reviews.new.failed')}</MessageBarTitle>
            {(() => {
              const error = check.error ?? create.error;
              return error instanceof RequestRefused
                ? error.reasons.map((reason) => domain.reason(reason)).join(' ')
                : t(errorMessageKey(error));
            })()}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {allLines === null ? <Text>{t('reviews.new.chooseDrop')}</Text> : null}
      <div className={styles.actions}>
        <Button
          appearance="primary"
          type="submit"
          disabled={
            allLines === null ||
            allLines.length === 0 ||
            check.isPending ||
            create.isPending ||
            (resolution !== null &&
              resolution.resolved.length === 0 &&
              resolution.leavers.length === 0)
          }
        >
          {resolution === null
            ? check.isPending
              ? t('reviews.new.checking')
              : t('reviews.new.check')
            : create.isPending
              ? t('reviews.new.creating')
              : t('reviews.new.create')}
        </Button>
        <Button onClick={onCancel}>{t('reviews.new.cancel')}</Button>
      </div>
    </form>
  );
}
