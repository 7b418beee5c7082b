/**
 * Admin Console → Accounts → a shared account's Access, Adjust balance and Transactions tabs.
 * Access lists the users and groups who may charge the account, each with a Remove button, and
 * the forms that add one by name.
 *
 *   <SharedAccountAccessPage frame={frame} account={view} access={{ users: ['alice'], groups: [] }} />
 */
import type { SharedAccountView } from '../../accounts/shared-account.presenter.js';
import type { AdminMessageKey } from '../../i18n/admin-translator.js';
import { DataTable } from '../components/data-table.js';
import { CsrfField, ErrorSummary, Field, type FieldErrors } from '../components/forms.js';
import { useAdminTranslator } from '../components/translation.js';
import {
  AdjustBalanceSection,
  TransactionsSection,
  type AdjustValues,
  type LedgerPage,
} from './account-ledger.pages.js';
import type { AdminFrame } from './admin.pages.js';
import { SharedAccountPage, SharedAccountSummary, sharedAccountHref } from './shared-account.pages.js';

export type AccessKind = 'users' | 'groups';

/** What each kind of access shows: its list's words and its Add form's field. */
const ACCESS: Record<
  AccessKind,
  {
    field: string;
    title: AdminMessageKey;
    column: AdminMessageKey;
    none: AdminMessageKey;
    add: AdminMessageKey;
    label: AdminMessageKey;
    submit: AdminMessageKey;
  }
> = {
  users: {
    field: 'user',
    title: 'admin.shared.access.users',
    column: 'admin.shared.access.user',
    none: 'admin.shared.access.noUsers',
    add: 'admin.shared.access.addUser',
    label: 'admin.shared.access.username',
    submit: 'admin.shared.access.addUserSubmit',
  },
  groups: {
    field: 'group',
    title: 'admin.shared.access.groups',
    column: 'admin.shared.access.group',
    none: 'admin.shared.access.noGroups',
    add: 'admin.shared.access.addGroup',
    label: 'admin.shared.access.groupName',
    submit: 'admin.shared.access.addGroupSubmit',
  },
};

/** The form field that names a user or a group in the Access tab's forms. */
export const accessField = (kind: AccessKind): string => ACCESS[kind].field;

export function SharedAccountAccessPage(props: {
  frame: AdminFrame;
  account: SharedAccountView;
  access: Record<AccessKind, string[]>;
  notice?: string;
  /** After a refused Add: which form, what was typed, and why. */
  refused?: { kind: AccessKind; value: string; errors: FieldErrors };
}) {
  const t = useAdminTranslator();
  const { account } = props;
  return (
    <SharedAccountPage
      frame={props.frame}
      account={account}
      tab="/access"
      title={t.t('admin.shared.access.title', { name: account.name })}
      notice={props.notice}
    >
      <p>{t.t('admin.shared.access.intro')}</p>
      {(['users', 'groups'] as const).map((kind) => (
        <AccessSection
          kind={kind}
          account={account}
          names={props.access[kind]}
          csrfToken={props.frame.csrfToken}
          refused={props.refused?.kind === kind ? props.refused : undefined}
        />
      ))}
    </SharedAccountPage>
  );
}

function AccessSection(props: {
  kind: AccessKind;
  account: SharedAccountView;
  names: string[];
  csrfToken: string;
  refused?: { value: string; errors: FieldErrors };
}) {
  const t = useAdminTranslator();
  const { kind, account, csrfToken } = props;
  const words = ACCESS[kind];
  const action = sharedAccountHref(account, `/access/${kind}`);
  const errors = props.refused?.errors;
  return (
    <section class="card" aria-labelledby={`${kind}-title`}>
      <h2 id={`${kind}-title`}>{t.t(words.title)}</h2>
      <DataTable
        caption={t.t(words.title)}
        captionHidden
        columns={[
          { header: t.t(words.column), rowHeader: true, cell: (name: string) => name },
          {
            header: t.t('admin.shared.access.action'),
            cell: (name) => (
              <form method="post" action={`${action}/remove`}>
                <CsrfField token={csrfToken} />
                <input type="hidden" name={words.field} value={name} />
                <button type="submit">{t.t('admin.shared.access.remove', { name })}</button>
              </form>
            ),
          },
        ]}
        rows={props.names}
        empty={t.t(words.none)}
      />
      <h3>{t.t(words.add)}</h3>
      <ErrorSummary errors={errors} labels={{ [words.field]: t.t(words.label) }} />
      <form method="post" action={action} novalidate>
        <CsrfField token={csrfToken} />
        <Field
          name={words.field}
          label={t.t(words.label)}
          value={props.refused?.value}
          errors={errors}
          autocomplete="off"
        />
        <button type="submit">{t.t(words.submit)}</button>
      </form>
    </section>
  );
}

export function SharedAccountAdjustPage(props: {
  frame: AdminFrame;
  account: SharedAccountView;
  notice?: string;
  refused?: { values: AdjustValues; errors: FieldErrors };
}) {
  const t = useAdminTranslator();
  const { account, frame } = props;
  return (
    <SharedAccountPage
      frame={frame}
      account={account}
      tab="/adjust"
      title={t.t('admin.shared.adjust.title', { name: account.name })}
      notice={props.notice}
    >
      <SharedAccountSummary account={account} />
      <AdjustBalanceSection
        action={sharedAccountHref(account, '/adjust')}
        csrfToken={frame.csrfToken}
        refused={props.refused}
      />
    </SharedAccountPage>
  );
}

export function SharedAccountTransactionsPage(
  props: LedgerPage & { frame: AdminFrame; account: SharedAccountView },
) {
  const t = useAdminTranslator();
  const { account } = props;
  return (
    <SharedAccountPage
      frame={props.frame}
      account={account}
      tab="/transactions"
      title={t.t('admin.shared.transactions.title', { name: account.name })}
    >
      <TransactionsSection
        name={account.name}
        transactions={props.transactions}
        before={props.before}
        hasMore={props.hasMore}
        href={(before) =>
          sharedAccountHref(
            account,
            before === undefined ? '/transactions' : `/transactions?before=${before}`,
          )
        }
      />
    </SharedAccountPage>
  );
}
