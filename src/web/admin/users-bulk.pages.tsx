/**
 * Admin Console → Users: bulk actions on the users ticked in the list (a checkbox a row, or all
 * on the page), the Delete confirmation and the result with what was refused and why. Plain
 * forms: no JavaScript is needed.
 */
import type { ComponentChildren } from 'preact';
import type { AdminMessageKey } from '../../i18n/admin-translator.js';
import type { PresentedUser } from '../../users/user.presenter.js';
import type { Column } from '../components/data-table.js';
import { DataTable } from '../components/data-table.js';
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
import { AdminPage, userHref, type AdminFrame } from './admin.pages.js';
import { listParams, usersListHref, type UserListQuery } from './users-list-query.js';

/** The actions' names (the form's values) and words, in the list's order; the route's Map runs them. */
export const BULK_ACTION_WORDS: ReadonlyMap<string, { label: AdminMessageKey; done: AdminMessageKey }> =
  new Map([
    ['disable', { label: 'admin.users.bulk.disable', done: 'admin.users.bulk.done.disable' }],
    ['enable', { label: 'admin.users.bulk.enable', done: 'admin.users.bulk.done.enable' }],
    [
      'force-password',
      { label: 'admin.users.bulk.forcePassword', done: 'admin.users.bulk.done.force-password' },
    ],
    ['add-to-group', { label: 'admin.users.bulk.addToGroup', done: 'admin.users.bulk.done.add-to-group' }],
    ['delete', { label: 'admin.users.bulk.delete', done: 'admin.users.bulk.done.delete' }],
  ]);

/** The bulk form as sent back after a refusal: what was chosen and ticked, and the errors. */
export interface BulkFormState {
  action: string;
  group: string;
  selected: string[];
  errors: FieldErrors;
}

/** The first column: a checkbox named `user` for each row. */
export function selectColumn(selected: ReadonlySet<string>): Column<PresentedUser> {
  return {
    header: <SelectHeader />,
    cell: (user) => <SelectBox user={user} checked={selected.has(user.username)} />,
  };
}

function SelectHeader() {
  return <>{useAdminTranslator().t('admin.users.bulk.select')}</>;
}

function SelectBox({ user, checked }: { user: PresentedUser; checked: boolean }) {
  const t = useAdminTranslator();
  const id = `select-${user.id}`;
  return (
    <>
      <input type="checkbox" id={id} name="user" value={user.username} checked={checked} />
      <label for={id} class="visually-hidden">
        {t.t('admin.users.bulk.selectUser', { name: user.username })}
      </label>
    </>
  );
}

/**
 * The form around the list's table: the action, the group for Add to group, All users on this
 * page (the page's usernames ride along as `shown`), and the list's query (`list`) to come back to.
 */
export function BulkForm(props: {
  frame: AdminFrame;
  query: UserListQuery;
  users: PresentedUser[];
  state?: BulkFormState;
  children: ComponentChildren;
}) {
  const t = useAdminTranslator();
  const state = props.state;
  const labels = {
    action: t.t('admin.users.bulk.action'),
    group: t.t('admin.users.bulk.group'),
    scope: t.t('admin.users.bulk.allOnPage'),
  };
  if (props.users.length === 0) return <>{props.children}</>;
  return (
    <form method="post" action="/admin/users/bulk" aria-labelledby="bulk-title">
      <CsrfField token={props.frame.csrfToken} />
      <input type="hidden" name="list" value={listParams(props.query).toString()} />
      {props.users.map((user) => (
        <input type="hidden" name="shown" value={user.username} />
      ))}
      <fieldset class="toolbar bulk-actions">
        <legend id="bulk-title">{t.t('admin.users.bulk.title')}</legend>
        <ErrorSummary errors={state?.errors} labels={labels} />
        <Checkbox name="scope" label={labels.scope} errors={state?.errors} />
        <SelectField
          name="action"
          label={labels.action}
          value={state?.action ?? ''}
          options={[
            { value: '', label: t.t('admin.users.bulk.choose') },
            ...[...BULK_ACTION_WORDS].map(([value, words]) => ({ value, label: t.t(words.label) })),
          ]}
        />
        <Field
          name="group"
          label={labels.group}
          value={state?.group}
          errors={state?.errors}
          hint={t.t('admin.users.bulk.groupHint')}
          maxLength={200}
        />
        <button type="submit">{t.t('admin.users.bulk.apply')}</button>
      </fieldset>
      {props.children}
    </form>
  );
}

/** Delete: who will be deleted, then one POST with their names. */
export function DeleteUsersPage(props: { frame: AdminFrame; users: PresentedUser[]; list: UserListQuery }) {
  const t = useAdminTranslator();
  const count = props.users.length;
  const columns: Column<PresentedUser>[] = [
    {
      header: t.t('admin.users.column.username'),
      rowHeader: true,
      cell: (user) => <a href={userHref(user.username)}>{user.username}</a>,
    },
    { header: t.t('admin.users.column.fullName'), cell: (user) => user.fullName },
    {
      header: t.t('admin.users.column.source'),
      cell: (user) => (user.internal ? t.t('admin.users.internalSource') : user.source),
    },
  ];
  return (
    <AdminPage frame={props.frame} title={t.t('admin.users.bulk.deleteTitle', { count })} section="users">
      <h1>{t.t('admin.users.bulk.deleteTitle', { count })}</h1>
      <section class="card">
        <p>{t.t('admin.users.bulk.deleteWarning')}</p>
        <DataTable caption={t.t('admin.users.bulk.deleteCaption')} columns={columns} rows={props.users} />
        <form method="post" action="/admin/users/bulk-delete" class="actions">
          <CsrfField token={props.frame.csrfToken} />
          <input type="hidden" name="list" value={listParams(props.list).toString()} />
          {props.users.map((user) => (
            <input type="hidden" name="user" value={user.username} />
          ))}
          <button type="submit" class="button-danger">
            {t.t('admin.users.bulk.deleteConfirm', { count })}
          </button>
          <a href={usersListHref(props.list)}>{t.t('admin.users.bulk.cancel')}</a>
        </form>
      </section>
    </AdminPage>
  );
}

/** What a bulk action did: how many users it changed, and each refusal with its reason. */
export interface BulkOutcome {
  action: string;
  group: string;
  done: number;
  refused: { username: string; reason: string }[];
}

export function BulkResultPage(props: { frame: AdminFrame; outcome: BulkOutcome; list: UserListQuery }) {
  const t = useAdminTranslator();
  const { outcome } = props;
  const done = BULK_ACTION_WORDS.get(outcome.action)?.done;
  const columns: Column<BulkOutcome['refused'][number]>[] = [
    { header: t.t('admin.users.column.username'), rowHeader: true, cell: (row) => row.username },
    { header: t.t('admin.users.bulk.reason'), cell: (row) => row.reason },
  ];
  return (
    <AdminPage frame={props.frame} title={t.t('admin.users.bulk.resultTitle')} section="users">
      <h1>{t.t('admin.users.bulk.resultTitle')}</h1>
      <Notice kind={outcome.refused.length > 0 ? 'warning' : 'success'}>
        {done && t.t(done, { count: outcome.done, group: outcome.group })}
        {outcome.refused.length > 0 &&
          ` ${t.t('admin.users.bulk.refused', { count: outcome.refused.length })}`}
      </Notice>
      {outcome.refused.length > 0 && (
        <DataTable
          caption={t.t('admin.users.bulk.refusedCaption')}
          columns={columns}
          rows={outcome.refused}
        />
      )}
      <p>
        <a href={usersListHref(props.list)}>{t.t('admin.users.back')}</a>
      </p>
    </AdminPage>
  );
}
