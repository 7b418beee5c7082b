/**
 * Admin Console → Groups → a group: where it comes from, whether its members may use the Admin
 * Console, its quota and new-user settings (each its own form), "Adjust balances of all members",
 * and the members in username order, paged by the last username shown (`?after=<username>`).
 *
 *   <GroupPage frame={frame} group={group} adminAccess={false} settings={settings} members={users} membersHasMore={false} />
 */
import type { GroupSettings } from '../../accounts/group-settings.repository.js';
import { amountToDecimal } from '../../accounts/money.js';
import type { QuotaPeriod } from '../../db/accounting.schema.js';
import type { AdminMessageKey } from '../../i18n/admin-translator.js';
import type { PresentedUser } from '../../users/user.presenter.js';
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
import { AdjustBalanceSection } from './account-ledger.pages.js';
import { AdminPage, userHref, type AdminFrame, BackLink } from './admin.pages.js';
import { groupHref, QuotaText, type ListedGroup } from './groups.pages.js';

export const MEMBERS_PER_PAGE = 50;

/** Each quota period the form offers, in order, with its words. */
export const PERIOD_LABELS: ReadonlyMap<QuotaPeriod, AdminMessageKey> = new Map([
  ['none', 'admin.groups.period.none'],
  ['daily', 'admin.groups.period.daily'],
  ['weekly', 'admin.groups.period.weekly'],
  ['monthly', 'admin.groups.period.monthly'],
  ['cron', 'admin.groups.period.cron'],
]);

/** The quota form as typed (decimal text; an empty cap is no cap). */
export interface QuotaValues {
  quota_amount: string;
  quota_period: string;
  quota_cron: string;
  quota_cap: string;
}

export interface InitialValues {
  new_user_settings: boolean;
  initial_credit: string;
  initial_restricted: boolean;
  initial_overdraft: string;
}

export interface AdjustMembersValues {
  amount: string;
  comment: string;
}

/** A refused form: what was typed and each field's problem. */
interface Refused<Values> {
  values: Values;
  errors: FieldErrors;
}

export interface GroupPageProps {
  frame: AdminFrame;
  group: Omit<ListedGroup, 'settings'>;
  /** Members of the group may use the Admin Console. */
  adminAccess: boolean;
  /** Why a change of the admin access was refused. */
  adminAccessProblem?: string;
  settings: GroupSettings;
  members: PresentedUser[];
  /** The username this page of members starts after, when it is not the first. */
  membersAfter?: string;
  membersHasMore: boolean;
  notice?: string;
  quota?: Refused<QuotaValues>;
  initial?: Refused<InitialValues>;
  adjust?: Refused<AdjustMembersValues>;
}

export function quotaValues(settings: GroupSettings): QuotaValues {
  return {
    quota_amount: amountToDecimal(settings.quota_amount),
    quota_period: settings.quota_period,
    quota_cron: settings.quota_cron,
    quota_cap: settings.quota_cap === null ? '' : amountToDecimal(settings.quota_cap),
  };
}

export function initialValues(settings: GroupSettings): InitialValues {
  return {
    new_user_settings: settings.new_user_settings === 1,
    initial_credit: amountToDecimal(settings.initial_credit),
    initial_restricted: settings.initial_restricted === 1,
    initial_overdraft: amountToDecimal(settings.initial_overdraft),
  };
}

export function GroupPage(props: GroupPageProps) {
  const t = useAdminTranslator();
  const { group, frame } = props;
  const title = t.t('admin.groups.group.title', { name: group.name });
  return (
    <AdminPage frame={frame} title={title} section="groups">
      <BackLink href="/admin/groups" label={t.t('admin.groups.back')} />
      <h1>{title}</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      <p>
        {group.source === null
          ? t.t('admin.groups.group.internalGroup')
          : t.t('admin.groups.group.synced', { source: group.source })}{' '}
        {t.t('admin.groups.group.memberCount', { count: group.members })}
      </p>
      <AdminAccessSection
        name={group.name}
        csrfToken={frame.csrfToken}
        granted={props.adminAccess}
        problem={props.adminAccessProblem}
      />
      <QuotaSection
        name={group.name}
        csrfToken={frame.csrfToken}
        settings={props.settings}
        values={props.quota?.values ?? quotaValues(props.settings)}
        errors={props.quota?.errors}
      />
      <InitialSection
        name={group.name}
        csrfToken={frame.csrfToken}
        values={props.initial?.values ?? initialValues(props.settings)}
        errors={props.initial?.errors}
      />
      <AdjustSection name={group.name} csrfToken={frame.csrfToken} refused={props.adjust} />
      <MembersSection
        name={group.name}
        members={props.members}
        after={props.membersAfter}
        hasMore={props.membersHasMore}
      />
    </AdminPage>
  );
}

/** PaperCut's Admin Rights for this group: whether its members may use the Admin Console, and one button to change it. */
function AdminAccessSection(props: { name: string; csrfToken: string; granted: boolean; problem?: string }) {
  const t = useAdminTranslator();
  return (
    <section class="card" aria-labelledby="admin-access-title">
      <h2 id="admin-access-title">{t.t('admin.groups.adminAccess.title')}</h2>
      {props.problem && <Notice kind="error">{props.problem}</Notice>}
      <p>{t.t(props.granted ? 'admin.groups.adminAccess.granted' : 'admin.groups.adminAccess.notGranted')}</p>
      <form method="post" action={groupHref(props.name, '/admin-access')}>
        <CsrfField token={props.csrfToken} />
        <input type="hidden" name="access" value={props.granted ? 'revoke' : 'grant'} />
        <button type="submit" class="button-secondary">
          {t.t(props.granted ? 'admin.groups.adminAccess.revoke' : 'admin.groups.adminAccess.grant')}
        </button>
      </form>
    </section>
  );
}

function QuotaSection(props: {
  name: string;
  csrfToken: string;
  settings: GroupSettings;
  values: QuotaValues;
  errors?: FieldErrors;
}) {
  const t = useAdminTranslator();
  const { values, errors } = props;
  const labels = {
    quota_amount: t.t('admin.groups.quota.amount'),
    quota_period: t.t('admin.groups.quota.period'),
    quota_cron: t.t('admin.groups.quota.cron'),
    quota_cap: t.t('admin.groups.quota.cap'),
  };
  return (
    <section class="card" aria-labelledby="quota-title">
      <h2 id="quota-title">{t.t('admin.groups.quota.title')}</h2>
      <p>
        <strong>
          <QuotaText settings={props.settings} />
        </strong>
      </p>
      <p>{t.t('admin.groups.quota.intro')}</p>
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action={groupHref(props.name, '/quota')} novalidate>
        <CsrfField token={props.csrfToken} />
        <div class="grid-2">
          <Field
            name="quota_amount"
            label={labels.quota_amount}
            value={values.quota_amount}
            errors={errors}
            hint={t.t('admin.groups.quota.amountHint')}
            autocomplete="off"
          />
          <SelectField
            name="quota_period"
            label={labels.quota_period}
            value={values.quota_period}
            options={[...PERIOD_LABELS].map(([value, label]) => ({ value, label: t.t(label) }))}
          />
          <Field
            name="quota_cron"
            label={labels.quota_cron}
            value={values.quota_cron}
            errors={errors}
            hint={t.t('admin.groups.quota.cronHint')}
            autocomplete="off"
          />
          <Field
            name="quota_cap"
            label={labels.quota_cap}
            value={values.quota_cap}
            errors={errors}
            hint={t.t('admin.groups.quota.capHint')}
            autocomplete="off"
          />
        </div>
        <button type="submit">{t.t('admin.groups.quota.save')}</button>
      </form>
    </section>
  );
}

function InitialSection(props: {
  name: string;
  csrfToken: string;
  values: InitialValues;
  errors?: FieldErrors;
}) {
  const t = useAdminTranslator();
  const { values, errors } = props;
  const labels = {
    initial_credit: t.t('admin.groups.initial.credit'),
    initial_overdraft: t.t('admin.groups.initial.overdraft'),
  };
  return (
    <section class="card" aria-labelledby="initial-title">
      <h2 id="initial-title">{t.t('admin.groups.initial.title')}</h2>
      <p>{t.t('admin.groups.initial.intro')}</p>
      <ErrorSummary errors={errors} labels={labels} />
      <form method="post" action={groupHref(props.name, '/initial-settings')} novalidate>
        <CsrfField token={props.csrfToken} />
        <Checkbox
          name="new_user_settings"
          label={t.t('admin.groups.initial.use')}
          checked={values.new_user_settings}
        />
        <Field
          name="initial_credit"
          label={labels.initial_credit}
          value={values.initial_credit}
          errors={errors}
          hint={t.t('admin.groups.initial.creditHint')}
          autocomplete="off"
        />
        <Checkbox
          name="initial_restricted"
          label={t.t('admin.groups.initial.restricted')}
          checked={values.initial_restricted}
        />
        <Field
          name="initial_overdraft"
          label={labels.initial_overdraft}
          value={values.initial_overdraft}
          errors={errors}
          hint={t.t('admin.groups.initial.overdraftHint')}
          autocomplete="off"
        />
        <button type="submit">{t.t('admin.groups.initial.save')}</button>
      </form>
    </section>
  );
}

function AdjustSection(props: { name: string; csrfToken: string; refused?: Refused<AdjustMembersValues> }) {
  const t = useAdminTranslator();
  return (
    <AdjustBalanceSection
      action={groupHref(props.name, '/adjust')}
      csrfToken={props.csrfToken}
      refused={props.refused}
      words={{
        title: t.t('admin.groups.adjust.title'),
        intro: t.t('admin.groups.adjust.intro'),
        commentHint: t.t('admin.groups.adjust.commentHint'),
        submit: t.t('admin.groups.adjust.submit'),
      }}
    />
  );
}

function MembersSection(props: { name: string; members: PresentedUser[]; after?: string; hasMore: boolean }) {
  const t = useAdminTranslator();
  const last = props.members[props.members.length - 1];
  return (
    <section class="card" aria-labelledby="members-title">
      <h2 id="members-title">{t.t('admin.groups.members.title')}</h2>
      <DataTable
        caption={t.t('admin.groups.members.caption', { name: props.name })}
        captionHidden
        columns={[
          {
            header: t.t('admin.groups.members.username'),
            rowHeader: true,
            cell: (user: PresentedUser) => <a href={userHref(user.username)}>{user.username}</a>,
          },
          { header: t.t('admin.groups.members.fullName'), cell: (user) => user.fullName },
          { header: t.t('admin.groups.members.email'), cell: (user) => user.email },
        ]}
        rows={props.members}
        empty={t.t('admin.groups.members.empty')}
      />
      {(props.after !== undefined || props.hasMore) && (
        <nav class="pager" aria-label={t.t('admin.groups.members.pages')}>
          {props.after !== undefined && (
            <a href={`${groupHref(props.name)}#members-title`}>{t.t('admin.groups.members.first')}</a>
          )}
          {props.hasMore && last && (
            <a href={`${groupHref(props.name, `?after=${encodeURIComponent(last.username)}`)}#members-title`}>
              {t.t('admin.groups.members.next')}
            </a>
          )}
        </nav>
      )}
    </section>
  );
}
