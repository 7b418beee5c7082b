/**
 * Admin Console → Users → a user's Details tab: the editable details, Internal User Settings (or
 * where a synced user's password is managed), the Sign-in security section and the account's
 * buttons.
 *
 *   <UserPage frame={frame} user={user} security={security} timeZone="Europe/Berlin" mailConfigured />
 */
import { When } from '../components/when.js';
import type { AccountLock } from '../../auth/throttle.service.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import { SOURCE_OWNED_FIELDS, type UserDetails } from '../../users/user-details.js';
import type { PresentedUser } from '../../users/user.presenter.js';
import { CsrfField, ErrorSummary, Field, Notice, TextArea, type FieldErrors } from '../components/forms.js';
import { useAdminTranslator } from '../components/translation.js';
import { AdminPage, userHref, type AdminFrame, BackLink } from './admin.pages.js';
import { StatusBadges } from './users-list.pages.js';
import { ExpirySection } from './users-expiry.pages.js';
import { InternalUserSection } from './users-internal.pages.js';

// Module-level English: the Admin Console always renders in English.
/** The editable details, in form order, with the service's field names. */
export const DETAIL_FIELDS: { name: Exclude<keyof UserDetails, 'notes'>; label: string; type?: 'email' }[] = [
  { name: 'fullName', label: adminEnglish.t('admin.users.field.fullName') },
  { name: 'email', label: adminEnglish.t('admin.users.field.email'), type: 'email' },
  { name: 'department', label: adminEnglish.t('admin.users.field.department') },
  { name: 'office', label: adminEnglish.t('admin.users.field.office') },
  { name: 'cardNumber', label: adminEnglish.t('admin.users.field.cardNumber') },
  { name: 'cardNumber2', label: adminEnglish.t('admin.users.field.cardNumber2') },
  { name: 'usernameAlias', label: adminEnglish.t('admin.users.field.usernameAlias') },
  { name: 'homeFolder', label: adminEnglish.t('admin.users.field.homeFolder') },
];

export type DetailValues = Record<keyof UserDetails, string>;

export const DETAIL_LABELS: Record<string, string> = Object.fromEntries([
  ...DETAIL_FIELDS.map((f) => [f.name, f.label]),
  ['notes', adminEnglish.t('admin.users.field.notes')],
]);

/** The user's tabs: the suffix of each one's address after the user's. */
const USER_TABS = [
  { suffix: '', label: 'admin.users.user.details' },
  { suffix: '/account', label: 'admin.users.user.account' },
  { suffix: '/jobs', label: 'admin.users.user.jobs' },
] as const;

/** The way back to the list, the user's name with their badges, and the user's tabs. */
export function UserHeading({
  user,
  tab = '',
  locked,
}: {
  user: PresentedUser;
  tab?: (typeof USER_TABS)[number]['suffix'];
  /** The account is locked after failed logins (known on the Details tab). */
  locked?: boolean;
}) {
  const t = useAdminTranslator();
  return (
    <>
      <BackLink href="/admin/users" label={t.t('admin.users.back')} />
      <h1>
        {t.t('admin.users.user.title', { name: user.username })} <StatusBadges user={user} locked={locked} />
      </h1>
      <nav aria-label={t.t('admin.users.user.tabs')}>
        <ul class="tabs">
          {USER_TABS.map(({ suffix, label }) => (
            <li>
              <a href={userHref(user.username, suffix)} aria-current={suffix === tab ? 'page' : undefined}>
                {t.t(label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}

/** What the Sign-in security section shows. */
export interface AccountSecurity {
  /** When the user last logged in (any way: password, card, single sign-on), or null: never. */
  lastLogIn: string | null;
  activeSessions: number;
  lock: AccountLock | null;
  /** The user's second factors (two-factor sign-in). */
  twoFactor: { app: boolean; keys: number };
}

export interface UserPageProps {
  frame: AdminFrame;
  user: PresentedUser;
  security: AccountSecurity;
  /** Entered values after a refused save; otherwise the stored ones are shown. */
  values?: DetailValues;
  errors?: FieldErrors;
  notice?: string;
  /** Why the last action was refused (ConflictError message). */
  problem?: string;
  /** The organisation's time zone, in which an expiry day ends. */
  timeZone: string;
  /** Whether a mail server is set up ("Send password reset email" is offered only then). */
  mailConfigured: boolean;
  /** The expiry day as typed and its problem, after a refused save. */
  expiry?: { value: string; errors: FieldErrors };
}

export function UserPage(props: UserPageProps) {
  const t = useAdminTranslator();
  const { user, frame } = props;
  return (
    <AdminPage frame={frame} title={t.t('admin.users.user.title', { name: user.username })} section="users">
      <UserHeading user={user} locked={props.security.lock?.lockedUntil != null} />
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      {props.problem && <Notice kind="error">{props.problem}</Notice>}
      <DetailsSection user={user} values={props.values} errors={props.errors} csrfToken={frame.csrfToken} />
      {user.internal ? (
        <InternalUserSection user={user} mailConfigured={props.mailConfigured} csrfToken={frame.csrfToken} />
      ) : (
        <DirectorySourceSection user={user} />
      )}
      <SecuritySection user={user} security={props.security} csrfToken={frame.csrfToken} />
      <AccountSection user={user} csrfToken={frame.csrfToken} self={user.username === frame.adminName} />
      <ExpirySection
        user={user}
        timeZone={props.timeZone}
        csrfToken={frame.csrfToken}
        value={props.expiry?.value}
        errors={props.expiry?.errors}
      />
    </AdminPage>
  );
}

/** The details form; a synced user's source-owned fields are shown as stored and read-only. */
function DetailsSection(props: {
  user: PresentedUser;
  values?: DetailValues;
  errors?: FieldErrors;
  csrfToken: string;
}) {
  const t = useAdminTranslator();
  const { user } = props;
  const values: DetailValues = props.values ?? user;
  const owned = (name: string) => !user.internal && (SOURCE_OWNED_FIELDS as readonly string[]).includes(name);
  return (
    <section class="card" aria-labelledby="details-title">
      <h2 id="details-title">{t.t('admin.users.user.details')}</h2>
      {!user.internal && <p>{t.t('admin.users.user.sourceOwned', { source: user.source })}</p>}
      <ErrorSummary errors={props.errors} labels={DETAIL_LABELS} />
      <form method="post" action={userHref(user.username)} novalidate>
        <CsrfField token={props.csrfToken} />
        <div class="grid-2">
          {DETAIL_FIELDS.map((f) => (
            <Field
              name={f.name}
              label={f.label}
              type={f.type}
              value={owned(f.name) ? user[f.name] : values[f.name]}
              errors={props.errors}
              readOnly={owned(f.name)}
              autocomplete="off"
            />
          ))}
        </div>
        <TextArea
          name="notes"
          label={t.t('admin.users.field.notes')}
          value={values.notes}
          errors={props.errors}
          hint={t.t('admin.users.user.notesHint')}
        />
        <button type="submit">{t.t('admin.users.user.save')}</button>
      </form>
    </section>
  );
}

function DirectorySourceSection({ user }: { user: PresentedUser }) {
  const t = useAdminTranslator();
  return (
    <section class="card" aria-labelledby="source-title">
      <h2 id="source-title">{t.t('admin.users.source.title')}</h2>
      <p>{t.t('admin.users.source.synchronized', { source: user.source })}</p>
      <p>{t.t('admin.users.source.password', { source: user.source })}</p>
    </section>
  );
}

function SecuritySection(props: { user: PresentedUser; security: AccountSecurity; csrfToken: string }) {
  const t = useAdminTranslator();
  const { user, security } = props;
  const { lock } = security;
  return (
    <section class="card" aria-labelledby="security-title">
      <h2 id="security-title">{t.t('admin.users.security.title')}</h2>
      <dl class="details">
        <dt>{t.t('admin.users.security.lastLogIn')}</dt>
        <dd>
          {security.lastLogIn ? (
            <When at={security.lastLogIn} relative />
          ) : (
            t.t('admin.users.security.neverLoggedIn')
          )}
        </dd>
        <dt>{t.t('admin.users.security.sessions')}</dt>
        <dd>{t.t('admin.users.security.sessionCount', { count: security.activeSessions })}</dd>
        <dt>{t.t('admin.users.security.lock')}</dt>
        <dd>
          <LockState lock={lock} />
        </dd>
        <dt>{t.t('admin.twoFactor.title')}</dt>
        <dd>
          {security.twoFactor.app || security.twoFactor.keys > 0
            ? t.t('admin.twoFactor.status', {
                app: t.t(security.twoFactor.app ? 'admin.twoFactor.on' : 'admin.twoFactor.off'),
                keys: security.twoFactor.keys,
              })
            : t.t('admin.twoFactor.none')}
        </dd>
      </dl>
      <div class="actions">
        {security.activeSessions > 0 && (
          <form method="post" action={userHref(user.username, '/end-sessions')}>
            <CsrfField token={props.csrfToken} />
            <button type="submit" class="button-secondary">
              {t.t('admin.users.security.endSessions')}
            </button>
          </form>
        )}
        {(security.twoFactor.app || security.twoFactor.keys > 0) && (
          <a class="button button-secondary" href={userHref(user.username, '/two-factor/reset')}>
            {t.t('admin.twoFactor.reset')}
          </a>
        )}
        {lock && (
          <form method="post" action={userHref(user.username, '/clear-lock')}>
            <CsrfField token={props.csrfToken} />
            <button type="submit" class="button-secondary">
              {t.t(
                lock.lockedUntil ? 'admin.users.security.clearLock' : 'admin.users.security.clearFailures',
              )}
            </button>
          </form>
        )}
      </div>
    </section>
  );
}

function LockState({ lock }: { lock: AccountLock | null }) {
  const t = useAdminTranslator();
  if (!lock) return <>{t.t('admin.users.security.notLocked')}</>;
  if (!lock.lockedUntil) return <>{t.t('admin.users.security.failures', { count: lock.failures })}</>;
  return (
    <>
      {t.rich('admin.users.security.locked', { count: lock.failures, until: <When at={lock.lockedUntil} /> })}
    </>
  );
}

/** Your own account has no Disable, Revoke admin rights or Delete: the services refuse them. */
function AccountSection({
  user,
  csrfToken,
  self,
}: {
  user: PresentedUser;
  csrfToken: string;
  self: boolean;
}) {
  const t = useAdminTranslator();
  return (
    <section class="card" aria-labelledby="account-title">
      <h2 id="account-title">{t.t('admin.users.account.title')}</h2>
      <dl class="details">
        <dt>{t.t('admin.users.account.status')}</dt>
        <dd>{t.t(user.disabled ? 'admin.users.account.disabled' : 'admin.users.account.enabled')}</dd>
        <dt>{t.t('admin.users.account.adminRights')}</dt>
        <dd>{t.t(user.isAdmin ? 'admin.users.account.isAdmin' : 'admin.users.account.notAdmin')}</dd>
        <dt>{t.t('admin.users.account.created')}</dt>
        <dd>
          <When at={user.createdAt} />
        </dd>
      </dl>
      {self ? <p>{t.t('admin.users.self.note')}</p> : <AccountActions user={user} csrfToken={csrfToken} />}
    </section>
  );
}

function AccountActions({ user, csrfToken }: { user: PresentedUser; csrfToken: string }) {
  const t = useAdminTranslator();
  return (
    <div class="actions">
      <form method="post" action={userHref(user.username, user.disabled ? '/enable' : '/disable')}>
        <CsrfField token={csrfToken} />
        <button type="submit" class="button-secondary">
          {t.t(user.disabled ? 'admin.users.account.enable' : 'admin.users.account.disable')}
        </button>
      </form>
      <form method="post" action={userHref(user.username, '/admin')}>
        <CsrfField token={csrfToken} />
        {!user.isAdmin && <input type="hidden" name="grant" value="on" />}
        <button type="submit" class="button-secondary">
          {t.t(user.isAdmin ? 'admin.users.account.revokeAdmin' : 'admin.users.account.grantAdmin')}
        </button>
      </form>
      <a class="button button-danger" href={userHref(user.username, '/delete')}>
        {t.t('admin.users.account.delete')}
      </a>
    </div>
  );
}
