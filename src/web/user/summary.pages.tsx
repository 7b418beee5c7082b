/**
 * Summary: the signed-in user's account as Quire holds it — who they are, their balance and what
 * they printed this month. Every word comes from the catalog; amounts go through useFormats.
 */
import type { BalancePoint } from '../../accounts/accounts.service.js';
import { useFormats } from '../components/formats.js';
import { useTranslator } from '../components/translation.js';
import { BalanceChart } from './balance-chart.js';
import { Frame, type UserFrame } from './user-frame.js';

/** The personal account as the Summary shows it (never the account row). */
export interface SummaryBalance {
  balance: number;
  restricted: boolean;
  overdraft: number;
}

export interface SummaryProps extends UserFrame {
  balance: SummaryBalance;
  /** Printed (or refunded) jobs and their pages since the month began. */
  month: { jobs: number; pages: number };
  /** The balance at the end of each recent day, oldest first (the chart). */
  history: BalancePoint[];
}

function BalanceSection(props: Pick<SummaryProps, 'balance' | 'month' | 'history'>) {
  const t = useTranslator();
  const f = useFormats();
  const { balance, month } = props;
  return (
    <section class="card">
      <h2>{t.t('user.summary.balanceTitle')}</h2>
      <dl class="details">
        <dt>{t.t('user.summary.balance')}</dt>
        <dd>{f.money(balance.balance)}</dd>
        <dt>{t.t('user.summary.status')}</dt>
        <dd>
          {balance.restricted
            ? t.t('user.summary.restricted', { limit: f.money(-balance.overdraft) })
            : t.t('user.summary.unrestricted')}
        </dd>
      </dl>
      <BalanceChart points={props.history} />
      <h3>{t.t('user.summary.thisMonth')}</h3>
      <dl class="details">
        <dt>{t.t('user.summary.monthPages')}</dt>
        <dd>{f.number(month.pages)}</dd>
        <dt>{t.t('user.summary.monthJobs')}</dt>
        <dd>{f.number(month.jobs)}</dd>
      </dl>
    </section>
  );
}

export function SummaryPage(props: SummaryProps) {
  const t = useTranslator();
  const u = props.user;
  const none = t.t('user.none');
  return (
    <Frame {...props} title={t.t('user.summary.title')} current="/user/summary">
      <h1>{t.t('user.summary.title')}</h1>
      <BalanceSection balance={props.balance} month={props.month} history={props.history} />
      <section class="card">
        <h2>{t.t('user.summary.account')}</h2>
        <dl class="details">
          <dt>{t.t('user.summary.username')}</dt>
          <dd>{u.username}</dd>
          <dt>{t.t('user.summary.fullName')}</dt>
          <dd>{u.fullName || none}</dd>
          <dt>{t.t('user.summary.email')}</dt>
          <dd>{u.email || none}</dd>
          <dt>{t.t('user.summary.department')}</dt>
          <dd>{u.department || none}</dd>
          <dt>{t.t('user.summary.office')}</dt>
          <dd>{u.office || none}</dd>
          <dt>{t.t('user.summary.cardNumber')}</dt>
          <dd>{u.cardNumber ? t.t('user.summary.cardOnFile') : none}</dd>
          <dt>{t.t('user.summary.accountType')}</dt>
          <dd>
            {u.internal ? t.t('user.summary.internal') : t.t('user.summary.synced', { source: u.source })}
          </dd>
        </dl>
      </section>
    </Frame>
  );
}
