/**
 * Admin Console → Options → Web services: the API tokens (list, create, revoke) and the addresses
 * allowed to call the XML-RPC web services. A new token is shown once, on the page that answers
 * the create form, and is stored nowhere.
 */
import { When } from '../components/when.js';
import { API_SCOPES, SCOPE_NAMES } from '../../api-tokens/api-tokens.service.js';
import type { PresentedApiToken } from '../../api-tokens/api-token.presenter.js';
import { byText, DataTable, type Column, type Compare, type SortState } from '../components/data-table.js';
import { CsrfField, ErrorSummary, Field, Notice, TextArea, type FieldErrors } from '../components/forms.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import { useAdminTranslator } from '../components/translation.js';
import { AdminPage, type AdminFrame } from './admin.pages.js';

export const WEB_SERVICES_PAGE = '/admin/options/web-services';
export const CREATE_TOKEN_ACTION = `${WEB_SERVICES_PAGE}/tokens`;
/** The Revoke confirmation page (GET) and its form's action (POST). */
export const revokeTokenAction = (id: string) =>
  `${WEB_SERVICES_PAGE}/tokens/${encodeURIComponent(id)}/revoke`;

/** The form name of a scope's checkbox. */
export const scopeField = (scope: string) => `scope:${scope}`;

// Module-level English: the Admin Console always renders in English.
const LABELS = {
  name: adminEnglish.t('admin.webServices.tokenName'),
  scopes: adminEnglish.t('admin.webServices.scopes'),
  expires: adminEnglish.t('admin.apiTokens.expires'),
  webServicesAllowedAddresses: adminEnglish.t('admin.webServices.allowedAddresses'),
};

export interface TokenFormValues {
  name: string;
  scopes: string[];
  /** The expiry date as typed (`YYYY-MM-DD`), or empty. */
  expires: string;
}

/** The create form as first shown: nothing ticked, so a token gets only what was chosen. */
export const EMPTY_TOKEN_FORM: TokenFormValues = { name: '', scopes: [], expires: '' };

export interface WebServicesPageProps {
  frame: AdminFrame;
  /** In the order of `sort`. */
  tokens: PresentedApiToken[];
  sort?: SortState;
  /** The allowed-address list as saved or as typed. */
  allowedAddresses: string;
  addressErrors?: FieldErrors;
  tokenValues?: TokenFormValues;
  tokenErrors?: FieldErrors;
  /** The token just created: shown on this response only. */
  created?: { token: string; name: string };
  notice?: string;
}

function NewToken({ created }: { created: { token: string; name: string } }) {
  const t = useAdminTranslator();
  return (
    <section class="card" aria-labelledby="new-token-title">
      <h2 id="new-token-title">{t.t('admin.webServices.newToken', { name: created.name })}</h2>
      <Notice kind="warning">
        <p>{t.t('admin.webServices.copyNow')}</p>
      </Notice>
      <pre>
        <code id="new-token">{created.token}</code>
      </pre>
      <p>
        {t.rich('admin.webServices.howToUse', {
          rpcPath: <code>POST /rpc/api/xmlrpc</code>,
          header: <code>Authorization: Bearer …</code>,
          apiPath: <code>/api/v1</code>,
        })}
      </p>
    </section>
  );
}

/** The token list's sort keys; the list is short, so the route sorts it in memory. */
export const TOKEN_SORTS: ReadonlyMap<string, Compare<PresentedApiToken>> = new Map([
  ['name', byText((token: PresentedApiToken) => token.name)],
  ['created', byText((token: PresentedApiToken) => token.createdAt)],
  ['last-used', byText((token: PresentedApiToken) => token.lastUsedAt)],
  ['expires', byText((token: PresentedApiToken) => token.expiresAt)],
  ['status', byText((token: PresentedApiToken) => token.status)],
]);

/** Oldest first, the order tokens were created in. */
export const DEFAULT_TOKEN_SORT: SortState = { key: 'created', dir: 'asc' };

/** What the Status column says: revoked or expired with when, else active (with its expiry, if any). */
function TokenStatus({ token }: { token: PresentedApiToken }) {
  const t = useAdminTranslator();
  if (token.status === 'revoked')
    return (
      <>
        {t.t('admin.apiTokens.status.revoked')} <When at={token.revokedAt} />
      </>
    );
  if (token.status === 'expired')
    return (
      <>
        {t.t('admin.apiTokens.status.expired')} <When at={token.expiresAt} />
      </>
    );
  return <>{t.t('admin.apiTokens.status.active')}</>;
}

function tokenColumns(): Column<PresentedApiToken>[] {
  const t = adminEnglish;
  return [
    { header: t.t('admin.apiTokens.column.name'), sort: 'name', cell: (token) => token.name },
    { header: t.t('admin.apiTokens.column.scopes'), cell: (token) => token.scopes.join(', ') },
    {
      header: t.t('admin.apiTokens.column.created'),
      sort: 'created',
      cell: (token) => (
        <>
          <When at={token.createdAt} /> {t.t('admin.apiTokens.createdBy', { name: token.createdBy })}
        </>
      ),
    },
    {
      header: t.t('admin.apiTokens.column.lastUsed'),
      sort: 'last-used',
      cell: (token) =>
        token.lastUsedAt ? (
          <>
            <When at={token.lastUsedAt} relative />{' '}
            {t.t('admin.apiTokens.usedFrom', { address: token.lastUsedIp })}
          </>
        ) : (
          t.t('admin.apiTokens.never')
        ),
    },
    {
      header: t.t('admin.apiTokens.column.expires'),
      sort: 'expires',
      cell: (token) => (token.expiresAt ? <When at={token.expiresAt} /> : t.t('admin.apiTokens.never')),
    },
    {
      header: t.t('admin.apiTokens.column.status'),
      sort: 'status',
      cell: (token) => <TokenStatus token={token} />,
    },
    {
      header: <span class="visually-hidden">{t.t('admin.apiTokens.column.actions')}</span>,
      // A link to a confirmation page, not a form: revoking is for good, so it is asked first.
      cell: (token) =>
        token.status === 'active' && (
          <a
            class="button button-secondary"
            href={revokeTokenAction(token.id)}
            aria-label={t.t('admin.apiTokens.revokeLabel', { name: token.name })}
          >
            {t.t('admin.apiTokens.revoke')}
          </a>
        ),
    },
  ];
}

function CreateTokenForm({
  frame,
  values,
  errors,
}: {
  frame: AdminFrame;
  values: TokenFormValues;
  errors?: FieldErrors;
}) {
  const t = useAdminTranslator();
  const scopeError = errors?.scopes;
  return (
    <form method="post" action={CREATE_TOKEN_ACTION} novalidate>
      <CsrfField token={frame.csrfToken} />
      <Field
        name="name"
        label={LABELS.name}
        value={values.name}
        errors={errors}
        required
        maxLength={64}
        autocomplete="off"
        hint={t.t('admin.webServices.tokenNameHint')}
      />
      <fieldset
        id="field-scopes"
        class={`field${scopeError ? ' field-invalid' : ''}`}
        aria-describedby={scopeError ? 'field-scopes-error' : undefined}
      >
        <legend>{LABELS.scopes}</legend>
        {scopeError && (
          <p class="field-error" id="field-scopes-error">
            {scopeError}
          </p>
        )}
        {SCOPE_NAMES.map((scope) => {
          const id = `field-scope-${scope.replace(':', '-')}`;
          return (
            <div class="field field-checkbox">
              <input
                id={id}
                type="checkbox"
                name={scopeField(scope)}
                value="on"
                checked={values.scopes.includes(scope)}
                aria-describedby={`${id}-hint`}
              />
              <label for={id}>
                <code>{scope}</code>
              </label>
              <p class="hint" id={`${id}-hint`}>
                {API_SCOPES[scope]}
              </p>
            </div>
          );
        })}
      </fieldset>
      <Field
        name="expires"
        type="date"
        label={LABELS.expires}
        value={values.expires}
        errors={errors}
        hint={t.t('admin.apiTokens.expiresHint')}
      />
      <button type="submit">{t.t('admin.webServices.createSubmit')}</button>
    </form>
  );
}

export function WebServicesPage(props: WebServicesPageProps) {
  const t = useAdminTranslator();
  const { frame } = props;
  return (
    <AdminPage frame={frame} title={t.t('admin.webServices.title')} section="options" tab={WEB_SERVICES_PAGE}>
      <h1>{t.t('admin.webServices.title')}</h1>
      {props.notice && <Notice kind="success">{props.notice}</Notice>}
      {props.created && <NewToken created={props.created} />}

      <section class="card" aria-labelledby="tokens-title">
        <h2 id="tokens-title">{t.t('admin.webServices.tokens')}</h2>
        <p>{t.t('admin.webServices.tokensIntro')}</p>
        <DataTable
          caption={t.t('admin.webServices.tokens')}
          captionHidden
          columns={tokenColumns()}
          rows={props.tokens}
          empty={t.t('admin.webServices.noTokens')}
          sorting={{
            current: props.sort ?? DEFAULT_TOKEN_SORT,
            path: WEB_SERVICES_PAGE,
            params: new URLSearchParams(),
          }}
        />
      </section>

      <section class="card" aria-labelledby="create-token-title">
        <h2 id="create-token-title">{t.t('admin.webServices.create')}</h2>
        <ErrorSummary errors={props.tokenErrors} labels={LABELS} />
        <CreateTokenForm
          frame={frame}
          values={props.tokenValues ?? EMPTY_TOKEN_FORM}
          errors={props.tokenErrors}
        />
      </section>

      <section class="card" aria-labelledby="addresses-title">
        <h2 id="addresses-title">{LABELS.webServicesAllowedAddresses}</h2>
        <p>{t.t('admin.webServices.addressesIntro')}</p>
        <ErrorSummary errors={props.addressErrors} labels={LABELS} />
        <form method="post" action={WEB_SERVICES_PAGE} novalidate>
          <CsrfField token={frame.csrfToken} />
          <TextArea
            name="webServicesAllowedAddresses"
            label={LABELS.webServicesAllowedAddresses}
            value={props.allowedAddresses}
            errors={props.addressErrors}
            rows={3}
            hint={t.t('admin.webServices.addressesHint')}
          />
          <button type="submit">{t.t('admin.webServices.saveAddresses')}</button>
        </form>
      </section>
    </AdminPage>
  );
}
