/**
 * The Admin Console's frame (navigation, signed-in user, Log out) and the small pieces its pages
 * share: a labelled select, success notices and link builders.
 *
 *   <AdminPage frame={frame} title="Users" section="users">…</AdminPage>
 */
import type { ComponentChildren } from 'preact';
import { Layout, type NavLink } from '../components/layout.js';
import { field } from '../render.js';

export type AdminSection = 'users' | 'sources' | 'options' | 'audit' | 'operations';

/** What every admin page needs from the request; built by the routes after `requireAdmin`. */
export interface AdminFrame {
  organization: string;
  csrfToken: string;
  /** The signed-in administrator's username. */
  adminName: string;
}

const NAV: { section: AdminSection | null; href: string; label: string }[] = [
  { section: 'users', href: '/admin/users', label: 'Users' },
  { section: 'sources', href: '/admin/sources', label: 'User/Group Sync' },
  { section: 'options', href: '/admin/options', label: 'Options' },
  { section: 'audit', href: '/admin/audit', label: 'Audit Log' },
  { section: 'operations', href: '/admin/operations', label: 'Operations' },
  { section: null, href: '/user', label: 'User Web Interface' },
];

/** A section's own pages, shown as tabs at the top of each of them (Options → General, Email). */
const SECTION_TABS: Partial<Record<AdminSection, { href: string; label: string }[]>> = {
  options: [
    { href: '/admin/options', label: 'General' },
    { href: '/admin/options/email', label: 'Email' },
    { href: '/admin/options/web-services', label: 'Web services' },
    { href: '/admin/options/single-sign-on', label: 'Single sign-on' },
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
  const nav: NavLink[] = NAV.map((link) => ({
    href: link.href,
    label: link.label,
    current: link.section === props.section,
  }));
  const tabs = SECTION_TABS[props.section];
  const currentTab = props.tab ?? tabs?.[0]?.href;
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
        <nav aria-label={`${NAV.find((link) => link.section === props.section)?.label} pages`}>
          <ul class="tabs">
            {tabs.map((tab) => (
              <li>
                <a href={tab.href} aria-current={tab.href === currentTab ? 'page' : undefined}>
                  {tab.label}
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

/** The address of a user's page; usernames may hold spaces, `#`, `?` or any script. */
export function userHref(username: string, suffix = ''): string {
  return `/admin/users/${encodeURIComponent(username)}${suffix}`;
}

export function SelectField(props: {
  name: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
}) {
  const id = `field-${props.name}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name}>
        {props.options.map((option) => (
          <option value={option.value} selected={option.value === props.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * Success notices after a redirect, keyed by the `done` query parameter. Only these fixed texts
 * are shown, so a crafted link cannot put words on an admin page. `name` is the user the page
 * is about, read from the database, never from the query.
 */
const DONE = new Map<string, (name: string) => string>([
  ['created', (name) => `The user ${name} was created.`],
  ['saved', () => 'The details were saved.'],
  ['password', (name) => `Password changed. All of ${name}'s sessions were ended.`],
  ['disabled', (name) => `${name} was disabled and signed out everywhere.`],
  ['enabled', (name) => `${name} was enabled.`],
  ['admin-granted', (name) => `${name} now has admin rights.`],
  ['admin-revoked', (name) => `${name} no longer has admin rights.`],
  ['deleted', () => 'The user was deleted.'],
  ['sessions-ended', (name) => `All of ${name}'s sessions were ended.`],
  ['lock-cleared', (name) => `The sign-in lock of ${name} was cleared; they can sign in again at once.`],
  ['options', () => 'The options were saved.'],
  [
    'converted',
    (name) =>
      `${name} is now a directory user: their password is managed by their directory source, and all of their sessions were ended.`,
  ],
]);

export function doneNotice(query: unknown, name = ''): string | undefined {
  return DONE.get(field(query, 'done'))?.(name);
}

/** A page number or row id from a URL: 1 to 999,999,999, or null for anything else. */
export function positiveInt(raw: string): number | null {
  return /^[1-9][0-9]{0,8}$/.test(raw) ? Number(raw) : null;
}
