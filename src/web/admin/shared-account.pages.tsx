/**
 * Admin Console → Accounts → a shared account: the heading and tabs every page of the account
 * shows, its Details tab (balance and settings with "Enable now" while a timed disable lasts, the
 * details form, the way to delete it) and the Delete confirmation. Addresses use the account's id: a name may hold any character.
 *
 *   <SharedAccountDetailsPage frame={frame} account={view} values={sharedAccountValues(view)} />
 */
import type { ComponentChildren } from 'preact';
import { amountToDecimal } from '../../accounts/money.js';
import type { SharedAccountView } from '../../accounts/shared-account.presenter.js';
import type { AdminMessageKey } from '../../i18n/admin-translator.js';
import { useFormats } from '../components/formats.js';
import {
  Checkbox,
  CsrfField,
  ErrorSummary,
  Field,
  Notice,
  TextArea,
  type FieldErrors,
} from '../components/forms.js';
import { useAdminTranslator } from '../components/translation.js';
import { When } from '../components/when.js';
import { EnableNowForm } from './account-ledger.pages.js';
import { AdminPage, type AdminFrame, BackLink } from './admin.pages.js';

/** The address of a shared account's page, or of one of its tabs (`/access`, …). */
export const sharedAccountHref = (account: { id: number }, suffix = ''): string =>
  `/admin/accounts/${account.id}${suffix}`;

/** The notices of the Accounts pages after a redirect, by `?done=` (fixed texts only). */
export const SHARED_DONE: ReadonlyMap<string, AdminMessageKey> = new Map([
  ['created', 'admin.shared.done.created'],
  ['saved', 'admin.shared.done.saved'],
  ['adjusted', 'admin.done.adjusted'],
  ['enabled', 'admin.shared.done.enabled'],
  ['access-added', 'admin.shared.done.accessAdded'],
  ['access-removed', 'admin.shared.done.accessRemoved'],
  ['deleted', 'admin.shared.done.deleted'],
] as const);

type SharedAccountTab = '' | '/access' | '/adjust' | '/transactions';

const TABS: { suffix: SharedAccountTab; label: AdminMessageKey }[] = [
  { suffix: '', label: 'admin.shared.tab.details' },
  { suffix: '/access', label: 'admin.shared.tab.access' },
  { suffix: '/adjust', label: 'admin.shared.tab.adjust' },
  { suffix: '/transactions', label: 'admin.shared.tab.transactions' },
];

/** A page of one shared account: the frame, the way back, the account's name and its tabs. */
export function SharedAccountPage(props: {
  frame: AdminFrame;
  account: SharedAccountView;
  tab: SharedAccountTab;
  title: string;
  notice?: string;
  children: ComponentChildren;
}) {
  const t = useAdminTranslator();
  const { account } = props;
  return (
    <AdminPage frame={props.frame} title={props.title} section="accounts">
      <BackLink href="/admin/accounts" label={t.t('admin.shared.back')} />
      <h1>{t.t('admin.shared.account.title', { name: account.name })}</h1>
      <nav aria-label={t.t('admin.shared.account.tabs')}>
        <ul class="tabs">
          {TABS.map(({ suffix, label }) => (
            <li>
              <a
                href={sharedAccountHref(account, suffix)}
                aria-current={suffix === props.tab ? 'page' : undefined}
              >
                {t.t(label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      {props.children}
    </AdminPage>
  );
}

/**
 * The balance, restriction and counts of an account, as on a user's Account tab; with
 * `csrfToken` (the Details tab), "Enable now" while a timed disable lasts.
 */
export function SharedAccountSummary({
  account,
  csrfToken,
}: {
  account: SharedAccountView;
  csrfToken?: string;
}) {
  const t = useAdminTranslator();
  const f = useFormats();
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
        <dt>{t.t('admin.account.jobsPages')}</dt>
        <dd>{t.t('admin.account.jobsPagesValue', { jobs: account.jobCount, pages: account.pageCount })}</dd>
        {account.disabledUntil && (
          <>
            <dt>{t.t('admin.shared.account.disabledUntil')}</dt>
            <dd>
              <When at={account.disabledUntil} />
            </dd>
          </>
        )}
      </dl>
      {account.disabledUntil && csrfToken !== undefined && (
        <EnableNowForm action={sharedAccountHref(account, '/enable')} csrfToken={csrfToken} />
      )}
    </section>
  );
}

/** The form's values as typed, or as stored: amounts as decimal text. */
export interface SharedAccountValues {
  name: string;
  parent: string;
  pin: string;
  notes: string;
  restricted: boolean;
  overdraft: string;
  enabled: boolean;
}

export const NEW_ACCOUNT_VALUES: SharedAccountValues = {
  name: '',
  parent: '',
  pin: '',
  notes: '',
  restricted: false,
  overdraft: '0',
  enabled: true,
};

export function sharedAccountValues(account: SharedAccountView): SharedAccountValues {
  return {
    name: account.ownName,
    parent: account.parent ?? '',
    pin: account.pin,
    notes: account.notes,
    restricted: account.restricted,
    overdraft: amountToDecimal(account.overdraft),
    enabled: account.enabled,
  };
}

/** The fields of the Create and the Details forms; `withEnabled` adds the Enabled box (Details). */
export function SharedAccountForm(props: {
  action: string;
  csrfToken: string;
  values: SharedAccountValues;
  errors?: FieldErrors;
  submit: string;
  withEnabled?: boolean;
}) {
  const t = useAdminTranslator();
  const { values, errors } = props;
  const labels = {
    name: t.t('admin.shared.field.name'),
    parent: t.t('admin.shared.field.parent'),
    pin: t.t('admin.shared.field.pin'),
    notes: t.t('admin.shared.field.notes'),
    overdraft: t.t('admin.shared.field.overdraft'),
  };
  return (
    <>
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.csrfToken} />
        <div class="grid-2">
          <Field
            name="name"
            label={labels.name}
            value={values.name}
            errors={errors}
            hint={t.t('admin.shared.field.nameHint')}
            autocomplete="off"
            maxLength={200}
          />
          <Field
            name="parent"
            label={labels.parent}
            value={values.parent}
            errors={errors}
            hint={t.t('admin.shared.field.parentHint')}
            autocomplete="off"
          />
          <Field
            name="pin"
            label={labels.pin}
            value={values.pin}
            errors={errors}
            hint={t.t('admin.shared.field.pinHint')}
            autocomplete="off"
          />
          <Field
            name="overdraft"
            label={labels.overdraft}
            value={values.overdraft}
            errors={errors}
            hint={t.t('admin.shared.field.overdraftHint')}
            autocomplete="off"
          />
        </div>
        <TextArea name="notes" label={labels.notes} value={values.notes} errors={errors} />
        <Checkbox
          name="restricted"
          label={t.t('admin.shared.field.restricted')}
          checked={values.restricted}
        />
        {props.withEnabled && (
          <Checkbox name="enabled" label={t.t('admin.shared.field.enabled')} checked={values.enabled} />
        )}
        <button type="submit">{props.submit}</button>
      </form>
    </>
  );
}

export function SharedAccountDetailsPage(props: {
  frame: AdminFrame;
  account: SharedAccountView;
  values: SharedAccountValues;
  errors?: FieldErrors;
  notice?: string;
}) {
  const t = useAdminTranslator();
  const { account, frame } = props;
  return (
    <SharedAccountPage
      frame={frame}
      account={account}
      tab=""
      title={t.t('admin.shared.account.title', { name: account.name })}
      notice={props.notice}
    >
      <SharedAccountSummary account={account} csrfToken={frame.csrfToken} />
      <section class="card" aria-labelledby="details-title">
        <h2 id="details-title">{t.t('admin.shared.details.title')}</h2>
        <SharedAccountForm
          action={sharedAccountHref(account)}
          csrfToken={frame.csrfToken}
          values={props.values}
          errors={props.errors}
          submit={t.t('admin.shared.details.submit')}
          withEnabled
        />
      </section>
      <section class="card" aria-labelledby="delete-title">
        <h2 id="delete-title">{t.t('admin.shared.delete.section')}</h2>
        <p>
          <a href={sharedAccountHref(account, '/delete')}>
            {t.t('admin.shared.delete.link', { name: account.name })}
          </a>
        </p>
      </section>
    </SharedAccountPage>
  );
}

/** The confirmation before a shared account is deleted; `problem` says why a delete was refused. */
export function DeleteSharedAccountPage(props: {
  frame: AdminFrame;
  account: SharedAccountView;
  problem?: string;
}) {
  const t = useAdminTranslator();
  const f = useFormats();
  const { account, frame } = props;
  const name = account.name;
  return (
    <AdminPage frame={frame} title={t.t('admin.shared.delete.title', { name })} section="accounts">
      <p>
        <a href={sharedAccountHref(account)}>{t.t('admin.shared.account.title', { name })}</a>
      </p>
      <h1>{t.t('admin.shared.delete.title', { name })}</h1>
      {props.problem && <Notice kind="error">{props.problem}</Notice>}
      <section class="card">
        <p>{t.t('admin.shared.delete.warning', { name, balance: f.money(account.balance) })}</p>
        <form method="post" action={sharedAccountHref(account, '/delete')} class="actions">
          <CsrfField token={frame.csrfToken} />
          <button type="submit" class="button-danger">
            {t.t('admin.shared.delete.confirm', { name })}
          </button>
          <a href={sharedAccountHref(account)}>{t.t('admin.shared.delete.cancel', { name })}</a>
        </form>
      </section>
    </AdminPage>
  );
}
