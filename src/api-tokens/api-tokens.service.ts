/**
 * API tokens for the XML-RPC web services and the REST API. A token reads
 * `quire_<id>.<secret>`: the id finds one row, the 256-bit secret is checked against the stored
 * SHA-256 in constant time, so neither a database copy nor a log line of ids lets anyone call the
 * API. The token is shown once, when created, and never again.
 *
 *   const { token } = await apiTokens.create({ name: 'provisioning', scopes: ['users:write'] }, actor);
 *   await apiTokens.create({ name: 'term project', scopes: ['users:read'], expires: '2027-06-30' }, actor);
 *   const caller = await apiTokens.authenticate(bearer, { scope: 'users:read', ip: request.ip });
 *   const rpc = await apiTokens.authenticate(params[0], { scope: 'xmlrpc', ip: request.ip }); // also checks the allowed addresses
 */
import type { AuditService } from '../audit/audit.service.js';
import type { ThrottleService } from '../auth/throttle.service.js';
import type { ApiTokenRow } from '../db/schema.js';
import {
  AddressNotAllowedError,
  InsufficientScopeError,
  InvalidTokenError,
  NotFoundError,
  TooManyAttemptsError,
  ValidationError,
} from '../errors.js';
import { dateStart } from '../accounts/calendar.js';
import { safeEqual, sha256, type Clock, type Random } from '../ports.js';
import { effectiveTimeZone, type SettingsService } from '../settings/settings.service.js';
import type { Actor } from '../audit/actor.js';
import { addressMatcher, splitAddressList } from './allowed-addresses.js';
import { presentApiToken, type PresentedApiToken } from './api-token.presenter.js';
import type { ApiTokensRepository } from './api-tokens.repository.js';

/** Every scope a token can hold, with what it allows (shown on the page and in `--help`). */
export const API_SCOPES = {
  xmlrpc:
    'PaperCut-compatible web services (XML-RPC): full user and group management and server-command calls; only from the allowed addresses',
  'users:read': 'REST API: read users',
  'users:write':
    'REST API: create, change, disable and delete users, set internal users’ passwords, grant or revoke admin access (an administrator’s scope)',
  'groups:read': 'REST API: read groups and their members',
  'groups:write': 'REST API: change group membership',
  'sources:read': 'REST API: read directory sources (never a bind password)',
  'sync:run': 'REST API: start and follow user/group syncs',
  'audit:read': 'REST API: read the audit log',
  'accounts:read':
    'REST API: read balances, transactions, shared accounts, printers and their costs, the job log, group credit settings',
  'accounts:write':
    'REST API: adjust and set balances, manage shared accounts and printers, record and refund jobs, set group credit and quotas',
  metrics: 'Prometheus metrics at /metrics (from addresses outside QUIRE_METRICS_ALLOWED_ADDRESSES)',
} as const;

export type ApiScope = keyof typeof API_SCOPES;
export const SCOPE_NAMES = Object.keys(API_SCOPES) as ApiScope[];

/**
 * Scopes whose calls must also come from an allowed address (Options → Web services). The XML-RPC
 * endpoint asks for `xmlrpc`, so it cannot forget the address check; the REST API is limited by
 * scopes only.
 */
const ADDRESS_LIMITED_SCOPES: ReadonlySet<ApiScope> = new Set(['xmlrpc']);

/** A caller whose token checked out. `actor` is what its calls record in the audit log. */
export interface AuthenticatedToken {
  id: string;
  name: string;
  scopes: ApiScope[];
  actor: Actor;
}

export interface NewApiToken {
  name: string;
  /** At least one of SCOPE_NAMES; the token gets exactly these, nothing added. */
  scopes: readonly string[];
  /**
   * Optional last day of use, `YYYY-MM-DD` in the organisation's time zone: the token is refused
   * from the midnight that ends it. Empty or absent: the token does not expire.
   */
  expires?: string;
}

export interface ApiTokensServiceDeps {
  repository: ApiTokensRepository;
  throttle: Pick<ThrottleService, 'checkApiAddress' | 'recordApiFailure'>;
  settings: Pick<SettingsService, 'get'>;
  audit: AuditService;
  clock: Clock;
  random: Random;
}

export const TOKEN_PREFIX = 'quire_';
const ID_BYTES = 12; // 16 characters: unique enough to find a row, not a secret
const SECRET_BYTES = 32; // 256 bits, 43 characters
const TOKEN_PATTERN = /^quire_([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/;
const MAX_NAME_LENGTH = 64;
// Writing last_used_at on every call would make every API call a write (the benchmark measures
// calls per second); once a minute is precise enough to tell a token in use from a forgotten one.
const TOUCH_EVERY_MS = 60_000;

type FailureReason = 'malformed' | 'unknown' | 'wrong_secret' | 'revoked' | 'expired' | 'address_not_allowed';

const CACHE_MS = 2000;
const CACHE_ENTRIES = 10_000;

export function createApiTokensService(deps: ApiTokensServiceDeps) {
  const { repository, throttle, settings, audit, clock, random } = deps;

  // The allowed-address list compiled once per saved value (settings are cached for 2 s), and its
  // answer per caller address remembered until the list changes.
  let compiled: { list: string; allows: (ip: string) => boolean } | null = null;
  function allowsFor(list: string): (ip: string) => boolean {
    if (compiled?.list !== list) {
      const matches = addressMatcher(splitAddressList(list));
      const answers = new Map<string, boolean>();
      compiled = {
        list,
        allows: (ip) => {
          let answer = answers.get(ip);
          if (answer === undefined) remember(answers, ip, (answer = matches(ip)));
          return answer;
        },
      };
    }
    return compiled.allows;
  }

  // Every call would otherwise read the address's throttle state and the token's row. Both are
  // trusted for CACHE_MS, as settings are: a token revoked on another server (or by the CLI) stops
  // working there within that time, at once here; an address throttled elsewhere, likewise.
  const tokens = new Map<string, { row: ApiTokenRow; at: number }>();
  const unthrottled = new Map<string, number>();
  // Ids revoked through this process: a check that read the row just before the revoke must not
  // put it back in the cache.
  const revokedHere = new Set<string>();
  const fresh = (at: number | undefined, now: number) => at !== undefined && now - at < CACHE_MS;
  function remember<V>(map: Map<string, V>, key: string, value: V): void {
    if (map.size >= CACHE_ENTRIES) map.clear();
    map.set(key, value);
  }

  /** Audits and counts a refused call. The presented token is never recorded, not even in part. */
  async function refuse(ip: string, reason: FailureReason, tokenName = ''): Promise<void> {
    unthrottled.delete(ip);
    await throttle.recordApiFailure(ip);
    await audit.record({
      actor: tokenName ? `api-token:${tokenName}` : '-',
      action: 'api.auth_failed',
      target: tokenName,
      ip,
      details: { reason },
    });
  }

  /** Throttled calls are not audited: the failures that led here were, and a caller looping on a bad token must not fill the audit log. */
  async function checkAddress(
    { scope, ip }: { scope: ApiScope; ip: string },
    started: number,
  ): Promise<void> {
    if (!fresh(unthrottled.get(ip), started)) {
      const wait = await throttle.checkApiAddress(ip);
      if (wait > 0) throw new TooManyAttemptsError(wait);
      remember(unthrottled, ip, started);
    }
    if (
      ADDRESS_LIMITED_SCOPES.has(scope) &&
      !allowsFor((await settings.get()).webServicesAllowedAddresses)(ip)
    ) {
      await refuse(ip, 'address_not_allowed');
      throw new AddressNotAllowedError(ip);
    }
  }

  /**
   * A typed expiry date as the moment the token stops working (the end of that day in the
   * organisation's time zone), null for none, or the field's problem.
   */
  async function expiryOf(text: string): Promise<string | null | { problem: string }> {
    const typed = text.trim();
    if (typed === '') return null;
    const ends = dateStart(typed, effectiveTimeZone(await settings.get()), 1);
    if (ends === null)
      return { problem: `"${typed.slice(0, 30)}" is not a date. Enter the last day of use as YYYY-MM-DD.` };
    if (ends <= clock.now().toISOString())
      return { problem: 'The expiry date has passed. Enter today or a later day, or leave it empty.' };
    return ends;
  }

  async function find(nameOrId: string): Promise<ApiTokenRow> {
    const row =
      (await repository.findByName(nameOrId.trim())) ?? (await repository.findById(nameOrId.trim()));
    if (!row) throw new NotFoundError(`There is no API token named "${nameOrId.trim().slice(0, 100)}".`);
    return row;
  }

  return {
    /**
     * Creates a token and returns it with its listing. The token is in the return value only:
     * show it once, then forget it.
     */
    async create(input: NewApiToken, actor: Actor): Promise<{ token: string; row: PresentedApiToken }> {
      const fields: Record<string, string> = {};
      const name = input.name.trim();
      if (name === '')
        fields.name = 'Enter a name that says who or what uses the token, such as "provisioning script".';
      else if ([...name].length > MAX_NAME_LENGTH)
        fields.name = `The name is at most ${MAX_NAME_LENGTH} characters.`;
      else if (/[\p{Cc}]/u.test(name))
        fields.name = 'The name must be on one line, without control characters.';
      else if (await repository.findByName(name))
        fields.name = `There is already a token named "${name}" (revoked tokens keep their names). Choose another name.`;
      const unknown = input.scopes.find((scope) => !(SCOPE_NAMES as string[]).includes(scope));
      if (unknown !== undefined)
        fields.scopes = `"${unknown.slice(0, 50)}" is not a scope. Choose from: ${SCOPE_NAMES.join(', ')}.`;
      else if (input.scopes.length === 0) fields.scopes = 'Choose at least one scope.';
      const expiresAt = await expiryOf(input.expires ?? '');
      if (typeof expiresAt === 'object' && expiresAt !== null) fields.expires = expiresAt.problem;
      if (Object.keys(fields).length > 0) throw new ValidationError(fields);

      const id = random.token(ID_BYTES);
      const secret = random.token(SECRET_BYTES);
      const row: ApiTokenRow = {
        id,
        name,
        secret_hash: sha256(secret),
        scopes: SCOPE_NAMES.filter((scope) => input.scopes.includes(scope)).join(' '),
        created_at: clock.now().toISOString(),
        created_by: actor.username,
        last_used_at: null,
        last_used_ip: '',
        revoked_at: null,
        expires_at: typeof expiresAt === 'string' ? expiresAt : null,
      };
      await repository.insert(row);
      await audit.record({
        actor: actor.username,
        action: 'api_token.create',
        target: name,
        ip: actor.ip,
        details: { id, scopes: row.scopes, ...(row.expires_at ? { expiresAt: row.expires_at } : {}) },
      });
      return { token: `${TOKEN_PREFIX}${id}.${secret}`, row: presentApiToken(row, clock.now()) };
    },

    /** Every token, revoked ones included, oldest first; never a secret or its hash. */
    async list(): Promise<PresentedApiToken[]> {
      const now = clock.now();
      return (await repository.list()).map((row) => presentApiToken(row, now));
    },

    /** Revokes a token by name (or id). Revoking a revoked token changes nothing. */
    async revoke(nameOrId: string, actor: Actor): Promise<PresentedApiToken> {
      const row = await find(nameOrId);
      const at = clock.now().toISOString();
      revokedHere.add(row.id);
      tokens.delete(row.id);
      if (await repository.revoke(row.id, at)) {
        await audit.record({
          actor: actor.username,
          action: 'api_token.revoke',
          target: row.name,
          ip: actor.ip,
          details: { id: row.id },
        });
        return presentApiToken({ ...row, revoked_at: at }, clock.now());
      }
      return presentApiToken((await repository.findById(row.id)) ?? row, clock.now());
    },

    /**
     * For the few calls answered without a token (XML-RPC api.getTaskStatus): the throttle and the
     * address allow-list that authenticate applies before it looks at the token.
     */
    checkAddress: (call: { scope: ApiScope; ip: string }) => checkAddress(call, clock.now().getTime()),

    /**
     * The token's holder, or an AppError: too_many_attempts (429) while this address is throttled,
     * without looking at the token; address_not_allowed (403) for the `xmlrpc` scope from an address
     * not on the list; invalid_token (401) for a missing, malformed, unknown, wrong or revoked token
     * (one answer for all); insufficient_scope (403). Refused addresses and presented tokens are
     * audited and counted for throttling; a missing (or empty) token is not.
     */
    async authenticate(
      presented: string | undefined,
      call: { scope: ApiScope; ip: string },
    ): Promise<AuthenticatedToken> {
      const { scope, ip } = call;
      const started = clock.now().getTime();
      await checkAddress(call, started);
      // No token at all (no Bearer header; an XML-RPC call with an empty token) is a request for
      // the credentials, not a guess at one: it is neither counted against the address nor
      // audited, or a browser or a misconfigured script would lock the address's valid tokens
      // out. A token that is presented and wrong, malformed included, counts.
      if (!presented) throw new InvalidTokenError();

      const match = TOKEN_PATTERN.exec(presented ?? '');
      const cached = match ? tokens.get(match[1]!) : undefined;
      const row =
        cached && fresh(cached.at, started)
          ? cached.row
          : match
            ? await repository.findById(match[1]!)
            : undefined;
      const reason: FailureReason | null = !match
        ? 'malformed'
        : !row
          ? 'unknown'
          : !safeEqual(row.secret_hash, sha256(match[2]!))
            ? 'wrong_secret'
            : row.revoked_at
              ? 'revoked'
              : row.expires_at !== null && row.expires_at <= new Date(started).toISOString()
                ? 'expired'
                : null;
      if (reason || !row) {
        // The name only when the secret was right (a revoked or expired token): otherwise the id
        // was a guess. An expired token gets the revoked token's answer: a script need not tell them apart.
        const known = reason === 'revoked' || reason === 'expired';
        await refuse(ip, reason ?? 'unknown', known ? row?.name : '');
        throw new InvalidTokenError();
      }

      if (revokedHere.has(row.id)) {
        await refuse(ip, 'revoked', row.name);
        throw new InvalidTokenError();
      }
      if (row !== cached?.row) remember(tokens, row.id, { row, at: started });
      const scopes = row.scopes.split(' ').filter((s): s is ApiScope => s in API_SCOPES);
      if (!scopes.includes(scope)) throw new InsufficientScopeError(scope);

      const now = clock.now();
      if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() >= TOUCH_EVERY_MS) {
        await repository.touch(
          row.id,
          now.toISOString(),
          ip.slice(0, 64),
          new Date(now.getTime() - TOUCH_EVERY_MS).toISOString(),
        );
        row.last_used_at = now.toISOString();
      }
      return { id: row.id, name: row.name, scopes, actor: { username: `api-token:${row.name}`, ip } };
    },
  };
}

export type ApiTokensService = ReturnType<typeof createApiTokensService>;
