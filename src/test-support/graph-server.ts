/**
 * A local Microsoft Graph (and Entra ID token endpoint) for tests and the sync benchmark, on a free
 * loopback port, speaking Graph's documented wire format:
 *   POST /{tenant}/oauth2/v2.0/token   client credentials with client_secret, or a client assertion
 *                                      (RS256 JWT, x5t = SHA-1 thumbprint of the registered
 *                                      certificate); AADSTS-style errors with 400/401
 *   GET  /v1.0/users/delta, /v1.0/groups/delta   delta rounds: `Prefer: odata.maxpagesize`,
 *        `@odata.nextLink` ($skiptoken) until `@odata.deltaLink` ($deltatoken), `$select` honoured;
 *        a deltatoken returns only what changed since (changed properties only, `@removed`,
 *        `members@delta` adds and removals); one group's members are split over several entries
 *   GET  /v1.0/users?$top=1             one user
 * Every Graph call needs a Bearer token from the token endpoint (401 with Graph's error JSON).
 *
 *   const graph = await startGraphServer({ users: 100_000 });   // generated lazily
 *   const config = entraConfig({ ...graph.credentials, graphUrl: graph.url, loginUrl: graph.url });
 *   graph.updateUser(graph.userId(3), { department: 'Sales' });  // the next delta round has it
 *   graph.fault({ endpoint: 'users/delta', nth: 2, status: 429, retryAfter: 1 });
 *   graph.expireDeltaTokens();                                  // deltaLinks answer 410
 *   await graph.stop();
 */
import { createHash, createPublicKey, randomBytes, randomUUID, verify, X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

export type GraphMemberType = '#microsoft.graph.user' | '#microsoft.graph.group';
export type GraphUser = { id: string } & Record<string, unknown>;

export interface GraphFault {
  /** 'token', 'users/delta', 'groups/delta' or 'users'. */
  endpoint: string;
  /** Fires from the nth request to the endpoint after the fault was added (1 = the next one). */
  nth: number;
  status: number;
  /** Sent as Retry-After: seconds, or a string as is (an HTTP-date, or something unreadable). */
  retryAfter?: number | string;
  /** How many requests it fires on (default: every one from the nth). */
  times?: number;
  /** Graph error code in the body (default by status). */
  code?: string;
  /** Raw body instead of Graph's error JSON (for a malformed answer, with status 200). */
  body?: string;
}

export interface GraphRequestRecord {
  method: string;
  endpoint: string;
  query: URLSearchParams;
  /** 'full' (a delta round from the start), 'delta' (from a deltatoken), 'page' (a skiptoken) or ''. */
  round: string;
  status: number;
  /** Objects in the answer's value list. */
  objects: number;
  at: number;
}

interface GroupState {
  displayName: string;
  members: Map<string, GraphMemberType>;
}

type Change = {
  version: number;
  kind: 'users' | 'groups';
  id: string;
  props?: string[];
  member?: { id: string; type: GraphMemberType; removed: boolean };
};

interface RoundState {
  kind: 'users' | 'groups';
  select: string[] | null;
  /** Full rounds: position in the ordered list; delta rounds: the precomputed answer. */
  position: number;
  items: Record<string, unknown>[] | null;
  /** The version the deltaLink at the end of this round continues from. */
  version: number;
}

export interface GraphServerOptions {
  /** Users generated lazily: user000001 … */
  users?: number;
  /** Generated groups (group0001 …), each of `membersPerGroup` consecutive users. */
  groups?: number;
  membersPerGroup?: number;
  /** A group's members are split over entries of this many (Graph splits large member lists). */
  memberChunk?: number;
  domain?: string;
  /** Default page size without Prefer. */
  defaultPageSize?: number;
}

const TENANT = 'contoso.example';
const USER_PROPS = [
  'id',
  'userPrincipalName',
  'onPremisesSamAccountName',
  'displayName',
  'mail',
  'otherMails',
  'department',
  'officeLocation',
  'accountEnabled',
  'employeeId',
];

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A self-signed certificate and its key (openssl), for certificate credentials. */
export function makeCertificate(commonName = 'quire-graph-test'): {
  certificatePem: string;
  privateKeyPem: string;
} {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'quire-graph-cert-'));
  try {
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-sha256',
        '-days',
        '2',
        '-subj',
        `/CN=${commonName}`,
        '-keyout',
        keyFile,
        '-out',
        certFile,
      ],
      { stdio: 'pipe' },
    );
    return { certificatePem: readFileSync(certFile, 'utf8'), privateKeyPem: readFileSync(keyFile, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startGraphServer(options: GraphServerOptions = {}) {
  const domain = options.domain ?? 'contoso.example';
  const generatedCount = options.users ?? 0;
  const memberChunk = options.memberChunk ?? 20;
  const defaultPageSize = options.defaultPageSize ?? 100;
  const credentials = {
    tenantId: TENANT,
    clientId: randomUUID(),
    clientSecret: `secret~${randomBytes(12).toString('base64url')}`,
  };
  const certificates: X509Certificate[] = [];
  const tokens = new Map<string, number>();
  const rounds = new Map<string, RoundState>();
  /** Users that are not (or no longer) the generated ones: changed, added (after the generated ones) or deleted (null). */
  const overrides = new Map<string, GraphUser | null>();
  const added: string[] = [];
  const groups = new Map<string, GroupState>();
  const groupOrder: string[] = [];
  const changes: Change[] = [];
  let version = 0;
  /** Deltatokens issued before this version answer 410. */
  let expiredBefore = 0;
  const faults: (GraphFault & { seen: number; fired: number })[] = [];
  const requests: GraphRequestRecord[] = [];
  let permissions = new Set(['User.Read.All', 'GroupMember.Read.All']);

  const userId = (i: number) => `00000000-0000-4000-8000-${pad(i, 12)}`;
  function generated(i: number): GraphUser {
    const name = `user${pad(i, 6)}`;
    return {
      id: userId(i),
      userPrincipalName: `${name}@${domain}`,
      onPremisesSamAccountName: name,
      displayName: `User ${pad(i, 6)}`,
      mail: `${name}@${domain}`,
      otherMails: [],
      department: `Department ${i % 20}`,
      officeLocation: `Office ${i % 7}`,
      accountEnabled: true,
      employeeId: String(100000 + i),
    };
  }
  const generatedIndex = (id: string) => {
    const match = /^00000000-0000-4000-8000-(\d{12})$/.exec(id);
    const i = match ? Number(match[1]) : 0;
    return i >= 1 && i <= generatedCount ? i : 0;
  };
  function userById(id: string): GraphUser | null {
    if (overrides.has(id)) return overrides.get(id) ?? null;
    const i = generatedIndex(id);
    return i ? generated(i) : null;
  }
  /** The user at a position of the full listing (generated, then added), or null when deleted. */
  const userAt = (position: number) =>
    userById(position < generatedCount ? userId(position + 1) : added[position - generatedCount]!);

  const groupId = (j: number) => `10000000-0000-4000-8000-${pad(j, 12)}`;
  const membersPerGroup = options.membersPerGroup ?? 10;
  for (let j = 1; j <= (options.groups ?? 0); j++) {
    const members = new Map<string, GraphMemberType>();
    for (let k = 0; k < membersPerGroup && generatedCount > 0; k++)
      members.set(userId((((j - 1) * membersPerGroup + k) % generatedCount) + 1), '#microsoft.graph.user');
    groups.set(groupId(j), { displayName: `group${pad(j, 4)}`, members });
    groupOrder.push(groupId(j));
  }

  function record(kind: 'users' | 'groups', id: string, extra: Omit<Change, 'version' | 'kind' | 'id'>) {
    changes.push({ version: ++version, kind, id, ...extra });
  }

  // ---- token endpoint ----

  const aadError = (status: number, error: string, code: number, text: string) => ({
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${text}\r\nTrace ID: ${randomUUID()}\r\nCorrelation ID: ${randomUUID()}\r\nTimestamp: ${new Date().toISOString()}`,
      error_codes: [code],
      timestamp: new Date().toISOString(),
      trace_id: randomUUID(),
      correlation_id: randomUUID(),
    },
  });

  function verifyAssertion(assertion: string, tokenUrl: string): string | null {
    const parts = assertion.split('.');
    if (parts.length !== 3) return 'The client assertion is not a JWT.';
    const [h, c, s] = parts as [string, string, string];
    let header: { alg?: string; x5t?: string };
    let claims: { aud?: string; iss?: string; sub?: string; exp?: number; nbf?: number; jti?: string };
    try {
      header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
      claims = JSON.parse(Buffer.from(c, 'base64url').toString('utf8'));
    } catch {
      return 'The client assertion is not a JWT.';
    }
    if (header.alg !== 'RS256') return 'The client assertion is not signed with RS256.';
    const certificate = certificates.find(
      (cert) => createHash('sha1').update(cert.raw).digest('base64url') === header.x5t,
    );
    if (!certificate)
      return `Client assertion contains an invalid signature. [Reason - The key was not found., Thumbprint of key used by client: '${header.x5t ?? ''}']`;
    if (
      !verify(
        'sha256',
        Buffer.from(`${h}.${c}`),
        createPublicKey(certificate.publicKey.export({ type: 'spki', format: 'pem' })),
        Buffer.from(s, 'base64url'),
      )
    ) {
      return 'Client assertion contains an invalid signature.';
    }
    const now = Math.floor(Date.now() / 1000);
    if (claims.aud !== tokenUrl) return `The audience claim value is invalid '${claims.aud ?? ''}'.`;
    if (claims.iss !== credentials.clientId || claims.sub !== credentials.clientId)
      return 'The issuer and subject must be the client id.';
    if (!claims.jti) return 'The jti claim is missing.';
    if (
      typeof claims.exp !== 'number' ||
      claims.exp <= now ||
      (claims.nbf ?? now) > now + 300 ||
      claims.exp - (claims.nbf ?? now) > 600
    )
      return 'The client assertion is not within its valid time range.';
    return null;
  }

  function tokenAnswer(
    tenant: string,
    form: URLSearchParams,
    tokenUrl: string,
  ): { status: number; body: unknown } {
    if (tenant !== credentials.tenantId) {
      if (!/^[A-Za-z0-9.-]+$/.test(tenant))
        return aadError(
          400,
          'invalid_request',
          900023,
          `Specified tenant identifier '${tenant}' is neither a valid DNS name, nor a valid external domain.`,
        );
      return aadError(
        400,
        'invalid_request',
        90002,
        `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      );
    }
    if (form.get('grant_type') !== 'client_credentials')
      return aadError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    if (form.get('client_id') !== credentials.clientId) {
      return aadError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${form.get('client_id') ?? ''}' was not found in the directory '${tenant}'.`,
      );
    }
    if (form.get('scope') !== `${url}/.default`)
      return aadError(
        400,
        'invalid_resource',
        500011,
        `The resource principal named ${form.get('scope') ?? ''} was not found in the tenant.`,
      );
    const assertion = form.get('client_assertion');
    if (assertion !== null) {
      if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer')
        return aadError(400, 'invalid_request', 50027, 'Invalid client assertion type.');
      const problem = verifyAssertion(assertion, tokenUrl);
      if (problem) return aadError(401, 'invalid_client', 700027, problem);
    } else if (form.get('client_secret') === null) {
      return aadError(
        401,
        'invalid_client',
        7000216,
        "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.",
      );
    } else if (form.get('client_secret') !== credentials.clientSecret) {
      return aadError(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${credentials.clientId}'.`,
      );
    }
    const token = randomBytes(24).toString('base64url');
    tokens.set(token, Date.now() + 3600_000);
    return {
      status: 200,
      body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token },
    };
  }

  // ---- Graph ----

  const graphError = (status: number, code: string, message: string) => ({
    status,
    body: {
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString(),
          'request-id': randomUUID(),
          'client-request-id': randomUUID(),
        },
      },
    },
  });

  function selected(object: Record<string, unknown>, select: string[] | null): Record<string, unknown> {
    if (!select) return object;
    return Object.fromEntries(
      Object.entries(object).filter(
        ([key]) =>
          key === 'id' ||
          key.startsWith('@') ||
          select.includes(key) ||
          (key === 'members@delta' && select.includes('members')),
      ),
    );
  }

  /** The entries of a full groups round: each group once per chunk of members, the first with its name. */
  function groupEntries(id: string, state: GroupState): Record<string, unknown>[] {
    const members = [...state.members].map(([memberId, type]) => ({ '@odata.type': type, id: memberId }));
    const entries: Record<string, unknown>[] = [];
    for (let i = 0; i === 0 || i < members.length; i += memberChunk) {
      entries.push({
        ...(i === 0 ? { displayName: state.displayName } : {}),
        id,
        'members@delta': members.slice(i, i + memberChunk),
      });
    }
    return entries;
  }

  /** What changed since `since`, as a delta answer's objects. */
  function deltaItems(kind: 'users' | 'groups', since: number): Record<string, unknown>[] {
    const byId = new Map<
      string,
      {
        props: Set<string>;
        created: boolean;
        members: Map<string, { type: GraphMemberType; removed: boolean }>;
      }
    >();
    for (const change of changes) {
      if (change.version <= since || change.kind !== kind) continue;
      const entry = byId.get(change.id) ?? { props: new Set(), created: false, members: new Map() };
      for (const p of change.props ?? []) entry.props.add(p);
      if (change.props?.includes('*')) entry.created = true;
      if (change.member)
        entry.members.set(change.member.id, { type: change.member.type, removed: change.member.removed });
      byId.set(change.id, entry);
    }
    const items: Record<string, unknown>[] = [];
    for (const [id, entry] of byId) {
      if (kind === 'users') {
        const user = userById(id);
        if (!user) items.push({ id, '@removed': { reason: 'changed' } });
        else
          items.push(
            entry.created
              ? user
              : Object.fromEntries(Object.entries(user).filter(([k]) => k === 'id' || entry.props.has(k))),
          );
        continue;
      }
      const group = groups.get(id);
      if (!group) {
        items.push({ id, '@removed': { reason: 'deleted' } });
        continue;
      }
      if (entry.created) {
        items.push(...groupEntries(id, group));
        continue;
      }
      const members = [...entry.members].map(([memberId, m]) => ({
        '@odata.type': m.type,
        id: memberId,
        ...(m.removed ? { '@removed': { reason: 'deleted' } } : {}),
      }));
      items.push({
        id,
        ...(entry.props.has('displayName') ? { displayName: group.displayName } : {}),
        ...(members.length > 0 ? { 'members@delta': members } : {}),
      });
    }
    return items;
  }

  function deltaAnswer(
    kind: 'users' | 'groups',
    query: URLSearchParams,
    pageSize: number,
  ): { status: number; body: unknown; round: string } {
    const base = `${url}/v1.0/${kind}/delta`;
    let token = query.get('$skiptoken');
    let round = 'page';
    if (!token) {
      const deltaToken = query.get('$deltatoken');
      if (deltaToken) {
        round = 'delta';
        const since = Number(deltaToken.split('.')[0]);
        if (!Number.isInteger(since) || since < expiredBefore || !rounds.has(`d:${deltaToken}`)) {
          return {
            ...graphError(
              410,
              'syncStateNotFound',
              'The sync state generation is not found. Delta tokens can expire; restart the delta round without a token.',
            ),
            round,
          };
        }
        const state = rounds.get(`d:${deltaToken}`)!;
        token = randomBytes(12).toString('base64url');
        rounds.set(token, {
          kind,
          select: state.select,
          position: 0,
          items: deltaItems(kind, since),
          version,
        });
      } else {
        round = 'full';
        const select =
          query
            .get('$select')
            ?.split(',')
            .map((s) => s.trim())
            .filter(Boolean) ?? null;
        token = randomBytes(12).toString('base64url');
        rounds.set(token, {
          kind,
          select,
          position: 0,
          items: kind === 'groups' ? groupOrder.flatMap((id) => groupEntries(id, groups.get(id)!)) : null,
          version,
        });
      }
    }
    const state = rounds.get(token);
    if (!state || state.kind !== kind)
      return { ...graphError(400, 'BadRequest', 'The skip token is not valid.'), round };
    rounds.delete(token);
    const value: Record<string, unknown>[] = [];
    if (state.items) {
      while (value.length < pageSize && state.position < state.items.length)
        value.push(selected(state.items[state.position++]!, state.select));
    } else {
      const total = generatedCount + added.length;
      while (value.length < pageSize && state.position < total) {
        const user = userAt(state.position++);
        if (user) value.push(selected(user, state.select));
      }
    }
    const done = state.items
      ? state.position >= state.items.length
      : state.position >= generatedCount + added.length;
    const body: Record<string, unknown> = { '@odata.context': `${url}/v1.0/$metadata#${kind}`, value };
    if (done) {
      const deltaToken = `${state.version}.${randomBytes(12).toString('base64url')}`;
      rounds.set(`d:${deltaToken}`, state);
      body['@odata.deltaLink'] = `${base}?$deltatoken=${deltaToken}`;
    } else {
      const next = randomBytes(12).toString('base64url');
      rounds.set(next, state);
      body['@odata.nextLink'] = `${base}?$skiptoken=${next}`;
    }
    return { status: 200, body, round };
  }

  function fire(
    endpoint: string,
  ): { status: number; body: unknown; headers: Record<string, string>; raw?: string } | null {
    for (const fault of faults) {
      if (fault.endpoint !== endpoint) continue;
      fault.seen++;
      if (fault.seen < fault.nth || fault.fired >= (fault.times ?? Number.POSITIVE_INFINITY)) continue;
      fault.fired++;
      const headers: Record<string, string> =
        fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
      if (fault.body !== undefined) return { status: fault.status, body: null, headers, raw: fault.body };
      const code =
        fault.code ??
        (fault.status === 429
          ? 'TooManyRequests'
          : fault.status === 410
            ? 'syncStateNotFound'
            : fault.status === 401
              ? 'InvalidAuthenticationToken'
              : fault.status >= 500
                ? 'generalException'
                : 'BadRequest');
      return { ...graphError(fault.status, code, `Injected fault (${fault.status}).`), headers };
    }
    return null;
  }

  async function handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const target = new URL(request.url ?? '/', url);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}, raw?: string) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(raw ?? JSON.stringify(body));
    };
    const tokenMatch = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(target.pathname);
    const endpoint = tokenMatch ? 'token' : target.pathname.replace(/^\/v1\.0\//, '');
    const log: GraphRequestRecord = {
      method: request.method ?? '',
      endpoint,
      query: target.searchParams,
      round: '',
      status: 0,
      objects: 0,
      at: Date.now(),
    };
    requests.push(log);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}, raw?: string) => {
      log.status = status;
      const value = (body as { value?: unknown[] } | null)?.value;
      log.objects = Array.isArray(value) ? value.length : 0;
      reply(status, body, headers, raw);
    };
    const fault = fire(endpoint);
    if (fault) return send(fault.status, fault.body, fault.headers, fault.raw);
    if (tokenMatch) {
      if (request.method !== 'POST') return send(405, { error: 'invalid_request' });
      const answer = tokenAnswer(
        decodeURIComponent(tokenMatch[1]!),
        new URLSearchParams(Buffer.concat(chunks).toString('utf8')),
        `${url}${target.pathname}`,
      );
      return send(answer.status, answer.body);
    }
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const expires = bearer ? tokens.get(bearer) : undefined;
    if (!bearer || !expires || expires < Date.now()) {
      const e = graphError(
        401,
        'InvalidAuthenticationToken',
        bearer ? 'Access token validation failure. Invalid audience.' : 'Access token is empty.',
      );
      return send(e.status, e.body);
    }
    const pageSize = Math.min(
      Number(/odata\.maxpagesize=(\d+)/.exec(String(request.headers.prefer ?? ''))?.[1] ?? defaultPageSize) ||
        defaultPageSize,
      999,
    );
    const headers: Record<string, string> = request.headers.prefer
      ? { 'preference-applied': `odata.maxpagesize=${pageSize}` }
      : {};
    if (endpoint === 'users/delta' || endpoint === 'groups/delta') {
      const kind = endpoint === 'users/delta' ? 'users' : 'groups';
      const permission = kind === 'users' ? 'User.Read.All' : 'GroupMember.Read.All';
      if (!permissions.has(permission)) {
        const e = graphError(
          403,
          'Authorization_RequestDenied',
          'Insufficient privileges to complete the operation.',
        );
        return send(e.status, e.body);
      }
      const answer = deltaAnswer(kind, target.searchParams, pageSize);
      log.round = answer.round;
      return send(answer.status, answer.body, headers);
    }
    if (endpoint === 'users') {
      if (!permissions.has('User.Read.All')) {
        const e = graphError(
          403,
          'Authorization_RequestDenied',
          'Insufficient privileges to complete the operation.',
        );
        return send(e.status, e.body);
      }
      const top = Number(target.searchParams.get('$top') ?? defaultPageSize);
      const select = target.searchParams.get('$select')?.split(',') ?? null;
      const value: Record<string, unknown>[] = [];
      for (let p = 0; p < generatedCount + added.length && value.length < top; p++) {
        const user = userAt(p);
        if (user) value.push(selected(user, select));
      }
      return send(200, { '@odata.context': `${url}/v1.0/$metadata#users`, value });
    }
    const e = graphError(404, 'Request_ResourceNotFound', `Resource '${target.pathname}' does not exist.`);
    return send(e.status, e.body);
  }

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: Error) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: 'generalException', message: error.message } }));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  return {
    /** Both the Graph URL and the login URL of a source pointed at this server. */
    url,
    credentials,
    /** Registers a certificate (PEM) of the app registration, for client assertions. */
    registerCertificate(pem: string) {
      certificates.push(new X509Certificate(pem));
    },
    userId,
    groupId,
    user: (id: string) => userById(id),
    generatedUser: generated,
    addUser(properties: Omit<GraphUser, 'id'> & { id?: string }): string {
      const id = properties.id ?? randomUUID();
      overrides.set(id, { accountEnabled: true, otherMails: [], ...properties, id });
      added.push(id);
      record('users', id, { props: ['*'] });
      return id;
    },
    updateUser(id: string, patch: Record<string, unknown>) {
      const user = userById(id);
      if (!user) throw new Error(`no user ${id}`);
      overrides.set(id, { ...user, ...patch, id });
      record('users', id, { props: Object.keys(patch) });
    },
    deleteUser(id: string) {
      overrides.set(id, null);
      record('users', id, {});
    },
    addGroup(displayName: string, members: [string, GraphMemberType][] = []): string {
      const id = randomUUID();
      groups.set(id, { displayName, members: new Map(members) });
      groupOrder.push(id);
      record('groups', id, { props: ['*'] });
      return id;
    },
    renameGroup(id: string, displayName: string) {
      groups.get(id)!.displayName = displayName;
      record('groups', id, { props: ['displayName'] });
    },
    addMember(id: string, memberId: string, type: GraphMemberType = '#microsoft.graph.user') {
      groups.get(id)!.members.set(memberId, type);
      record('groups', id, { member: { id: memberId, type, removed: false } });
    },
    removeMember(id: string, memberId: string) {
      const group = groups.get(id)!;
      const type = group.members.get(memberId) ?? '#microsoft.graph.user';
      group.members.delete(memberId);
      record('groups', id, { member: { id: memberId, type, removed: true } });
    },
    deleteGroup(id: string) {
      groups.delete(id);
      groupOrder.splice(groupOrder.indexOf(id), 1);
      record('groups', id, {});
    },
    /** Members of a group as the server holds them (ids). */
    members: (id: string) => [...(groups.get(id)?.members.keys() ?? [])],
    fault(fault: GraphFault) {
      faults.push({ ...fault, seen: 0, fired: 0 });
    },
    clearFaults() {
      faults.length = 0;
    },
    /** Every deltatoken issued so far answers 410 Gone (syncStateNotFound). */
    expireDeltaTokens() {
      expiredBefore = version + 1;
      version++;
    },
    setPermissions(list: string[]) {
      permissions = new Set(list);
    },
    /** Access tokens issued so far stop working (as if revoked). */
    revokeTokens() {
      tokens.clear();
    },
    requests,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type GraphServer = Awaited<ReturnType<typeof startGraphServer>>;

export { USER_PROPS as GRAPH_USER_PROPERTIES };
