/**
 * Change Details → Two-factor sign-in: the authenticator app (set up with a key to type or an
 * otpauth:// address, confirmed by its first code), the recovery codes (shown once), and security
 * keys (added with public/webauthn.js; the rest of the page needs no script).
 */
import type { Translator } from '../../i18n/translator.js';
import { DataTable, type Column } from '../components/data-table.js';
import { CsrfField, ErrorSummary, Field, Notice, type FieldErrors } from '../components/forms.js';
import { useTranslator } from '../components/translation.js';
import { When } from '../components/when.js';
import { Frame, type UserFrame } from './user-frame.js';

export interface TwoFactorStatus {
  totp: boolean;
  recoveryCodesLeft: number;
  keys: { id: string; name: string; createdAt: string; lastUsedAt: string | null }[];
}

export const TWO_FACTOR_DONE = new Map([
  ['app', 'twoFactor.done.app'],
  ['app-removed', 'twoFactor.done.appRemoved'],
  ['key-added', 'twoFactor.done.keyAdded'],
  ['key-removed', 'twoFactor.done.keyRemoved'],
] as const);

export interface TwoFactorPageProps extends UserFrame {
  status: TwoFactorStatus;
  done?: string;
  required?: boolean;
  errors?: FieldErrors;
  /** The app being set up: the key in groups of four and its otpauth:// address. */
  setup?: { secret: string; uri: string };
  /** Fresh recovery codes, shown this once. */
  recoveryCodes?: string[];
  /** WebAuthn creation options (JSON) for "Add a security key". */
  keyOptions?: string;
}

export function TwoFactorPage(props: TwoFactorPageProps) {
  const t = useTranslator();
  const done = props.done ? TWO_FACTOR_DONE.get(props.done as never) : undefined;
  return (
    <Frame {...props} title={t.t('twoFactor.title')} current="/user/change-details">
      <h1>{t.t('twoFactor.title')}</h1>
      {props.required && <Notice kind="warning">{t.t('twoFactor.required')}</Notice>}
      {done && <Notice kind="success">{t.t(done)}</Notice>}
      <ErrorSummary
        errors={props.errors}
        labels={{ code: t.t('secondFactor.code'), name: t.t('twoFactor.keys.newName') }}
      />
      {props.recoveryCodes ? (
        <RecoveryCodes codes={props.recoveryCodes} />
      ) : (
        <>
          <p>{t.t('twoFactor.intro')}</p>
          {props.setup ? <AppSetup {...props} setup={props.setup} /> : <AppSection {...props} />}
          <KeysSection {...props} />
        </>
      )}
    </Frame>
  );
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  const t = useTranslator();
  return (
    <section class="card" aria-labelledby="recovery-title">
      <h2 id="recovery-title">{t.t('twoFactor.recovery.title')}</h2>
      <p>{t.t('twoFactor.recovery.intro')}</p>
      <ol class="recovery-codes">
        {codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <p>
        <a class="button" href="/user/two-factor">
          {t.t('twoFactor.recovery.done')}
        </a>
      </p>
    </section>
  );
}

/** A one-button form (the CSRF token and a submit button). */
function ActionForm(props: { action: string; label: string; secondary?: boolean; csrfToken: string }) {
  return (
    <form method="post" action={props.action}>
      <CsrfField token={props.csrfToken} />
      <button type="submit" class={props.secondary ? 'button-secondary' : undefined}>
        {props.label}
      </button>
    </form>
  );
}

function AppSection(props: TwoFactorPageProps) {
  const t = useTranslator();
  const { status } = props;
  return (
    <section class="card" aria-labelledby="app-title">
      <h2 id="app-title">{t.t('twoFactor.app.title')}</h2>
      <p>{t.t('twoFactor.app.status', { status: t.t(status.totp ? 'twoFactor.on' : 'twoFactor.off') })}</p>
      {status.totp ? (
        <>
          <p>{t.t('twoFactor.recovery.left', { count: status.recoveryCodesLeft })}</p>
          <ActionForm
            action="/user/two-factor/recovery-codes"
            label={t.t('twoFactor.recovery.new')}
            csrfToken={props.csrfToken}
          />
          <ActionForm
            action="/user/two-factor/app/remove"
            label={t.t('twoFactor.app.remove')}
            secondary
            csrfToken={props.csrfToken}
          />
        </>
      ) : (
        <ActionForm
          action="/user/two-factor/app"
          label={t.t('twoFactor.app.start')}
          csrfToken={props.csrfToken}
        />
      )}
    </section>
  );
}

function AppSetup(props: TwoFactorPageProps & { setup: { secret: string; uri: string } }) {
  const t = useTranslator();
  return (
    <section class="card" aria-labelledby="app-title">
      <h2 id="app-title">{t.t('twoFactor.app.title')}</h2>
      <p>{t.t('twoFactor.app.step1')}</p>
      <p>
        <code class="totp-secret">{props.setup.secret}</code>
      </p>
      <p>{t.t('twoFactor.app.uri')}</p>
      <p class="break-anywhere">
        <a href={props.setup.uri}>{props.setup.uri}</a>
      </p>
      <form method="post" action="/user/two-factor/app/confirm" novalidate>
        <CsrfField token={props.csrfToken} />
        <Field
          name="code"
          label={t.t('twoFactor.app.step2')}
          errors={props.errors}
          autocomplete="one-time-code"
          required
          maxLength={10}
        />
        <button type="submit">{t.t('twoFactor.app.confirm')}</button>
      </form>
      <p>
        <a href="/user/two-factor">{t.t('twoFactor.app.cancel')}</a>
      </p>
    </section>
  );
}

type KeyRow = TwoFactorStatus['keys'][number];

/**
 * Two columns, so that Remove stays in view on a 360 px phone: the key's name with when it was
 * added and last used below it, and the button, whose visible word is short (the key's name is
 * in its accessible name only).
 */
function keyColumns(t: Translator, csrfToken: string): Column<KeyRow>[] {
  return [
    {
      header: t.t('twoFactor.keys.name'),
      cell: (key) => (
        <>
          {key.name}
          <div class="cell-detail key-dates">
            {t.rich('twoFactor.keys.addedOn', { when: <When at={key.createdAt} /> })}
          </div>
          <div class="cell-detail key-dates">
            {key.lastUsedAt
              ? t.rich('twoFactor.keys.lastUsedOn', { when: <When at={key.lastUsedAt} relative /> })
              : t.t('twoFactor.keys.neverUsed')}
          </div>
        </>
      ),
    },
    {
      header: <span class="visually-hidden">{t.t('twoFactor.keys.actions')}</span>,
      cell: (key) => (
        <form method="post" action={`/user/two-factor/keys/${encodeURIComponent(key.id)}/remove`}>
          <CsrfField token={csrfToken} />
          <button type="submit" class="button-secondary">
            {t.rich('twoFactor.keys.remove', { name: <span class="visually-hidden">{key.name}</span> })}
          </button>
        </form>
      ),
    },
  ];
}

function KeysSection(props: TwoFactorPageProps) {
  const t = useTranslator();
  const keys = props.status.keys;
  return (
    <section class="card" aria-labelledby="keys-title">
      <h2 id="keys-title">{t.t('twoFactor.keys.title')}</h2>
      {keys.length > 0 ? (
        <DataTable
          caption={t.t('twoFactor.keys.caption')}
          captionHidden
          columns={keyColumns(t, props.csrfToken)}
          rows={keys}
        />
      ) : (
        <p>{t.t('twoFactor.keys.none')}</p>
      )}
      {props.keyOptions && (
        <form
          method="post"
          action="/user/two-factor/keys"
          data-webauthn="create"
          data-options={props.keyOptions}
          novalidate
        >
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="response" value="" />
          <Field
            name="name"
            label={t.t('twoFactor.keys.newName')}
            hint={t.t('twoFactor.keys.newNameHint')}
            errors={props.errors}
            required
            maxLength={60}
          />
          <p class="hint webauthn-needs-script">{t.t('secondFactor.needsScript')}</p>
          <button type="submit" disabled>
            {t.t('twoFactor.keys.add')}
          </button>
          <script src="/static/webauthn.js" defer></script>
        </form>
      )}
    </section>
  );
}
