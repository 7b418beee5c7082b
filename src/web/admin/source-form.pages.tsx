/**
 * The page around every source kind's Add and Edit form: title, back link, "Test settings" results,
 * the error summary, the kind's own fields (from its folder) and the Save / Test settings buttons.
 *
 *   <SourceFormPage frame={frame} kind={kind} title="Add Google Workspace source" action="/admin/sources/new-google" values={values} />
 */
import type { SourceForm, SourceFormValues, SourceInput } from '../../directory/kind.js';
import { DataTable, type Column } from '../components/data-table.js';
import { CsrfField, ErrorSummary, Notice, type FieldErrors } from '../components/forms.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import { useAdminTranslator } from '../components/translation.js';
import { AdminPage, type AdminFrame, BackLink } from './admin.pages.js';

export function SourceFormPage<Values extends SourceFormValues, Presented>(props: {
  frame: AdminFrame;
  form: SourceForm<SourceInput, Presented, Values>;
  title: string;
  action: string;
  values: Values;
  stored?: Presented;
  secretNotResent: boolean;
  errors?: FieldErrors;
  test?: SourceTestResult;
}) {
  const t = useAdminTranslator();
  const { form, frame } = props;
  return (
    <AdminPage frame={frame} title={props.title} section="sources">
      <BackLink href="/admin/sources" label={t.t('admin.sources.back')} />
      <h1>{props.title}</h1>
      {props.test && <TestResults result={props.test} {...form.testTexts} />}
      <ErrorSummary errors={props.errors} labels={form.labels} />
      <form method="post" action={props.action} novalidate>
        <CsrfField token={frame.csrfToken} />
        <form.Fields
          values={props.values}
          errors={props.errors}
          stored={props.stored}
          secretNotResent={props.secretNotResent}
          csrfToken={frame.csrfToken}
        />
        <SourceFormActions />
      </form>
    </AdminPage>
  );
}

export interface SourceTestResult {
  ok: boolean;
  /** Why the test failed (the directory's or the network's words). */
  message?: string;
  /** The first users and groups the directory returned (at most 10 of each). */
  users?: { username: string; fullName: string; email: string; disabled: boolean }[];
  groups?: { name: string; members: number }[];
}

const TEST_USER_COLUMNS: Column<NonNullable<SourceTestResult['users']>[number]>[] = [
  { header: adminEnglish.t('admin.sourceForm.test.username'), cell: (u) => u.username },
  { header: adminEnglish.t('admin.sourceForm.test.fullName'), cell: (u) => u.fullName },
  { header: adminEnglish.t('admin.sourceForm.test.email'), cell: (u) => u.email },
  {
    header: adminEnglish.t('admin.sourceForm.test.disabled'),
    cell: (u) => adminEnglish.t(u.disabled ? 'admin.sourceForm.test.yes' : 'admin.sourceForm.test.no'),
  },
];

/** "Test settings" results of a source form; the empty-list texts name what the form filters with. */
export function TestResults({
  result,
  noUsers = adminEnglish.t('admin.sourceForm.test.noUsers'),
  noGroups = adminEnglish.t('admin.sourceForm.test.noGroups'),
}: {
  result: SourceTestResult;
  noUsers?: string;
  noGroups?: string;
}) {
  const t = useAdminTranslator();
  if (!result.ok) {
    return (
      <section class="card" aria-labelledby="test-title">
        <h2 id="test-title">{t.t('admin.sourceForm.test.title')}</h2>
        <Notice kind="error">{t.t('admin.sourceForm.test.failed', { message: result.message ?? '' })}</Notice>
      </section>
    );
  }
  const users = result.users ?? [];
  const groups = result.groups ?? [];
  return (
    <section class="card" aria-labelledby="test-title">
      <h2 id="test-title">{t.t('admin.sourceForm.test.title')}</h2>
      <Notice kind="success">{t.t('admin.sourceForm.test.connected')}</Notice>
      <h3>{t.t('admin.sourceForm.test.users', { count: String(users.length) })}</h3>
      <DataTable
        caption={t.t('admin.sourceForm.test.users', { count: String(users.length) })}
        captionHidden
        columns={TEST_USER_COLUMNS}
        rows={users}
        empty={noUsers}
      />
      <h3>{t.t('admin.sourceForm.test.groups', { count: String(groups.length) })}</h3>
      {groups.length === 0 ? (
        <p>{noGroups}</p>
      ) : (
        <GroupsTable groups={groups} membersLabel={t.t('admin.sourceForm.test.directMembers')} />
      )}
    </section>
  );
}

/** Groups with their member counts: Test settings (direct members) and a run's samples (nested included). */
export function GroupsTable(props: {
  groups: { name: string; members: number }[];
  membersLabel: string;
  caption?: string;
}) {
  const columns: Column<{ name: string; members: number }>[] = [
    { header: adminEnglish.t('admin.sourceForm.test.group'), cell: (g) => g.name },
    { header: props.membersLabel, cell: (g) => g.members },
  ];
  // Without a caption of its own, a heading above names the table; screen readers get "Groups".
  return (
    <DataTable
      caption={props.caption ?? adminEnglish.t('admin.sourceForm.test.groupsCaption')}
      captionHidden={props.caption === undefined}
      columns={columns}
      rows={props.groups}
    />
  );
}

export function SourceFormActions() {
  const t = useAdminTranslator();
  return (
    <>
      <div class="actions">
        <button type="submit" name="action" value="save">
          {t.t('admin.sourceForm.save')}
        </button>
        <button type="submit" name="action" value="test" class="button-secondary">
          {t.t('admin.sourceForm.test')}
        </button>
        <a href="/admin/sources">{t.t('admin.cancel')}</a>
      </div>
      <p class="hint">{t.t('admin.sourceForm.testHint')}</p>
    </>
  );
}
