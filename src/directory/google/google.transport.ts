/**
 * Talking to the Admin SDK Directory API for the Google Workspace source: the access token
 * (exchanged for the service account's JWT at the key's token_uri and kept until shortly before
 * it expires), bounded HTTP reads, retries on throttling and server errors within a per-read
 * budget, and paged lists. Every failure is a SourceError that says what to fix and never quotes
 * a secret.
 *
 *   const api = createGoogleTransport(config, { fetch });
 *   const json = await api.getJson('/users', { customer: 'my_customer', maxResults: '1' }, 'the user list', { waitedMs: 0 });
 *   for await (const page of api.pages<GoogleUser>('/users', query, 'users', 'the user list', budget)) …
 *   api.close();                                  // aborts pending requests and back-off waits
 */
import type { KeyObject } from 'node:crypto';
import { SourceError } from '../../errors.js';
import { MAX_RESPONSE_BYTES, readBoundedText, retryAfterMs } from '../bounded-response.js';
import type { GoogleSourceConfig } from './google.config.js';
import {
  loadServiceAccount,
  signServiceAccountJwt,
  tokenProblem,
  type ParsedServiceAccountKey,
} from './google.credentials.js';

export interface GoogleTransportOptions {
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

/** What one read has waited for retries so far. */
export interface Budget {
  waitedMs: number;
}

export interface ListPage<T> {
  items: T[];
  nextPageToken?: string;
}

export type GoogleTransport = ReturnType<typeof createGoogleTransport>;

export function createGoogleTransport(config: GoogleSourceConfig, options: GoogleTransportOptions) {
  const doFetch = options.fetch ?? fetch;
  const retryBaseMs = options.retryBaseMs ?? 500;
  const maxResponseBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  /** Aborts pending requests and back-off waits when the client is closed. */
  const closing = new AbortController();
  const api = `${config.apiUrl.replace(/\/+$/, '')}/admin/directory/v1`;
  let token: { value: string; expiresAt: number } | null = null;
  let account: { key: ParsedServiceAccountKey; privateKey: KeyObject } | null = null;

  /** Secrets never reach a message, whatever a server echoes. */
  function redact(message: string): string {
    let out = message;
    for (const secret of [account?.key.private_key, token?.value])
      if (secret && secret.length >= 8) out = out.split(secret).join('[redacted]');
    return out;
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
    account ??= loadServiceAccount(config.serviceAccountKey);
    const { key: sa, privateKey: pk } = account;
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
      throw new SourceError(redact(tokenProblem(sa, config.adminEmail, response.status, json)));
    const expiresIn = typeof json.expires_in === 'number' ? json.expires_in : 3600;
    token = { value: json.access_token, expiresAt: Date.now() + expiresIn * 1000 };
    return token.value;
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

  return {
    getJson,
    pages,
    close(): void {
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
