/**
 * A local Google Workspace for tests: an OAuth token endpoint that takes service-account JWTs
 * (RFC 7523, checked like Google does: RS256 signature against the registered key, aud, exp, the
 * delegated scopes and an allowed administrator as `sub`) and the Admin SDK Directory API's user,
 * group and member lists with its paging (maxResults, pageToken / nextPageToken), Bearer check and
 * JSON error bodies. Tests change the directory between runs and inject faults.
 *
 *   const google = await startGoogleDirectoryServer({ admins: ['admin@example.org'] });
 *   google.users.push(googleUser({ id: '1001', primaryEmail: 'alice@example.org', fullName: 'Alice Archer' }));
 *   const key = google.serviceAccountKey();                       // JSON key, token_uri → this server
 *   createGoogleClient(googleConfig({ serviceAccountKey: key, adminEmail: 'admin@example.org', apiUrl: google.url }));
 *   google.injectFault({ on: 'request', n: 2, status: 429, retryAfter: 1 });
 *   await google.close();
 */
import { createPublicKey, generateKeyPairSync, randomBytes, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const DIRECTORY_SCOPES = [
  'https://www.googleapis.com/auth/admin.directory.user.readonly',
  'https://www.googleapis.com/auth/admin.directory.group.readonly',
  'https://www.googleapis.com/auth/admin.directory.group.member.readonly',
];

/** A Directory API user as the API returns it (projection=full), the fields Quire reads. */
export interface GoogleUserResource {
  kind: 'admin#directory#user';
  id: string;
  primaryEmail: string;
  name: { fullName: string; givenName?: string; familyName?: string };
  emails?: { address: string; primary?: boolean }[];
  organizations?: { primary?: boolean; department?: string; location?: string }[];
  locations?: { buildingId?: string; type?: string }[];
  externalIds?: { type: string; value: string }[];
  suspended?: boolean;
  archived?: boolean;
}

export interface GoogleGroupResource {
  id: string;
  email: string;
  name: string;
  members: { id: string; email: string; type: 'USER' | 'GROUP' | 'CUSTOMER' }[];
}

/** A user resource from the few fields a test cares about. */
export function googleUser(input: {
  id: string;
  primaryEmail: string;
  fullName?: string;
  department?: string;
  buildingId?: string;
  cardNumber?: string;
  aliases?: string[];
  suspended?: boolean;
  archived?: boolean;
}): GoogleUserResource {
  return {
    kind: 'admin#directory#user',
    id: input.id,
    primaryEmail: input.primaryEmail,
    name: { fullName: input.fullName ?? input.primaryEmail.split('@')[0]! },
    emails: [
      { address: input.primaryEmail, primary: true },
      ...(input.aliases ?? []).map((address) => ({ address })),
    ],
    ...(input.department ? { organizations: [{ primary: true, department: input.department }] } : {}),
    ...(input.buildingId ? { locations: [{ type: 'desk', buildingId: input.buildingId }] } : {}),
    ...(input.cardNumber ? { externalIds: [{ type: 'organization', value: input.cardNumber }] } : {}),
    suspended: input.suspended ?? false,
    ...(input.archived !== undefined ? { archived: input.archived } : {}),
  };
}

/** When and how a request fails: the Nth API request (once), every request for a list's page N, or everything. */
export type GoogleFault =
  | { on: 'request'; n: number; status: number; retryAfter?: number; reason?: string; message?: string }
  | {
      on: 'page';
      list: 'users' | 'groups' | 'members';
      page: number;
      status: number;
      retryAfter?: number;
      reason?: string;
      message?: string;
    }
  | { on: 'all'; status: number; retryAfter?: number; reason?: string; message?: string };

export interface ServiceAccount {
  clientEmail: string;
  clientId: string;
  publicKey: KeyObject;
  /** The JSON key file's text, as the Google Cloud console downloads it. */
  keyJson: string;
}

export interface GoogleDirectoryServer {
  /** The API root (config.apiUrl). */
  url: string;
  tokenUri: string;
  customerId: string;
  users: GoogleUserResource[];
  groups: GoogleGroupResource[];
  /** Administrators a service account may act as. */
  admins: Set<string>;
  /** Scopes granted by domain-wide delegation, per service account client id. */
  delegatedScopes: Map<string, string[]>;
  /** Every API request (not token requests), in order: path and query. */
  requests: { path: string; query: Record<string, string>; at: number }[];
  tokenRequests: number;
  /** API requests numbered so far (what a `{ on: 'request', n }` fault counts). */
  apiRequests: number;
  /** The default service account's JSON key (registered, delegated for the directory scopes). */
  serviceAccountKey(): string;
  /** Another registered service account, optionally without delegation. */
  createServiceAccount(options?: { delegated?: boolean; tokenUri?: string }): ServiceAccount;
  injectFault(fault: GoogleFault): void;
  clearFaults(): void;
  close(): Promise<void>;
}

/**
 * Creates a service account's key pair and its JSON key file with token_uri pointing at `tokenUri`.
 * The private key never leaves the returned JSON.
 */
export function createServiceAccountKey(tokenUri: string, name = 'quire-sync'): ServiceAccount {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const clientId = String(100_000_000_000_000_000_000n + BigInt(`0x${randomBytes(6).toString('hex')}`));
  const clientEmail = `${name}@quire-test.iam.gserviceaccount.com`;
  const keyJson = JSON.stringify(
    {
      type: 'service_account',
      project_id: 'quire-test',
      private_key_id: randomBytes(20).toString('hex'),
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: clientEmail,
      client_id: clientId,
      auth_uri: 'https://accounts.google.com/o/oauth2/auth',
      token_uri: tokenUri,
    },
    null,
    2,
  );
  return { clientEmail, clientId, publicKey: createPublicKey(privateKey), keyJson };
}

const API = '/admin/directory/v1';

function apiErrorBody(status: number, message: string, reason: string) {
  const statusText: Record<number, string> = {
    400: 'INVALID_ARGUMENT',
    401: 'UNAUTHENTICATED',
    403: 'PERMISSION_DENIED',
    404: 'NOT_FOUND',
    429: 'RESOURCE_EXHAUSTED',
    500: 'INTERNAL',
    503: 'UNAVAILABLE',
  };
  return {
    error: {
      code: status,
      message,
      errors: [{ message, domain: 'global', reason }],
      status: statusText[status] ?? 'UNKNOWN',
    },
  };
}

const DEFAULT_REASONS: Record<number, [string, string]> = {
  401: ['authError', 'Invalid Credentials'],
  403: ['forbidden', 'Not Authorized to access this resource/api'],
  429: ['rateLimitExceeded', 'Quota exceeded for quota metric'],
  500: ['backendError', 'Backend Error'],
  503: ['backendError', 'The service is currently unavailable.'],
};

export async function startGoogleDirectoryServer(
  options: { admins?: string[]; customerId?: string } = {},
): Promise<GoogleDirectoryServer> {
  const accounts = new Map<string, ServiceAccount>();
  const tokens = new Map<string, { expiresAt: number }>();
  const faults: GoogleFault[] = [];

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', ...headers });
    res.end(JSON.stringify(body));
  }

  function tokenError(res: ServerResponse, status: number, error: string, description: string) {
    send(res, status, { error, error_description: description });
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  async function token(req: IncomingMessage, res: ServerResponse) {
    state.tokenRequests++;
    const form = new URLSearchParams(await readBody(req));
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer')
      return tokenError(
        res,
        400,
        'unsupported_grant_type',
        'Invalid grant_type: ' + (form.get('grant_type') ?? ''),
      );
    const parts = (form.get('assertion') ?? '').split('.');
    if (parts.length !== 3) return tokenError(res, 400, 'invalid_request', 'Invalid JWT.');
    let header: { alg?: string };
    let claims: { iss?: string; sub?: string; scope?: string; aud?: string; iat?: number; exp?: number };
    try {
      header = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8')) as typeof header;
      claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as typeof claims;
    } catch {
      return tokenError(res, 400, 'invalid_request', 'Invalid JWT.');
    }
    const account = accounts.get(claims.iss ?? '');
    if (!account) return tokenError(res, 401, 'invalid_client', 'The OAuth client was not found.');
    const signed =
      header.alg === 'RS256' &&
      verify(
        'sha256',
        Buffer.from(`${parts[0]}.${parts[1]}`),
        account.publicKey,
        Buffer.from(parts[2]!, 'base64url'),
      );
    if (!signed) return tokenError(res, 400, 'invalid_grant', 'Invalid JWT Signature.');
    const now = Math.floor(Date.now() / 1000);
    if (claims.aud !== state.tokenUri)
      return tokenError(res, 400, 'invalid_grant', 'Invalid JWT: audience is not the token endpoint.');
    if (
      typeof claims.iat !== 'number' ||
      typeof claims.exp !== 'number' ||
      claims.exp <= now ||
      claims.exp - claims.iat > 3600 ||
      claims.iat > now + 300
    ) {
      return tokenError(
        res,
        400,
        'invalid_grant',
        'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
      );
    }
    const requested = (claims.scope ?? '').split(' ').filter(Boolean);
    const granted = state.delegatedScopes.get(account.clientId) ?? [];
    if (requested.length === 0 || requested.some((s) => !granted.includes(s))) {
      return tokenError(
        res,
        401,
        'unauthorized_client',
        'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.',
      );
    }
    if (!claims.sub || !state.admins.has(claims.sub.toLowerCase()))
      return tokenError(res, 400, 'invalid_grant', 'Invalid email or User ID');
    const value = `ya29.${randomBytes(24).toString('base64url')}`;
    tokens.set(value, { expiresAt: Date.now() + 3600_000 });
    send(res, 200, { access_token: value, expires_in: 3599, token_type: 'Bearer' });
  }

  /** Offset-based paging behind an opaque token. */
  function paged<T>(
    list: T[],
    query: Record<string, string>,
    max: number,
    defaultMax: number,
  ): { items: T[]; nextPageToken?: string; page: number } | 'bad-token' {
    const size = Math.min(Math.max(Number(query.maxResults) || defaultMax, 1), max);
    let offset = 0;
    if (query.pageToken) {
      const decoded = /^o:(\d+)$/.exec(Buffer.from(query.pageToken, 'base64url').toString('utf8'));
      if (!decoded) return 'bad-token';
      offset = Number(decoded[1]);
    }
    const items = list.slice(offset, offset + size);
    const next =
      offset + size < list.length ? Buffer.from(`o:${offset + size}`).toString('base64url') : undefined;
    return { items, page: Math.floor(offset / size) + 1, ...(next ? { nextPageToken: next } : {}) };
  }

  function faultFor(n: number, list: string, page: number): GoogleFault | undefined {
    const index = faults.findIndex(
      (f) =>
        f.on === 'all' ||
        (f.on === 'request' && f.n === n) ||
        (f.on === 'page' && f.list === list && f.page === page),
    );
    const fault = faults[index];
    if (fault?.on === 'request') faults.splice(index, 1);
    return fault;
  }

  function api(req: IncomingMessage, res: ServerResponse, url: URL) {
    const n = ++state.apiRequests;
    const query = Object.fromEntries(url.searchParams);
    const path = url.pathname.slice(API.length);
    state.requests.push({ path, query, at: Date.now() });
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    const known = auth && tokens.get(auth[1]!);
    if (!known || known.expiresAt < Date.now())
      return send(
        res,
        401,
        apiErrorBody(
          401,
          'Request had invalid authentication credentials. Expected OAuth 2 access token.',
          'authError',
        ),
        { 'www-authenticate': 'Bearer realm="https://accounts.google.com/"' },
      );

    const members = /^\/groups\/([^/]+)\/members$/.exec(path);
    const list = path === '/users' ? 'users' : path === '/groups' ? 'groups' : members ? 'members' : '';
    if (!list) return send(res, 404, apiErrorBody(404, 'Not Found', 'notFound'));
    if (list !== 'members') {
      if (query.domain) {
        if (!state.users.some((u) => u.primaryEmail.endsWith(`@${query.domain}`)))
          return send(res, 400, apiErrorBody(400, 'Domain not found.', 'notFound'));
      } else if (query.customer !== 'my_customer' && query.customer !== state.customerId) {
        return send(res, 400, apiErrorBody(400, 'Bad Request', 'badRequest'));
      }
    }
    let all: unknown[];
    if (list === 'users') {
      all = state.users.filter((u) => !query.domain || u.primaryEmail.endsWith(`@${query.domain}`));
      if (query.orderBy === 'email')
        all = [...(all as GoogleUserResource[])].sort((a, b) => a.primaryEmail.localeCompare(b.primaryEmail));
    } else if (list === 'groups') {
      all = state.groups.map(({ members: _, ...group }) => ({ kind: 'admin#directory#group', ...group }));
    } else {
      const key = decodeURIComponent(members![1]!);
      const group = state.groups.find((g) => g.id === key || g.email === key);
      if (!group) return send(res, 404, apiErrorBody(404, 'Resource Not Found: groupKey', 'notFound'));
      all = group.members.map((m) => ({
        kind: 'admin#directory#member',
        role: 'MEMBER',
        status: 'ACTIVE',
        ...m,
      }));
    }
    const page = paged(all, query, list === 'users' ? 500 : 200, list === 'users' ? 100 : 200);
    if (page === 'bad-token') return send(res, 400, apiErrorBody(400, 'Invalid Input: pageToken', 'invalid'));
    const fault = faultFor(n, list, page.page);
    if (fault) {
      const [reason, message] = DEFAULT_REASONS[fault.status] ?? ['backendError', 'Error'];
      return send(
        res,
        fault.status,
        apiErrorBody(fault.status, fault.message ?? message, fault.reason ?? reason),
        fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {},
      );
    }
    const kind =
      list === 'users'
        ? 'admin#directory#users'
        : list === 'groups'
          ? 'admin#directory#groups'
          : 'admin#directory#members';
    send(res, 200, {
      kind,
      [list]: page.items,
      ...(page.nextPageToken ? { nextPageToken: page.nextPageToken } : {}),
    });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const handle = async () => {
      if (req.method === 'POST' && url.pathname === '/token') return token(req, res);
      if (req.method === 'GET' && url.pathname.startsWith(`${API}/`)) return api(req, res, url);
      send(res, 404, apiErrorBody(404, 'Not Found', 'notFound'));
    };
    handle().catch((error: Error) => send(res, 500, apiErrorBody(500, error.message, 'backendError')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const root = `http://127.0.0.1:${port}`;

  const state: GoogleDirectoryServer = {
    url: root,
    tokenUri: `${root}/token`,
    customerId: options.customerId ?? 'C01quire',
    users: [],
    groups: [],
    admins: new Set((options.admins ?? ['admin@example.org']).map((a) => a.toLowerCase())),
    delegatedScopes: new Map(),
    requests: [],
    tokenRequests: 0,
    apiRequests: 0,
    serviceAccountKey: () => defaultAccount.keyJson,
    createServiceAccount({ delegated = true, tokenUri } = {}) {
      const account = createServiceAccountKey(tokenUri ?? state.tokenUri, `quire-sync-${accounts.size + 1}`);
      accounts.set(account.clientEmail, account);
      if (delegated) state.delegatedScopes.set(account.clientId, [...DIRECTORY_SCOPES]);
      return account;
    },
    injectFault: (fault) => void faults.push(fault),
    clearFaults: () => void faults.splice(0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const defaultAccount = state.createServiceAccount();
  return state;
}
