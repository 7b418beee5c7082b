/**
 * Admin Console → Printers: the list of printers with their prices and counts, and a printer's
 * page with the form for its cost model (grey and colour price per page, duplex discount,
 * enabled). Addresses use the printer's id: a queue name may hold any character.
 *
 *   <PrintersPage frame={frame} printers={rows} page={1} hasMore={false} />
 *   <PrinterPage frame={frame} printer={row} values={printerValues(row)} />
 */
import { amountToDecimal } from '../../accounts/money.js';
import type { PrinterRow } from '../../db/accounting.schema.js';
import { DataTable } from '../components/data-table.js';
import { useFormats } from '../components/formats.js';
import { Checkbox, CsrfField, ErrorSummary, Field, Notice, type FieldErrors } from '../components/forms.js';
import { useAdminTranslator } from '../components/translation.js';
import { AdminPage, type AdminFrame } from './admin.pages.js';

export const PRINTERS_PER_PAGE = 50;

export const printerHref = (printer: Pick<PrinterRow, 'id'>): string => `/admin/printers/${printer.id}`;

/** PaperCut's name for a printer: server\queue. */
export const printerName = (printer: Pick<PrinterRow, 'server_name' | 'name'>): string =>
  `${printer.server_name}\\${printer.name}`;

export function PrintersPage(props: {
  frame: AdminFrame;
  printers: PrinterRow[];
  page: number;
  hasMore: boolean;
}) {
  const t = useAdminTranslator();
  const f = useFormats();
  return (
    <AdminPage frame={props.frame} title={t.t('admin.printers.title')} section="printers">
      <h1>{t.t('admin.printers.title')}</h1>
      <DataTable
        caption={t.t('admin.printers.caption', { page: props.page })}
        columns={[
          {
            header: t.t('admin.printers.column.printer'),
            rowHeader: true,
            cell: (p: PrinterRow) => <a href={printerHref(p)}>{printerName(p)}</a>,
          },
          { header: t.t('admin.printers.column.displayName'), cell: (p) => p.display_name },
          { header: t.t('admin.printers.column.location'), cell: (p) => p.location },
          {
            header: t.t('admin.printers.column.enabled'),
            cell: (p) => t.t(p.enabled ? 'admin.printers.yes' : 'admin.printers.no'),
          },
          { header: t.t('admin.printers.column.costGray'), cell: (p) => f.money(p.cost_gray) },
          { header: t.t('admin.printers.column.costColor'), cell: (p) => f.money(p.cost_color) },
          {
            header: t.t('admin.printers.column.duplexDiscount'),
            cell: (p) => t.t('admin.printers.percent', { value: p.duplex_discount }),
          },
          { header: t.t('admin.printers.column.pages'), cell: (p) => f.number(p.page_count) },
          { header: t.t('admin.printers.column.jobs'), cell: (p) => f.number(p.job_count) },
        ]}
        rows={props.printers}
        empty={t.t('admin.printers.empty')}
      />
      {(props.page > 1 || props.hasMore) && (
        <nav class="pager" aria-label={t.t('admin.printers.pages')}>
          {props.page > 1 && (
            <a href={`/admin/printers?page=${props.page - 1}`}>{t.t('admin.printers.previous')}</a>
          )}
          {props.hasMore && (
            <a href={`/admin/printers?page=${props.page + 1}`}>{t.t('admin.printers.next')}</a>
          )}
        </nav>
      )}
    </AdminPage>
  );
}

/** The cost model form's values as typed (decimal text), or as stored. */
export interface PrinterValues {
  cost_gray: string;
  cost_color: string;
  duplex_discount: string;
  enabled: boolean;
}

export function printerValues(printer: PrinterRow): PrinterValues {
  return {
    cost_gray: amountToDecimal(printer.cost_gray),
    cost_color: amountToDecimal(printer.cost_color),
    duplex_discount: String(printer.duplex_discount),
    enabled: printer.enabled === 1,
  };
}

export function PrinterPage(props: {
  frame: AdminFrame;
  printer: PrinterRow;
  values: PrinterValues;
  errors?: FieldErrors;
  notice?: string;
}) {
  const t = useAdminTranslator();
  const { printer, values, errors } = props;
  const name = printerName(printer);
  const labels = {
    cost_gray: t.t('admin.printers.edit.costGray'),
    cost_color: t.t('admin.printers.edit.costColor'),
    duplex_discount: t.t('admin.printers.edit.duplexDiscount'),
  };
  return (
    <AdminPage frame={props.frame} title={t.t('admin.printers.edit.title', { name })} section="printers">
      <p>
        <a href="/admin/printers">{t.t('admin.printers.back')}</a>
      </p>
      <h1>{t.t('admin.printers.edit.title', { name })}</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      <p>{t.t('admin.printers.edit.counts', { jobs: printer.job_count, pages: printer.page_count })}</p>
      <section class="card" aria-labelledby="cost-title">
        <h2 id="cost-title">{t.t('admin.printers.edit.costModel')}</h2>
        <ErrorSummary errors={errors} labels={labels} />
        <form method="post" action={printerHref(printer)} novalidate>
          <CsrfField token={props.frame.csrfToken} />
          <Field
            name="cost_gray"
            label={labels.cost_gray}
            value={values.cost_gray}
            errors={errors}
            hint={t.t('admin.printers.edit.priceHint')}
            autocomplete="off"
          />
          <Field
            name="cost_color"
            label={labels.cost_color}
            value={values.cost_color}
            errors={errors}
            hint={t.t('admin.printers.edit.priceHint')}
            autocomplete="off"
          />
          <Field
            name="duplex_discount"
            label={labels.duplex_discount}
            value={values.duplex_discount}
            errors={errors}
            hint={t.t('admin.printers.edit.duplexHint')}
            autocomplete="off"
          />
          <Checkbox name="enabled" label={t.t('admin.printers.edit.enabled')} checked={values.enabled} />
          <button type="submit">{t.t('admin.printers.edit.save')}</button>
        </form>
      </section>
    </AdminPage>
  );
}
