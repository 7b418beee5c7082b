/**
 * The Google Workspace adapter of the DirectoryClient port, over the Admin SDK Directory API.
 *
 *   const client = createGoogleClient(googleConfig({ serviceAccountKey: readFileSync('key.json', 'utf8'), adminEmail: 'admin@example.org' }));
 *   await client.check();                                  // a token, then one user
 *   for await (const page of client.users()) stage(page);  // pages of config.pageSize, ordered by email
 *   for await (const page of client.groups()) stage(page); // groups with their direct members' ids
 *
 * Authentication: the service account signs an RS256 JWT (node:crypto) that impersonates
 * `adminEmail` (domain-wide delegation) and exchanges it at the key's token_uri for an access
 * token, which is kept until shortly before it expires. Users are identified by Google's immutable
 * user id, so a renamed account stays the same Quire user. Google users sign in with "Sign in with
 * Google": this source checks no passwords.
 */
import { createPrivateKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import { SourceError } from '../../errors.js';
import type { AuthOutcome, DirectoryClient, DirectoryGroup, DirectoryUser } from '../directory.port.js';
import { MAX_RESPONSE_BYTES, readBoundedText, retryAfterMs } from '../bounded-response.js';
import type { GoogleSourceConfig, ServiceAccountKey } from './google.config.js';

/** What the service account asks for: read-only users, groups and group members. */
export const GOOGLE_SCOPES = [
  'https://www.googleapis.com/auth/admin.directory.user.readonly',
  'https://www.googleapis.com/auth/admin.directory.group.readonly',
  'https://www.googleapis.com/auth/admin.directory.group.member.readonly',
] as const;

export interface GoogleClientContext {
  fetch?: typeof fetch;
  /** First back-off for a 5xx answer without Retry-After; doubled at each retry. */
  retryBaseMs?: number;
  /** Largest response body read (default 32 MiB). Small in tests. */
  maxResponseBytes?: number;
}

/** Attempts per request (the first and the retries) on throttling or a server error. */
const MAX_ATTEMPTS = 5;
/** A Retry-After longer than this ends the run: waiting longer would hold the sync lease for nothing. */
const MAX_RETRY_AFTER_MS = 120_000;
/** The most one read (the users, or the groups with their members) waits for retries, in total. */
const MAX_RUN_WAIT_MS = 5 * 60_000;
/** Every retry counts at least this much against that budget, even after `Retry-After: 0`. */
const MIN_RETRY_CHARGE_MS = 1000;
/** The token is renewed this long before Google says it expires. */
const TOKEN_MARGIN_MS = 60_000;
const GROUP_PAGE_SIZE = 200;
const INVALID: AuthOutcome = { ok: false, reason: 'invalid' };

/** The fields of a Directory API user that Quire reads (projection=full). */
interface GoogleUser {
  id?: string;
  primaryEmail?: string;
  name?: { fullName?: string; givenName?: string; familyName?: string };
  emails?: { address?: string; primary?: boolean }[];
  organizations?: { primary?: boolean; department?: string; location?: string }[];
  locations?: { buildingId?: string }[];
  externalIds?: { type?: string; value?: string }[];
  suspended?: boolean;
  archived?: boolean;
}

interface GoogleGroup {
  id?: string;
  email?: string;
  name?: string;
}

interface GoogleMember {
  id?: string;
  email?: string;
  type?: string;
}

/** What one read has waited for retries so far. */
interface Budget {
  waitedMs: number;
}

interface ListPage<T> {
  items: T[];
  nextPageToken?: string;
}

/** Parses a service account's JSON key; throws SourceError (never quoting the key) when it is not one. */
export function parseServiceAccountKey(json: string): ServiceAccountKey & { client_id?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new SourceError(
      'The service account key is not JSON. Upload the key file downloaded from the Google Cloud console (IAM → Service accounts → Keys → Add key → JSON).',
    );
  }
  const key = parsed as Partial<ServiceAccountKey> & { client_id?: unknown };
  const missing = (['client_email', 'private_key', 'token_uri'] as const).filter(
    (name) => typeof key?.[name] !== 'string' || key[name] === '',
  );
  if (missing.length > 0)
    throw new SourceError(
      `The service account key lacks ${missing.join(', ')}: it is not a service account's JSON key.`,
    );
  return {
    ...(key as ServiceAccountKey),
    client_id: typeof key.client_id === 'string' ? key.client_id : undefined,
  };
}

const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/** The signed assertion of the JWT bearer grant (RFC 7523) that Google's token endpoint takes. */
export function signServiceAccountJwt(
  key: ServiceAccountKey,
  privateKey: KeyObject,
  subject: string,
  nowSeconds: number,
): string {
  const header = { alg: 'RS256', typ: 'JWT', ...(key.private_key_id ? { kid: key.private_key_id } : {}) };
  const claims = {
    iss: key.client_email,
    sub: subject,
    scope: GOOGLE_SCOPES.join(' '),
    aud: key.token_uri,
    iat: nowSeconds,
    exp: nowSeconds + 3600,
    jti: randomUUID(),
  };
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

export function createGoogleClient(
  config: GoogleSourceConfig,
  context: GoogleClientContext = {},
): DirectoryClient {
  const doFetch = context.fetch ?? fetch;
  const retryBaseMs = context.retryBaseMs ?? 500;
  const maxResponseBytes = context.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  /** Aborts pending requests and back-off waits when the client is closed. */
  const closing = new AbortController();
  const api = `${config.apiUrl.replace(/\/+$/, '')}/admin/directory/v1`;
  let token: { value: string; expiresAt: number } | null = null;
  let key: (ServiceAccountKey & { client_id?: string }) | null = null;
  let privateKey: KeyObject | null = null;

  /** Secrets never reach a message, whatever a server echoes. */
  function redact(message: string): string {
    let out = message;
    for (const secret of [key?.private_key, token?.value])
      if (secret && secret.length >= 8) out = out.split(secret).join('[redacted]');
    return out;
  }

  function loadKey(): { key: ServiceAccountKey & { client_id?: string }; privateKey: KeyObject } {
    if (!key || !privateKey) {
      const parsed = parseServiceAccountKey(config.serviceAccountKey);
      try {
        privateKey = createPrivateKey(parsed.private_key);
      } catch {
        throw new SourceError(
          `The private key in the service account key of ${parsed.client_email} cannot be read. Create a new JSON key for the service account and upload it.`,
        );
      }
      key = parsed;
    }
    return { key, privateKey };
  }

  /**
   * One HTTP exchange with the timeout, its body read up to maxResponseBytes; network failures,
   * timeouts, oversized answers and a close() meanwhile become SourceError.
   */
  async function send(
    url: string,
    init: RequestInit,
    what: string,
  ): Promise<{ status: number; ok: boolean; headers: Headers; text: string }> {
    const signal = AbortSignal.any([AbortSignal.timeout(config.timeoutMs), closing.signal]);
    try {
      const response = await doFetch(url, { ...init, signal, redirect: 'error' });
      const text = await readBoundedText(response, maxResponseBytes, `Google Workspace (${what})`);
      return { status: response.status, ok: response.ok, headers: response.headers, text };
    } catch (error) {
      if (error instanceof SourceError) throw new SourceError(redact(error.message));
      if (closing.signal.aborted)
        throw new SourceError('The Google Workspace source was closed while reading.');
      const cause = error as Error & { cause?: { code?: string } };
      const reason =
        cause.name === 'TimeoutError'
          ? `no answer within ${config.timeoutMs} ms`
          : (cause.cause?.code ?? cause.message);
      throw new SourceError(
        redact(`Google Workspace could not be reached (${what}: ${reason}). Nothing was changed.`),
      );
    }
  }

  async function accessToken(): Promise<string> {
    if (token && Date.now() < token.expiresAt - TOKEN_MARGIN_MS) return token.value;
    const { key: sa, privateKey: pk } = loadKey();
    const assertion = signServiceAccountJwt(sa, pk, config.adminEmail, Math.floor(Date.now() / 1000));
    const body = new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion,
    });
    const response = await send(
      sa.token_uri,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
      },
      'token request',
    );
    const text = response.text;
    let json: { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } =
      {};
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      throw new SourceError(
        `The token endpoint ${sa.token_uri} answered HTTP ${response.status} with something that is not JSON. Check the token_uri of the service account key.`,
      );
    }
    if (!response.ok || typeof json.access_token !== 'string')
      throw new SourceError(redact(tokenProblem(sa, response.status, json)));
    const expiresIn = typeof json.expires_in === 'number' ? json.expires_in : 3600;
    token = { value: json.access_token, expiresAt: Date.now() + expiresIn * 1000 };
    return token.value;
  }

  /** Google's token endpoint errors, in words that say what to fix. */
  function tokenProblem(
    sa: ServiceAccountKey & { client_id?: string },
    status: number,
    json: { error?: unknown; error_description?: unknown },
  ): string {
    const error = typeof json.error === 'string' ? json.error : `HTTP ${status}`;
    const description =
      typeof json.error_description === 'string' ? json.error_description.slice(0, 300) : '';
    const said = description ? ` (Google said: ${error}: ${description})` : ` (${error})`;
    if (error === 'unauthorized_client') {
      return `Google refused the token: domain-wide delegation is not set up for this client id${sa.client_id ? ` (${sa.client_id})` : ''} with these scopes. In the Admin console, under Security → Access and data control → API controls → Manage domain-wide delegation, add the client id with the scopes ${GOOGLE_SCOPES.join(',')}${said}.`;
    }
    if (error === 'invalid_client') {
      return `Google does not accept the service account ${sa.client_email} or its key: the key may have been deleted or disabled, or the service account removed. Create a new JSON key and upload it${said}.`;
    }
    if (error === 'invalid_grant' && /signature/i.test(description)) {
      return `Google refused the signature of the service account ${sa.client_email}: the key is not (or no longer) one of its keys. Create a new JSON key and upload it${said}.`;
    }
    if (error === 'invalid_grant') {
      return `Google refused to let ${sa.client_email} act as ${config.adminEmail}: check that the administrator email is an existing user of the Workspace account, and that this server's clock is right${said}.`;
    }
    return `Google refused the token request of ${sa.client_email}${said}.`;
  }

  /** Waits `ms`, or fails at once when the client is closed meanwhile (a server shutdown does not wait out a back-off). */
  function sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        reject(new SourceError('The Google Workspace source was closed while waiting to retry.'));
      };
      const timer = setTimeout(() => {
        closing.signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      if (closing.signal.aborted) onAbort();
      else closing.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * GETs one page of the Directory API as JSON. Throttling (429, 503, 403 rateLimitExceeded) waits
   * for Retry-After (or backs off) and asks for the same page again, a bounded number of times; a
   * refused token is renewed once; everything else is a SourceError naming the problem.
   */
  async function getJson(
    path: string,
    query: Record<string, string>,
    what: string,
    budget: Budget,
  ): Promise<Record<string, unknown>> {
    const url = `${api}${path}?${new URLSearchParams(query)}`;
    let renewed = false;
    for (let attempt = 1; ; attempt++) {
      const response = await send(
        url,
        { headers: { authorization: `Bearer ${await accessToken()}`, accept: 'application/json' } },
        what,
      );
      const text = response.text;
      let json: Record<string, unknown> | null;
      try {
        json = JSON.parse(text) as Record<string, unknown>;
      } catch {
        json = null;
      }
      if (response.ok) {
        if (!json || typeof json !== 'object')
          throw new SourceError(
            `Google Workspace answered ${what} with something that is not JSON. Nothing was changed.`,
          );
        return json;
      }
      const failure = apiError(json);
      const throttled =
        response.status === 429 ||
        response.status === 503 ||
        (response.status === 403 && /rateLimitExceeded|quotaExceeded/i.test(failure.reason));
      if (throttled || response.status >= 500) {
        const retryAfter = retryAfterMs(response.headers.get('retry-after'));
        if (retryAfter !== null && retryAfter > MAX_RETRY_AFTER_MS) {
          throw new SourceError(
            `Google Workspace asked to wait ${Math.round(retryAfter / 1000)} s before ${what}; the run stopped and nothing was changed. Try again later.`,
          );
        }
        const waitMs = retryAfter ?? retryBaseMs * 2 ** (attempt - 1);
        const charge = Math.max(waitMs, MIN_RETRY_CHARGE_MS);
        if (attempt < MAX_ATTEMPTS && budget.waitedMs + charge <= MAX_RUN_WAIT_MS) {
          budget.waitedMs += charge;
          await sleep(waitMs);
          continue;
        }
        const kind = throttled ? 'kept throttling' : `kept failing (HTTP ${response.status})`;
        throw new SourceError(
          redact(
            `Google Workspace ${kind} on ${what} after ${attempt} attempts${failure.message ? `: ${failure.message}` : ''}. Nothing was changed.`,
          ),
        );
      }
      if (response.status === 401 && !renewed) {
        renewed = true;
        token = null;
        continue;
      }
      throw new SourceError(redact(apiProblem(response.status, failure, what)));
    }
  }

  function apiProblem(status: number, failure: { message: string; reason: string }, what: string): string {
    const said = failure.message ? ` (Google said: ${failure.message.slice(0, 300)})` : '';
    if (status === 401)
      return `Google Workspace refused the access token on ${what}${said}. Check the service account key and domain-wide delegation.`;
    if (
      status === 403 &&
      /accessNotConfigured|SERVICE_DISABLED|has not been used|is disabled/i.test(
        `${failure.reason} ${failure.message}`,
      )
    ) {
      return `The Admin SDK API is not enabled in the service account's Google Cloud project: enable it under APIs & Services → Library → Admin SDK API${said}.`;
    }
    if (status === 403) {
      return `The administrator ${config.adminEmail} lacks the privilege to read ${what.startsWith('group') ? 'groups' : 'users'}: use a super administrator, or an admin role with Users → Read and Groups → Read${said}.`;
    }
    if (status === 400 || status === 404)
      return `Google Workspace refused ${what}: check the customer id ("${config.customer}")${config.domain ? ` and the domain ("${config.domain}")` : ''}${said}.`;
    return `Google Workspace answered ${what} with HTTP ${status}${said}. Nothing was changed.`;
  }

  /** Every item of a paged list, one page at a time, following nextPageToken. */
  async function* pages<T>(
    path: string,
    query: Record<string, string>,
    field: string,
    what: string,
    budget: Budget,
  ): AsyncGenerator<ListPage<T>> {
    let pageToken: string | undefined;
    let page = 0;
    do {
      page++;
      const json = await getJson(
        path,
        pageToken ? { ...query, pageToken } : query,
        `${what} (page ${page})`,
        budget,
      );
      const items = json[field] ?? [];
      if (!Array.isArray(items))
        throw new SourceError(
          `Google Workspace answered ${what} (page ${page}) without a list of ${field}. Nothing was changed.`,
        );
      const next = json.nextPageToken;
      pageToken = typeof next === 'string' && next !== '' ? next : undefined;
      yield { items: items as T[], nextPageToken: pageToken };
    } while (pageToken);
  }

  /** Users of the customer, or of one domain when set. */
  const scope = (): Record<string, string> =>
    config.domain ? { domain: config.domain } : { customer: config.customer };

  function toUser(u: GoogleUser): DirectoryUser {
    const email = u.primaryEmail ?? '';
    const orgs = u.organizations ?? [];
    const org = orgs.find((o) => o.primary) ?? orgs[0];
    const username = email.split('@')[0]!;
    return {
      externalId: u.id ?? '',
      ref: u.id ?? '',
      username,
      fullName: u.name?.fullName ?? [u.name?.givenName, u.name?.familyName].filter(Boolean).join(' '),
      email,
      department: org?.department ?? '',
      office: u.locations?.[0]?.buildingId || org?.location || '',
      cardNumber: u.externalIds?.find((e) => e.type === 'organization')?.value ?? '',
      cardNumber2: '',
      otherEmails: (u.emails ?? [])
        .map((e) => e.address ?? '')
        .filter((a) => a !== '' && a.toLowerCase() !== email.toLowerCase()),
      alias: '',
      home: '',
      pin: '',
      disabled: u.suspended === true || u.archived === true,
    };
  }

  return {
    canAuthenticate: false,
    canChangePassword: false,

    async check() {
      await getJson('/users', { ...scope(), maxResults: '1' }, 'the user list', { waitedMs: 0 });
    },

    async *users() {
      const query = { ...scope(), maxResults: String(config.pageSize), projection: 'full', orderBy: 'email' };
      const budget: Budget = { waitedMs: 0 };
      for await (const page of pages<GoogleUser>('/users', query, 'users', 'the user list', budget)) {
        if (page.items.some((u) => typeof u?.id !== 'string'))
          throw new SourceError('Google Workspace listed a user without an id. Nothing was changed.');
        yield page.items.map(toUser);
      }
    },

    async *groups() {
      if (!config.importGroups) return;
      const budget: Budget = { waitedMs: 0 };
      for await (const page of pages<GoogleGroup>(
        '/groups',
        { ...scope(), maxResults: String(GROUP_PAGE_SIZE) },
        'groups',
        'the group list',
        budget,
      )) {
        const groups: DirectoryGroup[] = [];
        for (const group of page.items) {
          if (typeof group?.id !== 'string')
            throw new SourceError('Google Workspace listed a group without an id. Nothing was changed.');
          const memberRefs: string[] = [];
          const label = `group members of ${group.email ?? group.id}`;
          for await (const members of pages<GoogleMember>(
            `/groups/${encodeURIComponent(group.id)}/members`,
            { maxResults: String(GROUP_PAGE_SIZE) },
            'members',
            label,
            budget,
          )) {
            // A CUSTOMER member stands for "everyone in the organisation": not a user or a group to resolve.
            for (const m of members.items)
              if (typeof m?.id === 'string' && m.type !== 'CUSTOMER') memberRefs.push(m.id);
          }
          groups.push({ ref: group.id, name: group.name || group.email || group.id, memberRefs });
        }
        if (groups.length > 0) yield groups;
      }
    },

    async authenticate(): Promise<AuthOutcome> {
      // Google Workspace users sign in with "Sign in with Google"; there is no password to check here.
      return INVALID;
    },

    async changePassword() {
      throw new SourceError('Passwords of Google Workspace users are changed in Google, not through Quire.');
    },

    async close() {
      token = null;
      closing.abort();
    },
  };
}

/** Google's JSON error body: { error: { code, message, errors: [{ reason }], status } }. */
function apiError(json: Record<string, unknown> | null): { message: string; reason: string } {
  const error = json?.error as
    { message?: unknown; status?: unknown; errors?: { reason?: unknown }[] } | undefined;
  if (!error || typeof error !== 'object') return { message: '', reason: '' };
  const reasons = Array.isArray(error.errors) ? error.errors.map((e) => String(e?.reason ?? '')) : [];
  return {
    message: typeof error.message === 'string' ? error.message : '',
    reason: [...reasons, typeof error.status === 'string' ? error.status : ''].join(' '),
  };
}
