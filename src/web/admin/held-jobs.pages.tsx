/**
 * Admin Console → Printers → a queue → Held jobs: every user's jobs waiting on this queue, with
 * Release (to a member printer of the administrator's choice on a Find-Me queue) and Cancel.
 */
import type { HeldJob } from '../../print/print-jobs.service.js';
import { DataTable } from '../components/data-table.js';
import { CsrfField } from '../components/forms.js';
import { useFormats } from '../components/formats.js';
import { useAdminTranslator } from '../components/translation.js';
import { When } from '../components/when.js';

/** A held job as this page shows it (never the row). */
export interface HeldJobView {
  id: number;
  user: string;
  document: string;
  pages: number;
  copies: number;
  createdAt: string;
  expiresAt: string | null;
  /** null on a Find-Me queue: priced at the member chosen. */
  cost: number | null;
  notPrinted: string;
}

export const presentHeldJob = (job: HeldJob): HeldJobView => ({
  id: job.id,
  user: job.username,
  document: job.documentName,
  pages: job.pages,
  copies: job.copies,
  createdAt: job.createdAt,
  expiresAt: job.expiresAt,
  cost: job.cost,
  notPrinted: job.stateMessage,
});

export interface HeldJobsView {
  jobs: HeldJobView[];
  /** A Find-Me queue's members ("server\name"): Release asks which. Empty for a printer. */
  members: string[];
  /** The address of the printer's page: actions post below it. */
  base: string;
  /** A refused release: the job and why. */
  error?: { jobId: number; message: string };
}

function Actions(props: { job: HeldJobView; held: HeldJobsView; csrfToken: string }) {
  const t = useAdminTranslator();
  const { job, held } = props;
  const id = `field-printer-${job.id}`;
  const error = held.error?.jobId === job.id ? held.error.message : undefined;
  return (
    <div class="actions">
      <form method="post" action={`${held.base}/held/${job.id}/release`}>
        <CsrfField token={props.csrfToken} />
        {error && (
          <p class="field-error" id={`${id}-error`}>
            {error}
          </p>
        )}
        {held.members.length > 0 && (
          <div class="field">
            <label for={id}>{t.t('admin.queue.heldPrinterFor', { id: job.id })}</label>
            <select id={id} name="printer" aria-describedby={error ? `${id}-error` : undefined}>
              {held.members.map((member) => (
                <option value={member}>{member}</option>
              ))}
            </select>
          </div>
        )}
        <button type="submit">{t.t('admin.queue.release')}</button>
      </form>
      <form method="post" action={`${held.base}/held/${job.id}/cancel`}>
        <CsrfField token={props.csrfToken} />
        <button type="submit" class="button-secondary">
          {t.t('admin.queue.cancel')}
        </button>
      </form>
    </div>
  );
}

export function HeldJobsSection(props: { held: HeldJobsView; csrfToken: string }) {
  const t = useAdminTranslator();
  const f = useFormats();
  return (
    <section class="card" aria-labelledby="held-title">
      <h2 id="held-title">{t.t('admin.queue.held')}</h2>
      <DataTable
        caption={t.t('admin.queue.heldCaption')}
        captionHidden
        columns={[
          {
            header: t.t('admin.queue.heldDocument'),
            rowHeader: true,
            cell: (job) => (
              <>
                {job.document}
                {job.notPrinted && (
                  <p class="field-error">{t.t('admin.queue.heldNotPrinted', { reason: job.notPrinted })}</p>
                )}
              </>
            ),
          },
          { header: t.t('admin.queue.heldUser'), cell: (job) => job.user },
          {
            header: t.t('admin.queue.heldAction'),
            cell: (job) => <Actions job={job} held={props.held} csrfToken={props.csrfToken} />,
          },
          {
            header: t.t('admin.queue.heldCost'),
            cell: (job) => (job.cost === null ? t.t('admin.queue.heldDependsOnPrinter') : f.money(job.cost)),
          },
          {
            header: t.t('admin.queue.heldPages'),
            cell: (job) => `${f.number(job.pages)} × ${f.number(job.copies)}`,
          },
          { header: t.t('admin.queue.heldTime'), cell: (job) => <When at={job.createdAt} /> },
          { header: t.t('admin.queue.heldExpires'), cell: (job) => <When at={job.expiresAt} /> },
        ]}
        rows={props.held.jobs}
        empty={t.t('admin.queue.heldEmpty')}
      />
    </section>
  );
}
