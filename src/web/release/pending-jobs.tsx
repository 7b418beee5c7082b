/**
 * The table of a user's held jobs with Print and Cancel, shared by Jobs Pending Release (User Web
 * Interface) and the release station. Each button is its own POST form with the CSRF token, so the
 * page works without JavaScript; a Find-Me job's Print form carries a select of the printers the
 * user may release it to. The buttons come right after the document's name, so that they are in
 * sight on a phone without scrolling the table sideways.
 */
import type { PendingJob, ReleaseTarget } from '../../release/pending-release.service.js';
import { DataTable } from '../components/data-table.js';
import { CsrfField, Notice } from '../components/forms.js';
import { useFormats } from '../components/formats.js';
import { useTranslator } from '../components/translation.js';
import { When } from '../components/when.js';
import type { MessageKey } from '../../i18n/translator.js';

/** A held job as the pages show it (never the row). */
export interface PendingJobView {
  id: number;
  document: string;
  queue: string;
  pages: number;
  copies: number;
  colour: boolean;
  createdAt: string;
  expiresAt: string | null;
  /** null: a Find-Me job, priced at the printer chosen. */
  cost: number | null;
  findMe: boolean;
  printers: ReleaseTarget[];
  /** Why its last release did not go through (the account's message), or ''. */
  notPrinted: string;
}

export function presentPendingJob(job: PendingJob): PendingJobView {
  return {
    id: job.id,
    document: job.documentName,
    queue: job.queue.slice(job.queue.indexOf('\\') + 1),
    pages: job.pages,
    copies: job.copies,
    colour: job.colorPages > 0,
    createdAt: job.createdAt,
    expiresAt: job.expiresAt,
    cost: job.findMe ? null : job.cost,
    findMe: job.findMe,
    printers: job.printers,
    notPrinted: job.stateMessage,
  };
}

/** The notices shown after a redirect (`?done=`), by key: fixed texts, never words from the address. */
export const RELEASE_DONE: ReadonlyMap<string, { kind: 'success' | 'info' | 'error'; key: MessageKey }> =
  new Map([
    ['released', { kind: 'success', key: 'release.done.released' }],
    ['cancelled', { kind: 'success', key: 'release.done.cancelled' }],
    ['denied', { kind: 'error', key: 'release.done.denied' }],
    ['gone', { kind: 'info', key: 'release.done.gone' }],
    ['timeout', { kind: 'info', key: 'release.station.timedOut' }],
    ['logged-out', { kind: 'info', key: 'release.station.loggedOut' }],
  ] as const);

export function DoneNotice({ done }: { done?: string }) {
  const t = useTranslator();
  const notice = done === undefined ? undefined : RELEASE_DONE.get(done);
  return notice ? <Notice kind={notice.kind}>{t.t(notice.key)}</Notice> : null;
}

/** A release form's error: the job it is about and the message. */
export interface JobError {
  jobId: number;
  message: string;
}

function PrintForm(props: { job: PendingJobView; action: string; csrfToken: string; error?: string }) {
  const t = useTranslator();
  const { job } = props;
  const id = `field-printer-${job.id}`;
  if (job.printers.length === 0) return <span>{t.t('release.cannotPrintHere')}</span>;
  return (
    <form method="post" action={props.action}>
      <CsrfField token={props.csrfToken} />
      {job.findMe ? (
        <div class={`field${props.error ? ' field-invalid' : ''}`}>
          <label for={id}>{t.t('release.printerFor', { document: job.document })}</label>
          {props.error && (
            <p class="field-error" id={`${id}-error`}>
              {props.error}
            </p>
          )}
          <select
            id={id}
            name="printer"
            aria-invalid={props.error ? 'true' : undefined}
            aria-describedby={props.error ? `${id}-error` : undefined}
          >
            {job.printers.map((printer) => (
              <option value={printer.name}>{printer.label}</option>
            ))}
          </select>
        </div>
      ) : (
        props.error && <p class="field-error">{props.error}</p>
      )}
      <button type="submit">{t.t('release.print')}</button>
    </form>
  );
}

export function PendingJobsTable(props: {
  jobs: PendingJobView[];
  csrfToken: string;
  /** The address of a job's action: `print` or `cancel`. */
  actionOf: (jobId: number, action: 'print' | 'cancel') => string;
  error?: JobError;
}) {
  const t = useTranslator();
  const f = useFormats();
  return (
    <DataTable
      caption={t.t('release.caption')}
      captionHidden
      columns={[
        {
          header: t.t('release.document'),
          rowHeader: true,
          cell: (job) => (
            <>
              {job.document}
              {job.notPrinted && (
                <p class="field-error">{t.t('release.notPrinted', { reason: job.notPrinted })}</p>
              )}
            </>
          ),
        },
        {
          header: t.t('release.action'),
          cell: (job) => (
            <div class="actions">
              <PrintForm
                job={job}
                action={props.actionOf(job.id, 'print')}
                csrfToken={props.csrfToken}
                error={props.error?.jobId === job.id ? props.error.message : undefined}
              />
              <form method="post" action={props.actionOf(job.id, 'cancel')}>
                <CsrfField token={props.csrfToken} />
                <button type="submit" class="button-secondary">
                  {t.t('release.cancel')}
                </button>
              </form>
            </div>
          ),
        },
        { header: t.t('release.queue'), cell: (job) => job.queue },
        { header: t.t('release.pages'), cell: (job) => f.number(job.pages) },
        { header: t.t('release.copies'), cell: (job) => f.number(job.copies) },
        {
          header: t.t('release.colour'),
          cell: (job) => t.t(job.colour ? 'release.inColour' : 'release.grayscale'),
        },
        { header: t.t('release.time'), cell: (job) => <When at={job.createdAt} /> },
        { header: t.t('release.expires'), cell: (job) => <When at={job.expiresAt} /> },
        {
          header: t.t('release.cost'),
          cell: (job) => (job.cost === null ? t.t('release.dependsOnPrinter') : f.money(job.cost)),
        },
      ]}
      rows={props.jobs}
      empty={t.t('release.empty')}
    />
  );
}
