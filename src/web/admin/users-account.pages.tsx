/**
 * Admin Console → Users → a user's Account tab: the balance and settings of their personal
 * account (with "Enable now" while printing is disabled), the Adjust balance form, the Account settings form and the transactions, newest first,
 * paged by the last row's id (`?before=<id>`).
 *
 *   <UserAccountPage frame={frame} user={user} account={account} selection={selection} transactions={rows} />
 */
import { SELECTION_MODES, type SelectionMode } from '../../accounts/account-selection.js';
import type { PrintingState } from '../../accounts/accounts.service.js';
import { amountToDecimal } from '../../accounts/money.js';
import type { AccountRow } from '../../db/accounting.schema.js';
import type { PresentedUser } from '../../users/user.presenter.js';
import { useFormats } from '../components/formats.js';
import {
  Checkbox,
  CsrfField,
  ErrorSummary,
  Field,
  Notice,
  SelectField,
  type FieldErrors,
} from '../components/forms.js';
import { useAdminTranslator } from '../components/translation.js';
import { When } from '../components/when.js';
import { AdminPage, userHref, type AdminFrame } from './admin.pages.js';
import {
  AdjustBalanceSection,
  EnableNowForm,
  TransactionsSection,
  type AdjustValues,
  type LedgerPage,
} from './account-ledger.pages.js';
import { UserHeading } from './users-details.pages.js';

export interface AccountSettingsValues {
  restricted: boolean;
  overdraft: string;
  mode: string;
  sharedAccount: string;
}

export interface UserAccountPageProps extends LedgerPage {
  frame: AdminFrame;
  user: PresentedUser;
  account: AccountRow;
  printing: PrintingState;
  selection: { mode: SelectionMode; sharedAccount: string | null };
  notice?: string;
  /** Entered values and errors after a refused adjustment. */
  adjust?: { values: AdjustValues; errors: FieldErrors };
  /** Entered values and errors after refused settings. */
  settings?: { values: AccountSettingsValues; errors: FieldErrors };
}

export function UserAccountPage(props: UserAccountPageProps) {
  const t = useAdminTranslator();
  const { user, frame } = props;
  return (
    <AdminPage frame={frame} title={t.t('admin.account.title', { name: user.username })} section="users">
      <UserHeading user={user} tab="/account" />
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      <SummarySection
        account={props.account}
        selection={props.selection}
        printing={props.printing}
        enableAction={userHref(user.username, '/account/enable-printing')}
        csrfToken={frame.csrfToken}
      />
      <AdjustBalanceSection
        action={userHref(user.username, '/account/adjust')}
        csrfToken={frame.csrfToken}
        refused={props.adjust}
      />
      <SettingsSection
        user={user}
        csrfToken={frame.csrfToken}
        values={props.settings?.values ?? storedSettings(props.account, props.selection)}
        errors={props.settings?.errors}
      />
      <TransactionsSection
        name={user.username}
        transactions={props.transactions}
        before={props.before}
        hasMore={props.hasMore}
        href={(before) =>
          userHref(user.username, before === undefined ? '/account' : `/account?before=${before}`)
        }
      />
    </AdminPage>
  );
}

function storedSettings(
  account: AccountRow,
  selection: UserAccountPageProps['selection'],
): AccountSettingsValues {
  return {
    restricted: account.restricted === 1,
    overdraft: amountToDecimal(account.overdraft),
    mode: selection.mode,
    sharedAccount: selection.sharedAccount ?? '',
  };
}

function SummarySection(props: {
  account: AccountRow;
  selection: UserAccountPageProps['selection'];
  printing: PrintingState;
  enableAction: string;
  csrfToken: string;
}) {
  const t = useAdminTranslator();
  const f = useFormats();
  const { account, selection, printing } = props;
  return (
    <section class="card" aria-labelledby="summary-title">
      <h2 id="summary-title">{t.t('admin.account.summary')}</h2>
      <dl class="details">
        <dt>{t.t('admin.account.balance')}</dt>
        <dd>{f.money(account.balance)}</dd>
        <dt>{t.t('admin.account.restricted')}</dt>
        <dd>{t.t(account.restricted ? 'admin.account.restrictedYes' : 'admin.account.restrictedNo')}</dd>
        <dt>{t.t('admin.account.overdraft')}</dt>
        <dd>{f.money(account.overdraft)}</dd>
        <dt>{t.t('admin.account.selection')}</dt>
        <dd>
          {SELECTION_MODES.get(selection.mode)}
          {selection.sharedAccount && `: ${selection.sharedAccount}`}
        </dd>
        <dt>{t.t('admin.account.jobsPages')}</dt>
        <dd>{t.t('admin.account.jobsPagesValue', { jobs: account.job_count, pages: account.page_count })}</dd>
        <dt>{t.t('admin.account.printingState')}</dt>
        <dd>
          <PrintingText printing={printing} />
        </dd>
      </dl>
      {printing.disabled && <EnableNowForm action={props.enableAction} csrfToken={props.csrfToken} />}
    </section>
  );
}

/** Allowed, disabled until a time (in the organisation's zone), or disabled until enabled again. */
function PrintingText({ printing }: { printing: PrintingState }) {
  const t = useAdminTranslator();
  if (!printing.disabled) return <>{t.t('admin.account.printingAllowed')}</>;
  if (printing.until === null) return <>{t.t('admin.account.printingDisabled')}</>;
  return <>{t.rich('admin.account.printingDisabledUntil', { until: <When at={printing.until} /> })}</>;
}

function SettingsSection(props: {
  user: PresentedUser;
  csrfToken: string;
  values: AccountSettingsValues;
  errors?: FieldErrors;
}) {
  const t = useAdminTranslator();
  const { values, errors } = props;
  const labels = {
    restricted: t.t('admin.account.restricted'),
    overdraft: t.t('admin.account.overdraft'),
    mode: t.t('admin.account.selection'),
    sharedAccount: t.t('admin.account.sharedAccount'),
  };
  return (
    <section class="card" aria-labelledby="settings-title">
      <h2 id="settings-title">{t.t('admin.account.settings.title')}</h2>
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action={userHref(props.user.username, '/account/settings')} novalidate>
        <CsrfField token={props.csrfToken} />
        <Checkbox
          name="restricted"
          label={t.t('admin.account.settings.restricted')}
          checked={values.restricted}
        />
        <Field
          name="overdraft"
          label={labels.overdraft}
          value={values.overdraft}
          errors={errors}
          hint={t.t('admin.account.settings.overdraftHint')}
          autocomplete="off"
        />
        <SelectField
          name="mode"
          label={labels.mode}
          value={values.mode}
          options={[...SELECTION_MODES].map(([value, label]) => ({ value, label }))}
        />
        <Field
          name="sharedAccount"
          label={labels.sharedAccount}
          value={values.sharedAccount}
          errors={errors}
          hint={t.t('admin.account.sharedAccountHint')}
          autocomplete="off"
        />
        <button type="submit">{t.t('admin.account.settings.submit')}</button>
      </form>
    </section>
  );
}
