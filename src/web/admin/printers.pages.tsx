/**
 * Admin Console → Printers: the list of printers with their state, prices and counts (a printer's own
 * page is printer.pages.tsx). Addresses use the printer's id: a queue name may hold any character.
 *
 *   <PrintersPage frame={frame} printers={rows} statuses={statuses} page={1} hasMore={false} />
 */
import type { PrinterRow } from '../../db/accounting.schema.js';
import { DataTable } from '../components/data-table.js';
import { useFormats } from '../components/formats.js';
import { Notice } from '../components/forms.js';
import { useAdminTranslator } from '../components/translation.js';
import type { PrinterStatus } from '../../print/forwarding/printer-status.js';
import { AdminPage, type AdminFrame } from './admin.pages.js';
import { PrinterStatusText } from './printer-status.js';

export const PRINTERS_PER_PAGE = 50;

export const printerHref = (printer: Pick<PrinterRow, 'id'>): string => `/admin/printers/${printer.id}`;

/** PaperCut's name for a printer: server\queue. */
export const printerName = (printer: Pick<PrinterRow, 'server_name' | 'name'>): string =>
  `${printer.server_name}\\${printer.name}`;

export function PrintersPage(props: {
  frame: AdminFrame;
  printers: PrinterRow[];
  /** Each printer's last polled state, by id (none: not polled, or no destination). */
  statuses: ReadonlyMap<number, PrinterStatus>;
  page: number;
  hasMore: boolean;
  notice?: string;
}) {
  const t = useAdminTranslator();
  const f = useFormats();
  return (
    <AdminPage frame={props.frame} title={t.t('admin.printers.title')} section="printers">
      <h1>{t.t('admin.printers.title')}</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
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
          {
            header: t.t('admin.printerStatus.column'),
            cell: (p) =>
              p.destination_uri === '' ? '—' : <PrinterStatusText status={props.statuses.get(p.id)} />,
          },
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
