/**
 * Rates (each enabled printer's price per page) and Shared Accounts (the ones the user may charge):
 * what a user needs to know before printing. Read only.
 */
import { DataTable } from '../components/data-table.js';
import { useFormats } from '../components/formats.js';
import { useTranslator } from '../components/translation.js';
import { Frame, type UserFrame } from './user-frame.js';

export interface RateView {
  printer: string;
  gray: number;
  color: number;
  /** Percent off each double-sided page. */
  duplexDiscount: number;
}

export interface SharedAccountView {
  name: string;
  balance: number;
}

export function RatesPage(props: UserFrame & { rates: RateView[] }) {
  const t = useTranslator();
  const f = useFormats();
  const title = t.t('user.rates.title');
  return (
    <Frame {...props} title={title} current="/user/rates">
      <h1>{title}</h1>
      <DataTable
        caption={t.t('user.rates.caption')}
        captionHidden
        columns={[
          { header: t.t('user.rates.printer'), cell: (r) => r.printer, rowHeader: true },
          { header: t.t('user.rates.gray'), cell: (r) => f.money(r.gray) },
          { header: t.t('user.rates.color'), cell: (r) => f.money(r.color) },
          {
            header: t.t('user.rates.duplex'),
            cell: (r) => t.t('user.rates.percent', { percent: f.number(r.duplexDiscount) }),
          },
        ]}
        rows={props.rates}
        empty={t.t('user.rates.empty')}
      />
    </Frame>
  );
}

export function SharedAccountsPage(props: UserFrame & { accounts: SharedAccountView[] }) {
  const t = useTranslator();
  const f = useFormats();
  const title = t.t('user.shared.title');
  return (
    <Frame {...props} title={title} current="/user/shared-accounts">
      <h1>{title}</h1>
      <DataTable
        caption={t.t('user.shared.caption')}
        captionHidden
        columns={[
          { header: t.t('user.shared.name'), cell: (a) => a.name, rowHeader: true },
          { header: t.t('user.shared.balance'), cell: (a) => f.money(a.balance) },
        ]}
        rows={props.accounts}
        empty={t.t('user.shared.empty')}
      />
    </Frame>
  );
}
