/**
 * Admin Console pages of User/Group Sync: the directory sources with their latest runs, the LDAP /
 * Active Directory source form and its "Test settings" results, a source's sync options, removing
 * a source, a synchronization run (watched while it runs, a report when it ends) and converting an
 * internal user that a run reported as a conflict.
 *
 *   <SyncRunPage frame={frame} run={runView} />  // refreshes itself every 2 s while running
 */
import type { SyncCounts, SyncLineKind, SyncSamples } from '../../sync/sync.service.js';
import { LDAP_PRESETS, type LdapAttributeMap, type LdapPreset } from '../../directory/ldap/ldap.config.js';
import { Checkbox, CsrfField, ErrorSummary, Field, Notice, TextArea, type FieldErrors } from '../components/forms.js';
import { field } from '../render.js';
import { AdminPage, SelectField, type AdminFrame } from './admin.pages.js';

/** How often the page of a running synchronization reloads itself. */
export const RUN_REFRESH_SECONDS = 2;

export interface PageNotice {
  kind: 'success' | 'info' | 'warning' | 'error';
  text: string;
  link?: { href: string; label: string };
}

function PageNoticeView({ notice }: { notice?: PageNotice }) {
  if (!notice) return null;
  return (
    <Notice kind={notice.kind}>
      {notice.text}
      {notice.link && (
        <>
          {' '}
          <a href={notice.link.href}>{notice.link.label}</a>
        </>
      )}
    </Notice>
  );
}

/**
 * Success notices after a redirect, keyed by the `done` query parameter: fixed texts only, so a
 * crafted link cannot put words on an admin page.
 */
const DONE: Record<string, PageNotice> = {
  'source-added': { kind: 'success', text: 'The source was added. Use "Test settings" to check it before you synchronize.' },
  'source-saved': { kind: 'success', text: 'The source settings were saved.' },
  'options-saved': { kind: 'success', text: 'The sync options were saved.' },
  'source-removed': { kind: 'success', text: 'The source was removed.' },
  primary: { kind: 'success', text: 'The primary source was changed: it is synchronized first.' },
  'cancel-requested': { kind: 'info', text: 'Cancel requested: the run stops at its next step, before changing anything.' },
};

export function sourcesDoneNotice(query: unknown): PageNotice | undefined {
  const key = field(query, 'done');
  return Object.hasOwn(DONE, key) ? DONE[key] : undefined;
}

function StatusBadge({ status }: { status: string }) {
  return <span class={`badge status-${status}`}>{status}</span>;
}

function When({ at }: { at: string | null }) {
  return at ? <time datetime={at}>{at}</time> : <>—</>;
}

// ---------------------------------------------------------------------------------------------
// The list of sources

/** A run as the list pages show it. */
export interface RunSummary {
  id: number;
  sourceId: number;
  sourceName: string;
  startedAt: string;
  finishedAt: string | null;
  dryRun: boolean;
  status: string;
  message: string;
  phase: string;
  progress: number;
}

export interface SourceSummary {
  id: number;
  name: string;
  kind: string;
  kindLabel: string;
  /** "Primary source", "Secondary source", "Additional source". */
  role: string;
  isPrimary: boolean;
  /** The program path (custom) or the server URLs (LDAP). */
  connection: string;
  schedule: string;
  missingPolicy: string;
  users: number;
  lastRun?: RunSummary;
  running?: RunSummary;
}

const CUSTOM_LABELS = { name: 'Name', program: 'User program', authProgram: 'Authentication program' };

function runType(run: { dryRun: boolean }): string {
  return run.dryRun ? 'Test settings (nothing changed)' : 'Synchronize Now';
}

function RunningText({ run }: { run: RunSummary }) {
  return (
    <>
      Running: {run.phase || 'starting'}, {run.progress} directory entries read.
    </>
  );
}

export function SourcesPage(props: { frame: AdminFrame; sources: SourceSummary[]; runs: RunSummary[]; values?: Record<string, string>; errors?: FieldErrors; notice?: PageNotice }) {
  const { frame } = props;
  return (
    <AdminPage frame={frame} title="User/Group Sync" section="sources">
      <h1>User/Group Sync</h1>
      <PageNoticeView notice={props.notice} />
      <section class="card" aria-labelledby="sources-title">
        <h2 id="sources-title">Sources</h2>
        <p>
          Users and groups come from these sources, the primary source first. A user keeps the source that first provided them; a directory user signs in with the password
          that their directory holds.
        </p>
        {props.sources.length === 0 ? (
          <p>No directory source is set up yet: every user is an internal user.</p>
        ) : (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">Directory sources, primary first</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Role</th>
                  <th scope="col">Schedule</th>
                  <th scope="col">Users no longer listed</th>
                  <th scope="col">Last run</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {props.sources.map((source) => (
                  <SourceRowView source={source} csrfToken={frame.csrfToken} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p class="actions">
          <a class="button" href="/admin/sources/new-ldap">
            Add LDAP / Active Directory source
          </a>
          <a class="button" href="/admin/sources/new-entra">
            Add Microsoft Entra ID source
          </a>
          <a class="button" href="/admin/sources/new-google">
            Add Google Workspace source
          </a>
        </p>
      </section>

      <section class="card" aria-labelledby="add-source-title">
        <h2 id="add-source-title">Add a custom program source</h2>
        <p>A program that lists users (and optionally groups) with the PaperCut NG/MF custom user directory protocol, and an optional program that checks passwords.</p>
        <ErrorSummary errors={props.errors} labels={CUSTOM_LABELS} />
        <form method="post" action="/admin/sources" novalidate>
          <CsrfField token={frame.csrfToken} />
          <Field name="name" label={CUSTOM_LABELS.name} value={props.values?.name} errors={props.errors} required maxLength={100} hint='Such as "Corporate Directory"; shown on the pages of its users.' />
          <Field name="program" label={CUSTOM_LABELS.program} value={props.values?.program} errors={props.errors} required hint="Absolute path of an executable, e.g. /opt/quire/users.sh" />
          <Field name="authProgram" label={`${CUSTOM_LABELS.authProgram} (optional)`} value={props.values?.authProgram} errors={props.errors} hint="Absolute path; without one, this source's users cannot sign in." />
          <button type="submit">Add source</button>
        </form>
      </section>

      <section class="card" aria-labelledby="runs-title">
        <h2 id="runs-title">Recent synchronizations</h2>
        {props.runs.length === 0 ? (
          <p>None yet.</p>
        ) : (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">Recent synchronizations, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Source</th>
                  <th scope="col">Type</th>
                  <th scope="col">Status</th>
                  <th scope="col">Summary</th>
                  <th scope="col">Report</th>
                </tr>
              </thead>
              <tbody>
                {props.runs.map((run) => (
                  <tr>
                    <td>
                      <When at={run.startedAt} />
                    </td>
                    <td>{run.sourceName}</td>
                    <td>{runType(run)}</td>
                    <td>
                      <StatusBadge status={run.status} />
                    </td>
                    <td>{run.status === 'running' ? <RunningText run={run} /> : run.message}</td>
                    <td>
                      <a href={`/admin/sync-runs/${run.id}`}>Report {run.id}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </AdminPage>
  );
}

function SourceRowView({ source, csrfToken }: { source: SourceSummary; csrfToken: string }) {
  const of = <span class="visually-hidden"> of {source.name}</span>;
  return (
    <tr>
      <td>
        {source.name}
        <div class="cell-detail">{source.users === 1 ? '1 user' : `${source.users} users`}</div>
      </td>
      <td>
        {source.kindLabel}
        {source.connection && (
          <div class="cell-detail">
            <code>{source.connection}</code>
          </div>
        )}
      </td>
      <td>{source.role}</td>
      <td>{source.schedule ? <code class="nowrap">{source.schedule}</code> : 'On demand only'}</td>
      <td>{source.missingPolicy}</td>
      <td>
        {source.running ? (
          <>
            <StatusBadge status="running" />
            <div class="cell-detail">
              <RunningText run={source.running} />
            </div>
            <a href={`/admin/sync-runs/${source.running.id}`}>Watch run {source.running.id}</a>
          </>
        ) : source.lastRun ? (
          <>
            <StatusBadge status={source.lastRun.status} /> <When at={source.lastRun.startedAt} />
            <div class="cell-detail">
              <a href={`/admin/sync-runs/${source.lastRun.id}`}>Report {source.lastRun.id}</a>
              {source.lastRun.dryRun && ' (test run)'}
            </div>
          </>
        ) : (
          'Never synchronized'
        )}
      </td>
      <td>
        <div class="actions">
          {['ldap', 'entra', 'google'].includes(source.kind) && (
            <a href={`/admin/sources/${source.id}/edit`}>
              Edit settings<span class="visually-hidden"> of {source.name}</span>
            </a>
          )}
          <a href={`/admin/sources/${source.id}/options`}>Sync options{of}</a>
          <a href={`/admin/sources/${source.id}/remove`}>
            Remove<span class="visually-hidden"> {source.name}</span>
          </a>
        </div>
        <div class="actions">
          <form method="post" action={`/admin/sources/${source.id}/sync`}>
            <CsrfField token={csrfToken} />
            <input type="hidden" name="dryRun" value="on" />
            <button type="submit" class="button-secondary">
              Test settings{of}
            </button>
          </form>
          {!source.isPrimary && (
            <form method="post" action={`/admin/sources/${source.id}/primary`}>
              <CsrfField token={csrfToken} />
              <button type="submit" class="button-secondary">
                Make primary<span class="visually-hidden"> {source.name}</span>
              </button>
            </form>
          )}
        </div>
        <SyncNowForm sourceId={source.id} sourceName={source.name} csrfToken={csrfToken} />
      </td>
    </tr>
  );
}

/** Synchronize Now with its two options; ids carry the source id, as several sit on one page. */
function SyncNowForm(props: { sourceId: number; sourceName: string; csrfToken: string }) {
  const id = (name: string) => `sync-${props.sourceId}-${name}`;
  return (
    <form method="post" action={`/admin/sources/${props.sourceId}/sync`} class="sync-now">
      <CsrfField token={props.csrfToken} />
      <div class="field-checkbox">
        <input id={id('dryRun')} type="checkbox" name="dryRun" value="on" />
        <label for={id('dryRun')}>Test run only (change nothing)</label>
      </div>
      <div class="field-checkbox">
        <input id={id('override')} type="checkbox" name="overrideThreshold" value="on" />
        <label for={id('override')}>Allow this run to disable or delete more than the limit</label>
      </div>
      <button type="submit">
        Synchronize Now<span class="visually-hidden"> from {props.sourceName}</span>
      </button>
    </form>
  );
}

// ---------------------------------------------------------------------------------------------
// The LDAP / Active Directory source form

export const LDAP_TEXT_FIELDS = [
  'name',
  'preset',
  'urls',
  'caCertificate',
  'bindDn',
  'baseDns',
  'userFilter',
  'groupFilter',
  'groupMemberAttributes',
  'pageSize',
  'connectTimeoutMs',
  'timeoutMs',
] as const;

export const ATTRIBUTE_KEYS = ['username', 'externalId', 'fullName', 'email', 'department', 'office', 'cardNumber', 'cardNumber2', 'otherEmails', 'homeFolder', 'cardPin'] as const satisfies readonly (keyof LdapAttributeMap)[];

const ATTRIBUTE_LABELS: Record<keyof LdapAttributeMap, string> = {
  username: 'Username attribute',
  externalId: 'Immutable id attribute',
  fullName: 'Full name attribute',
  email: 'Email attribute',
  department: 'Department attribute',
  office: 'Office attribute',
  cardNumber: 'Primary card/ID number attribute',
  cardNumber2: 'Secondary card/ID number attribute',
  otherEmails: 'Other emails attribute',
  homeFolder: 'Home folder attribute',
  cardPin: 'Card/ID PIN attribute (digits)',
};

/** The form as typed: text fields by name (attributes as `attributes.<key>`), and two checkboxes. */
export type LdapFormValues = Record<(typeof LDAP_TEXT_FIELDS)[number] | `attributes.${keyof LdapAttributeMap}`, string> & { startTls: boolean; allowPasswordChange: boolean };

const LDAP_LABELS: Record<string, string> = {
  name: 'Name',
  preset: 'Directory type',
  allowPasswordChange: 'Allow users to change their directory password here',
  urls: 'Server URLs',
  caCertificate: 'CA certificate',
  bindDn: 'Bind DN',
  bindPassword: 'Bind password',
  baseDns: 'Base DNs',
  userFilter: 'User filter',
  groupFilter: 'Group filter',
  groupMemberAttributes: 'Group member attributes',
  pageSize: 'Page size',
  connectTimeoutMs: 'Connect timeout (milliseconds)',
  timeoutMs: 'Operation timeout (milliseconds)',
  ...Object.fromEntries(ATTRIBUTE_KEYS.map((key) => [`attributes.${key}`, ATTRIBUTE_LABELS[key]])),
};

const PRESET_ORDER: LdapPreset[] = ['active-directory', 'openldap', 'edirectory'];

/**
 * What a field left empty becomes, for each directory type: "Empty: sAMAccountName (Active
 * Directory), uid (OpenLDAP / Unix), cn (eDirectory)." — or one value when they all agree.
 */
function presetDefaultsHint(pick: (preset: (typeof LDAP_PRESETS)[LdapPreset]) => string): string {
  const values = PRESET_ORDER.map((p) => pick(LDAP_PRESETS[p]) || 'not imported');
  if (values.every((v) => v === values[0])) return `Empty: ${values[0]}.`;
  return `Empty: ${PRESET_ORDER.map((p, i) => `${values[i]} (${LDAP_PRESETS[p].label})`).join(', ')}.`;
}

export interface LdapTestResult {
  ok: boolean;
  /** Why the test failed (the directory's or the network's words). */
  message?: string;
  /** The first users and groups the directory returned (at most 10 of each). */
  users?: { username: string; fullName: string; email: string; disabled: boolean }[];
  groups?: { name: string; members: number }[];
}

/** "Test settings" results of a source form; the empty-list texts name what the form filters with. */
export function TestResults({ result, noUsers = 'The user filter found no users under the base DNs.', noGroups = 'The group filter found no groups.' }: { result: LdapTestResult; noUsers?: string; noGroups?: string }) {
  if (!result.ok) {
    return (
      <section class="card" aria-labelledby="test-title">
        <h2 id="test-title">Test results</h2>
        <Notice kind="error">
          The test failed: {result.message} Nothing was saved.
        </Notice>
      </section>
    );
  }
  const users = result.users ?? [];
  const groups = result.groups ?? [];
  return (
    <section class="card" aria-labelledby="test-title">
      <h2 id="test-title">Test results</h2>
      <Notice kind="success">Connected and signed in to the directory. These are the first users and groups it returned; nothing was saved or changed.</Notice>
      <h3>Users (first {users.length})</h3>
      {users.length === 0 ? (
        <p>{noUsers}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Full name</th>
                <th scope="col">Email</th>
                <th scope="col">Disabled</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr>
                  <td>{u.username}</td>
                  <td>{u.fullName}</td>
                  <td>{u.email}</td>
                  <td>{u.disabled ? 'Yes' : 'No'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>Groups (first {groups.length})</h3>
      {groups.length === 0 ? (
        <p>{noGroups}</p>
      ) : (
        <GroupsTable groups={groups} membersLabel="Direct members" />
      )}
    </section>
  );
}

/** Groups with their member counts: Test settings (direct members) and a run's samples (nested included). */
function GroupsTable(props: { groups: { name: string; members: number }[]; membersLabel: string; caption?: string }) {
  return (
    <div class="table-wrap">
      <table>
        {props.caption && <caption>{props.caption}</caption>}
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">{props.membersLabel}</th>
          </tr>
        </thead>
        <tbody>
          {props.groups.map((g) => (
            <tr>
              <td>{g.name}</td>
              <td>{g.members}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PresetDefaults() {
  const rows: [string, (p: (typeof LDAP_PRESETS)[LdapPreset]) => string][] = [
    ['User filter', (p) => p.userFilter],
    ['Group filter', (p) => p.groupFilter],
    ['Group member attributes', (p) => p.groupMemberAttributes.join(', ')],
    ...ATTRIBUTE_KEYS.map((key): [string, (p: (typeof LDAP_PRESETS)[LdapPreset]) => string] => [ATTRIBUTE_LABELS[key], (p) => p.attributes[key] || 'not imported']),
  ];
  return (
    <details class="preset-defaults">
      <summary>What each directory type fills in for a field left empty</summary>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Field</th>
              {PRESET_ORDER.map((p) => (
                <th scope="col">{LDAP_PRESETS[p].label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, pick]) => (
              <tr>
                <th scope="row">{label}</th>
                {PRESET_ORDER.map((p) => (
                  <td>
                    <code>{pick(LDAP_PRESETS[p])}</code>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

export function LdapSourcePage(props: {
  frame: AdminFrame;
  /** Set when editing a saved source. */
  sourceId?: number;
  sourceName?: string;
  values: LdapFormValues;
  /** Editing, with a bind password stored: an empty password field keeps it. */
  hasStoredPassword: boolean;
  /** A password was typed on the form just sent; it is not sent back, so say to type it again. */
  passwordNotResent?: boolean;
  errors?: FieldErrors;
  test?: LdapTestResult;
}) {
  const { frame, values, errors } = props;
  const editing = props.sourceId !== undefined;
  const title = editing ? `Edit ${props.sourceName ?? 'source'}` : 'Add LDAP / Active Directory source';
  const action = editing ? `/admin/sources/${props.sourceId}/edit` : '/admin/sources/new-ldap';
  const text = (name: keyof LdapFormValues) => String(values[name] ?? '');
  const passwordHint = props.hasStoredPassword
    ? 'A password is stored; leave empty to keep it.'
    : props.passwordNotResent
      ? 'Passwords are never sent back to the browser: type it again before you save.'
      : 'The password of the bind account. It is stored for the server’s own use and never shown again.';
  return (
    <AdminPage frame={frame} title={title} section="sources">
      <p>
        <a href="/admin/sources">Back to User/Group Sync</a>
      </p>
      <h1>{title}</h1>
      {props.test && <TestResults result={props.test} />}
      <ErrorSummary errors={errors} labels={LDAP_LABELS} />
      <form method="post" action={action} novalidate>
        <CsrfField token={frame.csrfToken} />
        <section class="card" aria-labelledby="ldap-source-title">
          <h2 id="ldap-source-title">Directory</h2>
          <Field name="name" label={LDAP_LABELS.name!} value={text('name')} errors={errors} required maxLength={100} hint='Such as "Staff Directory"; shown on the pages of its users.' />
          <SelectField name="preset" label={LDAP_LABELS.preset!} value={text('preset')} options={PRESET_ORDER.map((p) => ({ value: p, label: LDAP_PRESETS[p].label }))} />
          <PresetDefaults />
        </section>

        <section class="card" aria-labelledby="ldap-connection-title">
          <h2 id="ldap-connection-title">Connection</h2>
          <TextArea
            name="urls"
            label={LDAP_LABELS.urls!}
            value={text('urls')}
            errors={errors}
            rows={3}
            hint="One per line, in failover order: the next one is tried when a server cannot be reached. ldaps://dc1.example.org, or ldap://host:389 with StartTLS."
          />
          <Checkbox name="startTls" label="Use StartTLS" checked={values.startTls} hint="For ldap:// URLs: upgrade the connection to TLS before signing in. ldaps:// URLs are encrypted from the start." />
          <TextArea
            name="caCertificate"
            label={`${LDAP_LABELS.caCertificate} (optional)`}
            value={text('caCertificate')}
            errors={errors}
            rows={4}
            hint="PEM, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----: a private CA to trust besides the system's."
          />
          <Field name="bindDn" label={LDAP_LABELS.bindDn!} value={text('bindDn')} errors={errors} required hint="The account Quire reads the directory with: a DN such as cn=quire,ou=services,dc=example,dc=org, or user@domain for Active Directory." />
          <Field name="bindPassword" label={LDAP_LABELS.bindPassword!} type="password" errors={errors} autocomplete="new-password" required={!props.hasStoredPassword} hint={passwordHint} />
          <div class="grid-2">
            <Field name="connectTimeoutMs" label={LDAP_LABELS.connectTimeoutMs!} type="number" value={text('connectTimeoutMs')} errors={errors} hint="Empty: 10000 (10 seconds)." />
            <Field name="timeoutMs" label={LDAP_LABELS.timeoutMs!} type="number" value={text('timeoutMs')} errors={errors} hint="Per search or sign-in. Empty: 60000 (one minute)." />
          </div>
        </section>

        <section class="card" aria-labelledby="ldap-search-title">
          <h2 id="ldap-search-title">Users and groups</h2>
          <TextArea name="baseDns" label={LDAP_LABELS.baseDns!} value={text('baseDns')} errors={errors} rows={3} hint="One per line; users and groups are searched under each, such as OU=Staff,DC=example,DC=org." />
          <Field name="userFilter" label={LDAP_LABELS.userFilter!} value={text('userFilter')} errors={errors} hint="An LDAP filter. Empty: the directory type's default (see the table above)." />
          <Field name="groupFilter" label={LDAP_LABELS.groupFilter!} value={text('groupFilter')} errors={errors} hint="Empty: the directory type's default (see the table above)." />
          <Field
            name="groupMemberAttributes"
            label={LDAP_LABELS.groupMemberAttributes!}
            value={text('groupMemberAttributes')}
            errors={errors}
            hint={`Attributes of a group that list its members, separated by commas. ${presetDefaultsHint((p) => p.groupMemberAttributes.join(' and '))}`}
          />
          <Field name="pageSize" label={LDAP_LABELS.pageSize!} type="number" value={text('pageSize')} errors={errors} hint="Entries per page of a search, 1 to 5000. Empty: 500." />
        </section>

        <section class="card" aria-labelledby="ldap-attributes-title">
          <h2 id="ldap-attributes-title">Attribute mapping</h2>
          <p>Which directory attribute fills each user field. The immutable id identifies a user even after a rename, so a renamed account stays the same user here.</p>
          <div class="grid-2">
            {ATTRIBUTE_KEYS.map((key) => (
              <Field name={`attributes.${key}`} label={ATTRIBUTE_LABELS[key]} value={text(`attributes.${key}`)} errors={errors} hint={presetDefaultsHint((p) => p.attributes[key] ?? '')} />
            ))}
          </div>
        </section>

        <section class="card" aria-labelledby="ldap-passwords-title">
          <h2 id="ldap-passwords-title">Passwords</h2>
          <Checkbox
            name="allowPasswordChange"
            label="Allow users to change their directory password here"
            checked={values.allowPasswordChange}
            errors={errors}
            hint="Off: the user pages say where the password is managed and show no password form. On: users change their directory password under Change Details, with their current one."
          />
        </section>

        <SourceFormActions />
      </form>
    </AdminPage>
  );
}

// ---------------------------------------------------------------------------------------------
// Sync options

export interface SyncOptionValues {
  missingPolicy: string;
  maxRemovals: string;
  maxRemovalsPercent: string;
  schedule: string;
  importDisabled: boolean;
  importGroups: string;
}

const OPTION_LABELS = {
  missingPolicy: 'Users no longer in the directory',
  maxRemovals: 'Removal limit (users)',
  maxRemovalsPercent: 'Removal limit (percent)',
  schedule: 'Schedule',
  importGroups: 'Import users from selected groups only',
};

const MISSING_CHOICES: { value: string; label: string; hint: string }[] = [
  { value: 'keep', label: 'Keep them', hint: 'They stay as they are; each report lists them.' },
  { value: 'disable', label: 'Disable them (default)', hint: 'They can no longer sign in; listed again, they are enabled again.' },
  { value: 'delete', label: 'Delete them', hint: 'Their records are removed from Quire.' },
];

export function SyncOptionsPage(props: {
  frame: AdminFrame;
  source: { id: number; name: string; kindLabel: string };
  values: SyncOptionValues;
  /** The saved limits, for the worked example. */
  saved: { maxRemovals: number; maxRemovalsPercent: number; users: number; limit: number };
  errors?: FieldErrors;
}) {
  const { frame, values, errors, source, saved } = props;
  const policyError = errors?.missingPolicy;
  return (
    <AdminPage frame={frame} title={`Sync options of ${source.name}`} section="sources">
      <p>
        <a href="/admin/sources">Back to User/Group Sync</a>
      </p>
      <h1>Sync options of {source.name}</h1>
      <ErrorSummary errors={errors} labels={OPTION_LABELS} />
      <form method="post" action={`/admin/sources/${source.id}/options`} novalidate>
        <CsrfField token={frame.csrfToken} />
        <section class="card" aria-labelledby="missing-title">
          <h2 id="missing-title">Users no longer in the directory</h2>
          <fieldset class={`choices${policyError ? ' field-invalid' : ''}`} aria-describedby={policyError ? 'field-missingPolicy-error' : undefined}>
            <legend>When a user of this source is no longer listed</legend>
            {policyError && (
              <p class="field-error" id="field-missingPolicy-error">
                {policyError}
              </p>
            )}
            {MISSING_CHOICES.map((choice, i) => (
              <div class="field-checkbox">
                <input
                  id={i === 0 ? 'field-missingPolicy' : `field-missingPolicy-${choice.value}`}
                  type="radio"
                  name="missingPolicy"
                  value={choice.value}
                  checked={values.missingPolicy === choice.value}
                  aria-describedby={`field-missingPolicy-${choice.value}-hint`}
                />
                <label for={i === 0 ? 'field-missingPolicy' : `field-missingPolicy-${choice.value}`}>{choice.label}</label>
                <p class="hint" id={`field-missingPolicy-${choice.value}-hint`}>
                  {choice.hint}
                </p>
              </div>
            ))}
          </fieldset>
          <h3>Removal limit</h3>
          <p id="removal-rule">
            A run that would disable or delete more than {saved.maxRemovals} users or {saved.maxRemovalsPercent} % of this source's users, whichever is smaller, stops before changing
            anything. With the {saved.users} users {source.name} provides now, that is at most {saved.limit}. An administrator can allow one run to exceed the limit.
          </p>
          <div class="grid-2">
            <Field name="maxRemovals" label={OPTION_LABELS.maxRemovals} type="number" value={values.maxRemovals} errors={errors} required hint="A whole number, 0 or more (0: never disable or delete)." />
            <Field name="maxRemovalsPercent" label={OPTION_LABELS.maxRemovalsPercent} type="number" value={values.maxRemovalsPercent} errors={errors} required hint="From 0 to 100." />
          </div>
        </section>

        <section class="card" aria-labelledby="schedule-title">
          <h2 id="schedule-title">When to synchronize</h2>
          <Field
            name="schedule"
            label={`${OPTION_LABELS.schedule} (cron expression)`}
            value={values.schedule}
            errors={errors}
            hint='Minute, hour, day of month, month and day of week, in server time: "0 2 * * *" is every night at 02:00, "0 */4 * * *" every four hours. Leave empty to synchronize on demand only (Synchronize Now).'
          />
        </section>

        <section class="card" aria-labelledby="import-title">
          <h2 id="import-title">Which users to import</h2>
          <Checkbox name="importDisabled" label="Import disabled users" checked={values.importDisabled} hint="On: accounts disabled in the directory are imported as disabled users. Off: they are left out." />
          <TextArea
            name="importGroups"
            label={OPTION_LABELS.importGroups}
            value={values.importGroups}
            errors={errors}
            rows={4}
            hint="Group names, one per line; members of nested groups count. Empty: every user the source lists."
          />
        </section>

        <div class="actions">
          <button type="submit">Save sync options</button>
          <a href="/admin/sources">Cancel</a>
        </div>
      </form>
    </AdminPage>
  );
}

// ---------------------------------------------------------------------------------------------
// Remove a source

export function RemoveSourcePage(props: { frame: AdminFrame; source: { id: number; name: string; kindLabel: string }; users: number; error?: string }) {
  const { frame, source } = props;
  return (
    <AdminPage frame={frame} title={`Remove ${source.name}?`} section="sources">
      <section class="card narrow">
        <h1>Remove {source.name}?</h1>
        {props.error && <Notice kind="error">{props.error}</Notice>}
        <p>
          {source.kindLabel} source. It provides {props.users} users now.{' '}
          {props.users > 0
            ? 'A source can be removed only once it provides no users: set its policy for users no longer listed to "Delete them" and synchronize, or delete its users first.'
            : 'Its settings and schedule are removed; its past reports stay.'}
        </p>
        <form method="post" action={`/admin/sources/${source.id}/remove`}>
          <CsrfField token={frame.csrfToken} />
          <div class="actions">
            <button type="submit" class="button-danger">
              Remove source
            </button>
            <a href="/admin/sources">Cancel</a>
          </div>
        </form>
      </section>
    </AdminPage>
  );
}

// ---------------------------------------------------------------------------------------------
// A synchronization run

export interface RunLineView {
  kind: SyncLineKind;
  username: string;
  detail: string;
  /** A conflict with an internal user that an administrator may convert into this directory user. */
  convertible: boolean;
}

export interface SyncRunView extends RunSummary, SyncCounts {
  sourceExists: boolean;
  actor: string;
  thresholdExceeded: boolean;
  overrideThreshold: boolean;
  cancelRequested: boolean;
  lines: RunLineView[];
  samples: SyncSamples;
}

/** The detail lines in the order a reader needs them: what needs attention first. */
const LINE_GROUPS: { kind: SyncLineKind; done: string; would: string }[] = [
  { kind: 'conflict', done: 'Conflicts', would: 'Conflicts' },
  { kind: 'error', done: 'Errors', would: 'Errors' },
  { kind: 'warning', done: 'Warnings', would: 'Warnings' },
  { kind: 'added', done: 'Added', would: 'Would add' },
  { kind: 'renamed', done: 'Renamed', would: 'Would rename' },
  { kind: 'updated', done: 'Updated', would: 'Would update' },
  { kind: 'enabled', done: 'Enabled again', would: 'Would enable again' },
  { kind: 'disabled', done: 'Disabled', would: 'Would disable' },
  { kind: 'deleted', done: 'Deleted', would: 'Would delete' },
  { kind: 'missing', done: 'No longer listed (kept)', would: 'No longer listed (would keep)' },
];

function RunCounts({ run, would }: { run: SyncRunView; would: boolean }) {
  const counts: [string, number][] = [
    [would ? 'Would add' : 'Added', run.added],
    [would ? 'Would update' : 'Updated', run.updated],
    [would ? 'Would rename' : 'Renamed', run.renamed],
    [would ? 'Would disable' : 'Disabled', run.disabled],
    [would ? 'Would delete' : 'Deleted', run.deleted],
    ['Unchanged', run.unchanged],
    ['Conflicts', run.conflicts],
    ['Errors', run.errors],
    ['No longer listed', run.missing],
    ['Groups', run.groups],
  ];
  return (
    <dl class="counts">
      {counts.map(([label, count]) => (
        <div>
          <dt>{label}</dt>
          <dd>{count}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * A run: while it runs, the page reloads itself every 2 seconds (a meta refresh: no script), with
 * Cancel and a link that stops the reloading as the first controls of the page — a reload moves a
 * keyboard or screen reader user back to the top, so they must be able to turn it off (WCAG 2.2.1).
 */
export function SyncRunPage(props: { frame: AdminFrame; run: SyncRunView; notice?: PageNotice; autoRefresh: boolean }) {
  const { run, frame } = props;
  const running = run.status === 'running';
  const refreshing = running && props.autoRefresh;
  // Nothing changes in a test run, nor in a run that did not succeed: its lines say "would".
  const would = run.dryRun || run.status !== 'succeeded';
  const statusKind = run.status === 'failed' ? 'error' : run.status === 'cancelled' ? 'warning' : running ? 'info' : 'success';
  const href = `/admin/sync-runs/${run.id}`;
  return (
    <AdminPage frame={frame} title={`Sync report ${run.id}`} section="sources" refreshSeconds={refreshing ? RUN_REFRESH_SECONDS : undefined}>
      <p>
        <a href="/admin/sources">Back to User/Group Sync</a>
      </p>
      <h1>
        Sync report {run.id}: {run.sourceName}
      </h1>
      {running && (
        <section class="card" aria-labelledby="progress-title">
          <h2 id="progress-title">In progress</h2>
          <PageNoticeView notice={props.notice} />
          <Notice kind="info">
            This synchronization is running: {run.phase || 'starting'}, {run.progress} directory entries read.{' '}
            {refreshing ? `This page refreshes every ${RUN_REFRESH_SECONDS} seconds.` : 'This page does not refresh by itself.'}
          </Notice>
          <div class="actions">
            {refreshing ? (
              <a href={`${href}?refresh=off`}>Stop refreshing this page</a>
            ) : (
              <>
                <a href={`${href}?refresh=off`}>Refresh now</a>
                <a href={href}>Refresh every {RUN_REFRESH_SECONDS} seconds</a>
              </>
            )}
            {!run.cancelRequested && (
              <form method="post" action={`${href}/cancel`}>
                <CsrfField token={frame.csrfToken} />
                {!refreshing && <input type="hidden" name="refresh" value="off" />}
                <button type="submit" class="button-danger">
                  Cancel<span class="visually-hidden"> synchronization {run.id}</span>
                </button>
              </form>
            )}
          </div>
          {run.cancelRequested && !props.notice && <p>Cancel requested: the run stops at its next step, before changing anything.</p>}
        </section>
      )}
      {!running && <PageNoticeView notice={props.notice} />}
      {!running && <Notice kind={statusKind}>{run.message || `This synchronization ${run.status}.`}</Notice>}
      {!running && run.status === 'failed' && run.thresholdExceeded && run.sourceExists && (
        <section class="card" aria-labelledby="override-title">
          <h2 id="override-title">Removal limit</h2>
          <p>
            This run stopped because it would disable or delete more users than the limit. If that is intended (a reorganisation, a cleanup), run it once more allowing it; otherwise check
            the source's settings or its <a href={`/admin/sources/${run.sourceId}/options`}>sync options</a>.
          </p>
          <form method="post" action={`/admin/sources/${run.sourceId}/sync`}>
            <CsrfField token={frame.csrfToken} />
            <input type="hidden" name="overrideThreshold" value="on" />
            <button type="submit" class="button-danger">
              Synchronize now, allowing this run to exceed the limit
            </button>
          </form>
        </section>
      )}
      <section class="card" aria-labelledby="summary-title">
        <h2 id="summary-title">Summary</h2>
        <dl class="details">
          <dt>Type</dt>
          <dd>{runType(run)}</dd>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={run.status} />
          </dd>
          <dt>Started by</dt>
          <dd>{run.actor || '—'}</dd>
          <dt>Started</dt>
          <dd>
            <When at={run.startedAt} />
          </dd>
          <dt>Finished</dt>
          <dd>
            <When at={run.finishedAt} />
          </dd>
          {run.overrideThreshold && (
            <>
              <dt>Removal limit</dt>
              <dd>Allowed to exceed it</dd>
            </>
          )}
        </dl>
        {!running && <RunCounts run={run} would={would} />}
      </section>
      {!running && <Samples samples={run.samples} />}
      {!running && <RunLines run={run} would={would} />}
    </AdminPage>
  );
}

function Samples({ samples }: { samples: SyncSamples }) {
  if (samples.users.length === 0 && samples.groups.length === 0) return null;
  return (
    <section class="card" aria-labelledby="samples-title">
      <h2 id="samples-title">What the source lists (sample)</h2>
      {samples.users.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption>Users (first {samples.users.length})</caption>
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Full name</th>
                <th scope="col">Email</th>
                <th scope="col">Department</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {samples.users.map((u) => (
                <tr>
                  <td>{u.username}</td>
                  <td>{u.full_name}</td>
                  <td>{u.email}</td>
                  <td>{u.department}</td>
                  <td>{u.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {samples.groups.length > 0 && <GroupsTable groups={samples.groups} membersLabel="Members" caption={`Groups (first ${samples.groups.length})`} />}
    </section>
  );
}

function RunLines({ run, would }: { run: SyncRunView; would: boolean }) {
  const groups = LINE_GROUPS.map((g) => ({ ...g, lines: run.lines.filter((l) => l.kind === g.kind) })).filter((g) => g.lines.length > 0);
  return (
    <section class="card" aria-labelledby="lines-title">
      <h2 id="lines-title">Details</h2>
      {groups.length === 0 && <p>No user was added, changed or refused.</p>}
      {groups.map((group) => (
        <div class="table-wrap">
          <table>
            <caption>
              {would ? group.would : group.done} ({group.lines.length})
            </caption>
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Detail</th>
                {group.kind === 'conflict' && <th scope="col">Action</th>}
              </tr>
            </thead>
            <tbody>
              {group.lines.map((line) => (
                <tr>
                  <td>{line.username}</td>
                  <td>{line.detail}</td>
                  {group.kind === 'conflict' && (
                    <td>
                      {line.convertible && (
                        <form method="get" action={`/admin/sync-runs/${run.id}/convert`}>
                          <input type="hidden" name="username" value={line.username} />
                          <button type="submit" class="button-secondary">
                            Convert internal user to directory user<span class="visually-hidden"> {line.username}</span>
                          </button>
                        </form>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// Convert an internal user into the directory user of a conflict

export function ConvertUserPage(props: { frame: AdminFrame; runId: number; username: string; fullName: string; sourceName: string; authority: string; canAuthenticate: boolean }) {
  const { frame, username } = props;
  return (
    <AdminPage frame={frame} title={`Convert ${username}?`} section="sources">
      <section class="card narrow">
        <h1>Convert {username} to a directory user?</h1>
        <p>
          {username}
          {props.fullName && ` (${props.fullName})`} is an internal user. Synchronization {props.runId} found a user with the same name in {props.sourceName}. Converting makes {username} that
          directory user:
        </p>
        <ul>
          <li>the password stored in Quire is removed; {props.canAuthenticate ? `${username} signs in with the password that ${props.authority} holds;` : `${props.sourceName} cannot check passwords, so ${username} cannot sign in until it can;`}</li>
          <li>the details come from the directory at the next synchronization;</li>
          <li>all of {username}'s sessions end.</li>
        </ul>
        <form method="post" action={`/admin/sync-runs/${props.runId}/convert`}>
          <CsrfField token={frame.csrfToken} />
          <input type="hidden" name="username" value={username} />
          <div class="actions">
            <button type="submit">Convert to directory user</button>
            <a href={`/admin/sync-runs/${props.runId}`}>Cancel</a>
          </div>
        </form>
      </section>
    </AdminPage>
  );
}

/** Save, Test settings and Cancel: the end of every source form (LDAP, Entra ID, Google Workspace). */
export function SourceFormActions() {
  return (
    <>
      <div class="actions">
        <button type="submit" name="action" value="save">
          Save
        </button>
        <button type="submit" name="action" value="test" class="button-secondary">
          Test settings
        </button>
        <a href="/admin/sources">Cancel</a>
      </div>
      <p class="hint">Test settings connects with the settings on this form, shows the first users and groups it finds, and saves or changes nothing.</p>
    </>
  );
}
