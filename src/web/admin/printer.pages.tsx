/**
 * Admin Console → Printers → a printer: its state at its destination, its details and cost model
 * (with prices by paper size), its print queue and the jobs held on it, its access groups, a link
 * to its jobs, and deletion behind a confirmation page.
 *
 *   <PrinterPage frame={frame} printer={details} values={printerValues(details)} />
 *   <DeletePrinterPage frame={frame} printer={row} />
 */
import { amountToDecimal } from '../../accounts/money.js';
import type { PrinterRow } from '../../db/accounting.schema.js';
import type { PrinterDetails } from '../../printers/printers.service.js';
import { Checkbox, CsrfField, ErrorSummary, Field, Notice, type FieldErrors } from '../components/forms.js';
import { useAdminTranslator } from '../components/translation.js';
import type { PrinterStatus } from '../../print/forwarding/printer-status.js';
import { AdminPage, type AdminFrame, BackLink } from './admin.pages.js';
import { PrinterStatusSection } from './printer-status.js';
import { HeldJobsSection, type HeldJobsView } from './held-jobs.pages.js';
import { QueueSection, type QueueView } from './printer-queue.pages.js';
import { printerHref, printerName } from './printers.pages.js';

/** Empty paper-size rows the form offers below the listed ones, for adding sizes. */
const BLANK_SIZE_ROWS = 2;

/** A paper-size row as typed: its size and two prices (decimal text). */
export interface SizeValues {
  size: string;
  cost_gray: string;
  cost_color: string;
}

/** The details form's values as typed, or as stored. */
export interface PrinterValues {
  display_name: string;
  location: string;
  cost_gray: string;
  cost_color: string;
  duplex_discount: string;
  enabled: boolean;
  sizes: SizeValues[];
}

/** The form fields of paper-size row `i`. */
export const sizeFields = (i: number) =>
  ({ size: `size_${i}`, cost_gray: `size_gray_${i}`, cost_color: `size_color_${i}` }) as const;

export function printerValues(printer: PrinterDetails): PrinterValues {
  return {
    display_name: printer.display_name,
    location: printer.location,
    cost_gray: amountToDecimal(printer.cost_gray),
    cost_color: amountToDecimal(printer.cost_color),
    duplex_discount: String(printer.duplex_discount),
    enabled: printer.enabled === 1,
    sizes: printer.sizeCosts.map((cost) => ({
      size: cost.size,
      cost_gray: amountToDecimal(cost.cost_gray),
      cost_color: amountToDecimal(cost.cost_color),
    })),
  };
}

/** The Job Log filtered to this printer. */
const jobLogHref = (printer: PrinterRow) => `/admin/jobs?printer=${encodeURIComponent(printerName(printer))}`;

export interface PrinterPageProps {
  frame: AdminFrame;
  printer: PrinterDetails;
  values: PrinterValues;
  errors?: FieldErrors;
  /** Its destination's last polled state. */
  status?: PrinterStatus;
  /** The access group form's typed name and its error. */
  access?: { group: string; errors: FieldErrors };
  notice?: string;
  /** Its print queue: addresses and settings (printer-queue.pages.tsx). */
  queue: QueueView;
  /** Jobs held on it, with Release and Cancel (held-jobs.pages.tsx). */
  held: HeldJobsView;
}

export function PrinterPage(props: PrinterPageProps) {
  const t = useAdminTranslator();
  const { printer } = props;
  const name = printerName(printer);
  return (
    <AdminPage frame={props.frame} title={t.t('admin.printers.edit.title', { name })} section="printers">
      <BackLink href="/admin/printers" label={t.t('admin.printers.back')} />
      <h1>{t.t('admin.printers.edit.title', { name })}</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      <p>
        {t.t('admin.printers.edit.counts', { jobs: printer.job_count, pages: printer.page_count })}{' '}
        <a href={jobLogHref(printer)}>{t.t('admin.printers.edit.jobLog')}</a>
      </p>
      <PrinterStatusSection printer={printer} status={props.status} />
      <DetailsForm {...props} />
      <QueueSection frame={props.frame} printer={printer} queue={props.queue} />
      <HeldJobsSection held={props.held} csrfToken={props.frame.csrfToken} />
      <AccessSection {...props} />
      <section class="card" aria-labelledby="delete-title">
        <h2 id="delete-title">{t.t('admin.printers.delete.confirm')}</h2>
        <p>{t.t('admin.printers.delete.explain')}</p>
        <p>
          <a href={`${printerHref(printer)}/delete`}>{t.t('admin.printers.delete.link')}</a>
        </p>
      </section>
    </AdminPage>
  );
}

function DetailsForm(props: PrinterPageProps) {
  const t = useAdminTranslator();
  const { values, errors } = props;
  const findMe = props.printer.kind === 'find-me';
  const rows = [...values.sizes, ...Array.from({ length: BLANK_SIZE_ROWS }, () => blankSize)];
  const labels: Record<string, string> = {
    display_name: t.t('admin.printers.edit.displayName'),
    location: t.t('admin.printers.edit.location'),
    cost_gray: t.t('admin.printers.edit.costGray'),
    cost_color: t.t('admin.printers.edit.costColor'),
    duplex_discount: t.t('admin.printers.edit.duplexDiscount'),
  };
  rows.forEach((_, i) => {
    const number = { number: i + 1 };
    const fields = sizeFields(i);
    labels[fields.size] = `${t.t('admin.printers.sizes.row', number)}: ${t.t('admin.printers.sizes.size')}`;
    labels[fields.cost_gray] =
      `${t.t('admin.printers.sizes.row', number)}: ${t.t('admin.printers.sizes.gray')}`;
    labels[fields.cost_color] =
      `${t.t('admin.printers.sizes.row', number)}: ${t.t('admin.printers.sizes.color')}`;
  });
  const text = (
    name: 'display_name' | 'location' | 'cost_gray' | 'cost_color' | 'duplex_discount',
    hint?: string,
  ) => (
    <Field
      name={name}
      label={labels[name]!}
      value={values[name]}
      errors={errors}
      hint={hint}
      autocomplete="off"
    />
  );
  return (
    <section class="card" aria-labelledby="details-title">
      <h2 id="details-title">{t.t('admin.printers.edit.details')}</h2>
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action={printerHref(props.printer)} novalidate>
        <CsrfField token={props.frame.csrfToken} />
        {text('display_name')}
        {text('location')}
        {findMe ? (
          // A Find-Me queue has no prices: its jobs cost what the printer chosen at release charges.
          <>
            <p class="hint">{t.t('admin.queue.findMeNoPrices')}</p>
            {(['cost_gray', 'cost_color', 'duplex_discount'] as const).map((name) => (
              <input type="hidden" name={name} value={values[name]} />
            ))}
          </>
        ) : (
          <>
            {text('cost_gray', t.t('admin.printers.edit.priceHint'))}
            {text('cost_color', t.t('admin.printers.edit.priceHint'))}
            {text('duplex_discount', t.t('admin.printers.edit.duplexHint'))}
          </>
        )}
        <Checkbox name="enabled" label={t.t('admin.printers.edit.enabled')} checked={values.enabled} />
        {!findMe && (
          <>
            <h3>{t.t('admin.printers.sizes.title')}</h3>
            <p class="hint">{t.t('admin.printers.sizes.hint')}</p>
            {rows.map((row, i) => (
              <SizeRow key={i} index={i} values={row} errors={errors} />
            ))}
          </>
        )}
        <button type="submit">{t.t('admin.printers.edit.save')}</button>
      </form>
    </section>
  );
}

const blankSize: SizeValues = { size: '', cost_gray: '', cost_color: '' };

function SizeRow(props: { index: number; values: SizeValues; errors?: FieldErrors }) {
  const t = useAdminTranslator();
  const fields = sizeFields(props.index);
  return (
    <fieldset class="size-row">
      <legend>{t.t('admin.printers.sizes.row', { number: props.index + 1 })}</legend>
      <Field
        name={fields.size}
        label={t.t('admin.printers.sizes.size')}
        value={props.values.size}
        errors={props.errors}
        hint={props.index === 0 ? t.t('admin.printers.sizes.sizeHint') : undefined}
        autocomplete="off"
      />
      <Field
        name={fields.cost_gray}
        label={t.t('admin.printers.sizes.gray')}
        value={props.values.cost_gray}
        errors={props.errors}
        autocomplete="off"
      />
      <Field
        name={fields.cost_color}
        label={t.t('admin.printers.sizes.color')}
        value={props.values.cost_color}
        errors={props.errors}
        autocomplete="off"
      />
    </fieldset>
  );
}

function AccessSection(props: PrinterPageProps) {
  const t = useAdminTranslator();
  const { printer } = props;
  const action = `${printerHref(printer)}/access`;
  return (
    <section class="card" aria-labelledby="access-title">
      <h2 id="access-title">{t.t('admin.printers.access.title')}</h2>
      {printer.accessGroups.length === 0 ? (
        <p>{t.t('admin.printers.access.none')}</p>
      ) : (
        <>
          <p>{t.t('admin.printers.access.some')}</p>
          <ul class="access-groups">
            {printer.accessGroups.map((group) => (
              <li key={group}>
                <form method="post" action={`${action}/remove`} class="inline-form">
                  <CsrfField token={props.frame.csrfToken} />
                  <input type="hidden" name="group" value={group} />
                  <span>{group}</span>{' '}
                  <button type="submit" class="button-secondary">
                    {t.t('admin.printers.access.remove', { group })}
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </>
      )}
      <form method="post" action={action} novalidate>
        <CsrfField token={props.frame.csrfToken} />
        <Field
          name="group"
          label={t.t('admin.printers.access.group')}
          value={props.access?.group ?? ''}
          errors={props.access?.errors}
          hint={t.t('admin.printers.access.groupHint')}
          autocomplete="off"
        />
        <button type="submit">{t.t('admin.printers.access.add')}</button>
      </form>
    </section>
  );
}

export function DeletePrinterPage(props: { frame: AdminFrame; printer: PrinterRow }) {
  const t = useAdminTranslator();
  const name = printerName(props.printer);
  const title = t.t('admin.printers.delete.title', { name });
  return (
    <AdminPage frame={props.frame} title={title} section="printers">
      <h1>{title}</h1>
      <p>{t.t('admin.printers.delete.explain')}</p>
      <form method="post" action={`${printerHref(props.printer)}/delete`}>
        <CsrfField token={props.frame.csrfToken} />
        <button type="submit" class="button-danger">
          {t.t('admin.printers.delete.confirm')}
        </button>{' '}
        <a href={printerHref(props.printer)}>{t.t('admin.printers.delete.cancel')}</a>
      </form>
    </AdminPage>
  );
}
