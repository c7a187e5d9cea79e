import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { useI18n } from '../../i18n/i18n.tsx';
import { recordHtml } from '../exports.ts';
import type { TriageDetail } from '../triage-desk.ts';
import { downloadFile, openInNewTab } from '../../exports/download-file.ts';

const useStyles = makeStyles({
  root: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

const htmlType = 'text/html;charset=utf-8';

/**
 * "Skriv ut / lagre som PDF": the request's record (`recordHtml`) as a Blob
 * URL opened in a new tab, where Ctrl+P / the browser's print gives a PDF;
 * and the same page as a file to download.
 *
 * Why not `window.open()` + `print()` or a hidden iframe: a Teams tab runs in
 * an iframe where `print()` prints Teams' whole window or nothing, and
 * script-opened popups may be blocked; the record page forbids scripts by
 * its CSP, so it cannot print itself. A link clicked in the user's gesture
 * opens in every host. In the Teams desktop client a new tab is the system
 * browser, which cannot see our Blob URL: there the download works.
 */
export function RecordLinks({ detail }: { detail: TriageDetail }) {
  const { t } = useI18n();
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <Button onClick={() => openInNewTab([recordHtml(detail)], htmlType)}>
        {t('triage.record.print')}
      </Button>
      <Button
        appearance="subtle"
        onClick={() =>
          downloadFile([recordHtml(detail)], `foresporsel-${detail.requestId}.html`, htmlType)
        }
      >
        {t('triage.record.download')}
      </Button>
    </div>
  );
}
