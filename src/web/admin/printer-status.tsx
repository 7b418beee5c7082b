/**
 * Printers' state as their destinations report it (print/forwarding/printer-status.ts), for the
 * Printers list, a printer's page and the Dashboard. IPP's printer-state-reasons keywords are
 * shown in words where the catalog has them (the -error/-warning/-report suffix left out), else
 * as the keyword itself.
 *
 *   <PrinterStatusText status={status} />              // "Stopped: Out of paper"
 *   <PrinterStatusSection printer={row} status={status} />
 */
import type { PrinterRow } from '../../db/accounting.schema.js';
import type { PrinterState } from '../../db/print.schema.js';
import type { AdminMessageKey } from '../../i18n/messages/admin.en.js';
import type { PrinterStatus } from '../../print/forwarding/printer-status.js';
import { useAdminTranslator } from '../components/translation.js';
import { When } from '../components/when.js';

const STATES: ReadonlyMap<PrinterState, AdminMessageKey> = new Map([
  ['idle', 'admin.printerStatus.state.idle'],
  ['processing', 'admin.printerStatus.state.processing'],
  ['stopped', 'admin.printerStatus.state.stopped'],
  ['unknown', 'admin.printerStatus.state.unknown'],
  ['unreachable', 'admin.printerStatus.state.unreachable'],
]);

const REASONS: ReadonlyMap<string, AdminMessageKey> = new Map(
  (
    [
      'media-empty',
      'media-low',
      'media-jam',
      'media-needed',
      'toner-low',
      'toner-empty',
      'marker-supply-low',
      'marker-supply-empty',
      'door-open',
      'cover-open',
      'paused',
      'offline',
      'shutdown',
      'output-area-full',
      'other',
    ] as const
  ).map((reason) => [reason, `admin.printerStatus.reason.${reason}`] as const),
);

function useStatusWords() {
  const t = useAdminTranslator();
  return {
    state: (state: PrinterState) => t.t(STATES.get(state) ?? 'admin.printerStatus.state.unknown'),
    reason: (keyword: string) => {
      const key = REASONS.get(keyword.replace(/-(error|warning|report)$/, ''));
      return key ? t.t(key) : keyword;
    },
  };
}

/** The state, and its reasons after a colon. */
export function PrinterStatusText({ status }: { status: PrinterStatus | undefined }) {
  const t = useAdminTranslator();
  const words = useStatusWords();
  if (!status) return <>{t.t('admin.printerStatus.notChecked')}</>;
  const reasons = status.reasons.map(words.reason);
  return (
    <>
      {words.state(status.state)}
      {reasons.length > 0 && `: ${reasons.join(', ')}`}
    </>
  );
}

/** A printer's page: its destination's last known state. */
export function PrinterStatusSection(props: {
  printer: Pick<PrinterRow, 'kind' | 'destination_uri'>;
  status: PrinterStatus | undefined;
}) {
  const t = useAdminTranslator();
  const words = useStatusWords();
  const { status } = props;
  if (props.printer.kind !== 'printer') return null;
  return (
    <section class="card" aria-labelledby="printer-status-title">
      <h2 id="printer-status-title">{t.t('admin.printerStatus.title')}</h2>
      {props.printer.destination_uri === '' ? (
        <p>{t.t('admin.printerStatus.noDestination')}</p>
      ) : !status ? (
        <p>{t.t('admin.printerStatus.notChecked')}</p>
      ) : (
        <dl class="details">
          <dt>{t.t('admin.printerStatus.state')}</dt>
          <dd>{words.state(status.state)}</dd>
          <dt>{t.t('admin.printerStatus.reasons')}</dt>
          <dd>{status.reasons.length > 0 ? status.reasons.map(words.reason).join(', ') : '—'}</dd>
          <dt>{t.t('admin.printerStatus.message')}</dt>
          <dd>{status.message || '—'}</dd>
          <dt>{t.t('admin.printerStatus.checked')}</dt>
          <dd>
            <When at={status.checkedAt} />
          </dd>
        </dl>
      )}
      <p class="hint">{t.t('admin.printerStatus.explain')}</p>
    </section>
  );
}
