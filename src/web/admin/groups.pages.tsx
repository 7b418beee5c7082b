/**
 * Admin Console → Groups: every group Quire knows (synchronized and internal, as the groups
 * service lists them) with its source, member count, quota and initial credit, filtered by a
 * part of the name and paged by the last name shown (`?after=<name>`).
 *
 *   <GroupsPage frame={frame} groups={rows} filter="staff" hasMore={false} />
 */
import type { GroupSettings } from '../../accounts/group-settings.repository.js';
import { DataTable } from '../components/data-table.js';
import { useFormats } from '../components/formats.js';
import { Field } from '../components/forms.js';
import { useAdminTranslator } from '../components/translation.js';
import { AdminPage, type AdminFrame } from './admin.pages.js';

export const GROUPS_PER_PAGE = 50;

/** A group as the Admin Console lists it; `source` is null for an internal group. */
export interface ListedGroup {
  name: string;
  source: string | null;
  members: number;
  settings: GroupSettings;
}

/** The address of a group's page; a group name may hold spaces, `/`, `\`, `#`, `?` or any script. */
export function groupHref(name: string, suffix = ''): string {
  return `/admin/groups/${encodeURIComponent(name)}${suffix}`;
}

/** The Groups list's address for a filter and the name a page starts after. */
export function groupsListHref(filter: string, after?: string): string {
  const params = new URLSearchParams();
  if (filter) params.set('q', filter);
  if (after !== undefined) params.set('after', after);
  const search = params.toString();
  return search ? `/admin/groups?${search}` : '/admin/groups';
}

/** "Internal" or the directory source a group is synchronized from. */
export function GroupSource({ source }: { source: string | null }) {
  const t = useAdminTranslator();
  return <>{source ?? t.t('admin.groups.internal')}</>;
}

/** A quota in words: "$5.00 a week, up to $20.00", or "None". */
export function QuotaText({ settings }: { settings: GroupSettings }) {
  const t = useAdminTranslator();
  const f = useFormats();
  if (settings.quota_period === 'none' || settings.quota_amount === 0)
    return <>{t.t('admin.groups.quota.none')}</>;
  const quota = t.t('admin.groups.quota.value', {
    amount: f.money(settings.quota_amount),
    period: settings.quota_period,
    cron: settings.quota_cron,
  });
  return (
    <>
      {settings.quota_cap === null
        ? quota
        : t.t('admin.groups.quota.capped', { quota, cap: f.money(settings.quota_cap) })}
    </>
  );
}

function InitialCredit({ settings }: { settings: GroupSettings }) {
  const t = useAdminTranslator();
  const f = useFormats();
  return (
    <>{settings.new_user_settings ? f.money(settings.initial_credit) : t.t('admin.groups.initial.off')}</>
  );
}

export function GroupsPage(props: {
  frame: AdminFrame;
  groups: ListedGroup[];
  /** The name filter as typed ('' for every group). */
  filter: string;
  /** The name this page starts after, when it is not the first. */
  after?: string;
  hasMore: boolean;
}) {
  const t = useAdminTranslator();
  const f = useFormats();
  const last = props.groups[props.groups.length - 1];
  return (
    <AdminPage frame={props.frame} title={t.t('admin.groups.title')} section="groups">
      <h1>{t.t('admin.groups.title')}</h1>
      <p>{t.t('admin.groups.intro')}</p>
      <form
        method="get"
        action="/admin/groups"
        class="toolbar"
        role="search"
        aria-label={t.t('admin.groups.filter')}
      >
        <Field
          name="q"
          label={t.t('admin.groups.filter.name')}
          type="search"
          value={props.filter}
          maxLength={200}
        />
        <button type="submit">{t.t('admin.groups.filter.apply')}</button>
      </form>
      <DataTable
        caption={t.t('admin.groups.caption')}
        captionHidden
        columns={[
          {
            header: t.t('admin.groups.column.name'),
            rowHeader: true,
            cell: (group: ListedGroup) => <a href={groupHref(group.name)}>{group.name}</a>,
          },
          {
            header: t.t('admin.groups.column.source'),
            cell: (group) => <GroupSource source={group.source} />,
          },
          { header: t.t('admin.groups.column.members'), cell: (group) => f.number(group.members) },
          {
            header: t.t('admin.groups.column.quota'),
            cell: (group) => <QuotaText settings={group.settings} />,
          },
          {
            header: t.t('admin.groups.column.initialCredit'),
            cell: (group) => <InitialCredit settings={group.settings} />,
          },
        ]}
        rows={props.groups}
        empty={t.t('admin.groups.empty')}
      />
      {(props.after !== undefined || props.hasMore) && (
        <nav class="pager" aria-label={t.t('admin.groups.pages')}>
          {props.after !== undefined && (
            <a href={groupsListHref(props.filter)}>{t.t('admin.groups.first')}</a>
          )}
          {props.hasMore && last && (
            <a href={groupsListHref(props.filter, last.name)}>{t.t('admin.groups.next')}</a>
          )}
        </nav>
      )}
    </AdminPage>
  );
}
