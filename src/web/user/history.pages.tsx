/**
 * Transaction History and Recent Print Jobs: the user's ledger and job log, newest first, a page
 * at a time. "Older …" links carry `before`, the last row id shown (keyset paging), so paging
 * works without JavaScript and a row added meanwhile never shifts a page.
 */
import type { JobStatus, LedgerType } from '../../db/accounting.schema.js';
import type { MessageKey } from '../../i18n/messages/en.js';
import { DataTable } from '../components/data-table.js';
import { useFormats } from '../components/formats.js';
import { When } from '../components/when.js';
import { useTranslator } from '../components/translation.js';
import { Frame, type UserFrame } from './user-frame.js';

/** A ledger row as the page shows it (never the row: no actor, no account id). */
export interface TransactionView {
  createdAt: string;
  type: LedgerType;
  amount: number;
  balanceAfter: number;
  comment: string;
}

export interface JobView {
  createdAt: string;
  printer: string;
  document: string;
  pages: number;
  cost: number;
  status: JobStatus;
  reason: string;
}

/** A page of rows and, when there are more, the id the next page starts below. */
export interface HistoryPage<Row> {
  rows: Row[];
  before?: number;
}

const LEDGER_TYPES = new Map<LedgerType, MessageKey>([
  ['adjustment', 'user.ledgerType.adjustment'],
  ['print-charge', 'user.ledgerType.printCharge'],
  ['refund', 'user.ledgerType.refund'],
  ['quota', 'user.ledgerType.quota'],
  ['initial-credit', 'user.ledgerType.initialCredit'],
  ['transfer', 'user.ledgerType.transfer'],
  ['card-redemption', 'user.ledgerType.cardRedemption'],
]);

const JOB_STATUSES = new Map<JobStatus, MessageKey>([
  ['printed', 'user.jobStatus.printed'],
  ['denied', 'user.jobStatus.denied'],
  ['refunded', 'user.jobStatus.refunded'],
  ['cancelled', 'user.jobStatus.cancelled'],
]);

function Older(props: { path: string; before?: number; label: string }) {
  if (props.before === undefined) return null;
  return (
    <p>
      <a href={`${props.path}?before=${props.before}`}>{props.label}</a>
    </p>
  );
}

export function TransactionsPage(props: UserFrame & { page: HistoryPage<TransactionView> }) {
  const t = useTranslator();
  const f = useFormats();
  const title = t.t('user.transactions.title');
  return (
    <Frame {...props} title={title} current="/user/transactions">
      <h1>{title}</h1>
      <DataTable
        caption={t.t('user.transactions.caption')}
        captionHidden
        columns={[
          { header: t.t('user.transactions.time'), cell: (r) => <When at={r.createdAt} />, rowHeader: true },
          {
            header: t.t('user.transactions.type'),
            cell: (r) => {
              const key = LEDGER_TYPES.get(r.type);
              return key ? t.t(key) : r.type;
            },
          },
          { header: t.t('user.transactions.amount'), cell: (r) => f.money(r.amount) },
          { header: t.t('user.transactions.balanceAfter'), cell: (r) => f.money(r.balanceAfter) },
          { header: t.t('user.transactions.comment'), cell: (r) => r.comment || t.t('user.none') },
        ]}
        rows={props.page.rows}
        empty={t.t('user.transactions.empty')}
      />
      <Older path="/user/transactions" before={props.page.before} label={t.t('user.transactions.older')} />
    </Frame>
  );
}

export function JobsPage(props: UserFrame & { page: HistoryPage<JobView> }) {
  const t = useTranslator();
  const f = useFormats();
  const title = t.t('user.jobs.title');
  const status = (job: JobView) => {
    const key = JOB_STATUSES.get(job.status);
    return key ? t.t(key, { reason: job.reason || t.t('user.none') }) : job.status;
  };
  return (
    <Frame {...props} title={title} current="/user/jobs">
      <h1>{title}</h1>
      <DataTable
        caption={t.t('user.jobs.caption')}
        captionHidden
        columns={[
          { header: t.t('user.jobs.time'), cell: (j) => <When at={j.createdAt} />, rowHeader: true },
          { header: t.t('user.jobs.printer'), cell: (j) => j.printer },
          { header: t.t('user.jobs.document'), cell: (j) => j.document },
          { header: t.t('user.jobs.pages'), cell: (j) => f.number(j.pages) },
          { header: t.t('user.jobs.cost'), cell: (j) => f.money(j.cost) },
          { header: t.t('user.jobs.status'), cell: status },
        ]}
        rows={props.page.rows}
        empty={t.t('user.jobs.empty')}
      />
      <Older path="/user/jobs" before={props.page.before} label={t.t('user.jobs.older')} />
    </Frame>
  );
}
