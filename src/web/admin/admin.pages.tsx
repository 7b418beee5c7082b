/**
 * The Admin Console's frame (navigation, signed-in user, Log out) and the small pieces its pages
 * share: success notices and link builders.
 *
 *   <AdminPage frame={frame} title="Users" section="users">…</AdminPage>
 */
import type { ComponentChildren } from 'preact';
import { adminEnglish, type AdminMessageKey } from '../../i18n/admin-translator.js';
import { Layout, type NavLink } from '../components/layout.js';
import { useAdminTranslator } from '../components/translation.js';
import { field } from '../render.js';

export type AdminSection =
  | 'dashboard'
  | 'users'
  | 'accounts'
  | 'groups'
  | 'printers'
  | 'logs'
  | 'sources'
  | 'options'
  | 'audit'
  | 'operations';

/** What every admin page needs from the request; built by the routes after `requireAdmin`. */
export interface AdminFrame {
  organization: string;
  csrfToken: string;
  /** The signed-in administrator's username. */
  adminName: string;
}

const NAV: { section: AdminSection | null; href: string; label: AdminMessageKey }[] = [
  { section: 'dashboard', href: '/admin/dashboard', label: 'admin.nav.dashboard' },
  { section: 'users', href: '/admin/users', label: 'admin.nav.users' },
  { section: 'accounts', href: '/admin/accounts', label: 'admin.nav.accounts' },
  { section: 'groups', href: '/admin/groups', label: 'admin.nav.groups' },
  { section: 'printers', href: '/admin/printers', label: 'admin.nav.printers' },
  { section: 'logs', href: '/admin/jobs', label: 'admin.nav.logs' },
  { section: 'sources', href: '/admin/sources', label: 'admin.nav.sources' },
  { section: 'options', href: '/admin/options', label: 'admin.nav.options' },
  { section: 'audit', href: '/admin/audit', label: 'admin.nav.audit' },
  { section: 'operations', href: '/admin/operations', label: 'admin.nav.operations' },
  { section: null, href: '/user', label: 'admin.nav.userWeb' },
];

/** A section's own pages, shown as tabs at the top of each of them (Options → General, Email). */
const SECTION_TABS: Partial<Record<AdminSection, { href: string; label: AdminMessageKey }[]>> = {
  logs: [
    { href: '/admin/jobs', label: 'admin.tab.logs.jobs' },
    { href: '/admin/transactions', label: 'admin.tab.logs.transactions' },
  ],
  options: [
    { href: '/admin/options', label: 'admin.tab.options.general' },
    { href: '/admin/options/email', label: 'admin.tab.options.email' },
    { href: '/admin/options/web-services', label: 'admin.tab.options.webServices' },
    { href: '/admin/options/single-sign-on', label: 'admin.tab.options.singleSignOn' },
  ],
};

/** `tab` is the href of the section tab this page is; the section's first tab by default. */
export function AdminPage(props: {
  frame: AdminFrame;
  title: string;
  section: AdminSection;
  tab?: string;
  refreshSeconds?: number;
  children: ComponentChildren;
}) {
  const t = useAdminTranslator();
  const nav: NavLink[] = NAV.map((link) => ({
    href: link.href,
    label: t.t(link.label),
    current: link.section === props.section,
  }));
  const tabs = SECTION_TABS[props.section];
  const currentTab = props.tab ?? tabs?.[0]?.href;
  const sectionLabel = NAV.find((link) => link.section === props.section)?.label;
  return (
    <Layout
      title={props.title}
      organization={props.frame.organization}
      area="admin"
      nav={nav}
      signedInAs={props.frame.adminName}
      csrfToken={props.frame.csrfToken}
      refreshSeconds={props.refreshSeconds}
    >
      {tabs && (
        <nav aria-label={t.t('admin.nav.sectionPages', { section: sectionLabel ? t.t(sectionLabel) : '' })}>
          <ul class="tabs">
            {tabs.map((tab) => (
              <li>
                <a href={tab.href} aria-current={tab.href === currentTab ? 'page' : undefined}>
                  {t.t(tab.label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {props.children}
    </Layout>
  );
}

/**
 * The way back to the page above, in one place on every page that has one: first in the content,
 * above the heading. The arrow is decoration; the words say where the link goes.
 *
 *   <BackLink href="/admin/users" label={t.t('admin.users.back')} />
 */
export function BackLink(props: { href: string; label: string }) {
  return (
    <p class="back-link">
      <a href={props.href}>
        <span aria-hidden="true">← </span>
        {props.label}
      </a>
    </p>
  );
}

/** The address of a user's page; usernames may hold spaces, `#`, `?` or any script. */
export function userHref(username: string, suffix = ''): string {
  return `/admin/users/${encodeURIComponent(username)}${suffix}`;
}

/**
 * Success notices after a redirect, keyed by the `done` query parameter. Only these fixed texts
 * are shown, so a crafted link cannot put words on an admin page. `name` is the user the page
 * is about, read from the database, never from the query.
 */
const DONE = new Map<string, AdminMessageKey>([
  ['created', 'admin.done.created'],
  ['saved', 'admin.done.saved'],
  ['password', 'admin.done.password'],
  ['disabled', 'admin.done.disabled'],
  ['enabled', 'admin.done.enabled'],
  ['admin-granted', 'admin.done.adminGranted'],
  ['admin-revoked', 'admin.done.adminRevoked'],
  ['deleted', 'admin.done.deleted'],
  ['sessions-ended', 'admin.done.sessionsEnded'],
  ['lock-cleared', 'admin.done.lockCleared'],
  ['expiry-saved', 'admin.done.expirySaved'],
  ['reset-sent', 'admin.done.resetSent'],
  ['created-link-sent', 'admin.done.createdLinkSent'],
  ['two-factor-reset', 'admin.twoFactor.done'],
  ['options', 'admin.done.options'],
  ['converted', 'admin.done.converted'],
  ['adjusted', 'admin.done.adjusted'],
  ['account-saved', 'admin.done.accountSaved'],
  ['printing-enabled', 'admin.done.printingEnabled'],
  ['printer-saved', 'admin.done.printerSaved'],
  ['printer-deleted', 'admin.done.printerDeleted'],
  ['printer-access', 'admin.done.printerAccess'],
  ['job-released', 'admin.done.jobReleased'],
  ['job-cancelled', 'admin.done.jobCancelled'],
  ['job-denied', 'admin.done.jobDenied'],
  ['job-gone', 'admin.done.jobGone'],
]);

/**
 * Called by routes, outside a page render: the Admin Console is English, so no hook is needed.
 * An area with notices of its own passes its own Map of them.
 */
export function doneNotice(
  query: unknown,
  name = '',
  notices: ReadonlyMap<string, AdminMessageKey> = DONE,
): string | undefined {
  const key = notices.get(field(query, 'done'));
  return key && adminEnglish.t(key, { name });
}

/** A page number or row id from a URL: 1 to 999,999,999, or null for anything else. */
export function positiveInt(raw: string): number | null {
  return /^[1-9][0-9]{0,8}$/.test(raw) ? Number(raw) : null;
}
