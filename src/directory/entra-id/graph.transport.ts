/**
 * Talking to Microsoft Graph for the Entra ID source: the app registration's access token (client
 * secret or certificate assertion, renewed before it expires), bounded HTTP reads, throttling
 * (Retry-After, else exponential backoff, within a per-run budget), and the pages of one delta
 * round. Every failure is a SourceError that names the problem and never quotes a secret.
 *
 *   const graph = createGraphTransport(config, { fetch });
 *   const body = await graph.graphGet(`${graph.graphUrl}/v1.0/users?$top=1`, 'reading users', 'User.Read.All', { throttledMs: 0 });
 *   for await (const { objects, deltaLink } of graph.deltaPages(url, what, permission, budget)) …
 *   graph.close();                                             // aborts pending requests and waits
 */
import { SourceError } from '../../errors.js';
import { MAX_RESPONSE_BYTES, readBoundedText, retryAfterMs } from '../bounded-response.js';
import type { EntraSourceConfig } from './graph.config.js';
import { clientAssertion, signInProblem } from './graph-sign-in.js';
import type { GraphObject } from './graph.mirror.js';

/** The most a run waits for Graph's throttling (429/503), in total. */
const MAX_THROTTLE_WAIT_MS = 5 * 60_000;
/**
 * Every throttled retry counts at least this much against that budget, even after
 * `Retry-After: 0`: the budget, not only the clock, ends a run that Graph keeps refusing.
 */
const MIN_THROTTLE_CHARGE_MS = 1000;
/** Throttled answers in a row for one request (one page) before the run gives up. */
const MAX_THROTTLED_ATTEMPTS = 8;
/** Without a readable Retry-After, waits double from the base (1 s) up to this. */
const MAX_BACKOFF_MS = 60_000;
/** Other 5xx answers are retried this many times, after these pauses. */
const SERVER_ERROR_BACKOFF_MS = [250, 1000];
/** A token is renewed this long before it expires (tokens live about an hour). */
const TOKEN_MARGIN_MS = 5 * 60_000;

/** Raised internally when Graph no longer knows a deltaLink: the caller does a full round. */
export class DeltaExpired extends Error {}

/** What one read has waited for throttling so far. */
export interface Budget {
  throttledMs: number;
}

export interface GraphTransportOptions {
  fetch?: typeof fetch;
  /** First wait after a throttled answer without Retry-After; doubled at each retry (default 1 s). Small in tests. */
  retryBaseMs?: number;
  /** Largest response body read (default 32 MiB). Small in tests. */
  maxResponseBytes?: number;
}

export type GraphTransport = ReturnType<typeof createGraphTransport>;

export function createGraphTransport(config: EntraSourceConfig, options: GraphTransportOptions) {
  const fetcher = options.fetch ?? fetch;
  const retryBaseMs = options.retryBaseMs ?? 1000;
  const maxResponseBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  const graphUrl = config.graphUrl.replace(/\/+$/, '');
  const loginUrl = config.loginUrl.replace(/\/+$/, '');
  const tokenUrl = `${loginUrl}/${encodeURIComponent(config.tenantId)}/oauth2/v2.0/token`;
  /** A stored deltaLink is only followed by a source reading the same Graph and tenant. */
  const scope = `${graphUrl} ${config.tenantId.toLowerCase()}`;
  const graphOrigin = safeOrigin(graphUrl);
  /** Aborts pending requests and throttling waits when the client is closed. */
  const closing = new AbortController();
  let token: { value: string; renewAt: number } | null = null;
  let pendingToken: Promise<string> | null = null;

  /** No secret (client secret, private key, access token) ever appears in a message. */
  function redact(message: string): string {
    let out = message;
    for (const secret of [config.clientSecret, config.privateKeyPem, token?.value ?? '']) {
      if (secret.length >= 4) out = out.split(secret).join('[redacted]');
    }
    return out;
  }
  const fail = (message: string) => new SourceError(redact(message));

  // ---- token ----

  async function requestToken(): Promise<string> {
    if (!config.tenantId.trim())
      throw fail('No Directory (tenant) ID is configured for the Entra ID source.');
    if (!config.clientId.trim())
      throw fail('No Application (client) ID is configured for the Entra ID source.');
    const form = new URLSearchParams({
      client_id: config.clientId,
      scope: `${graphUrl}/.default`,
      grant_type: 'client_credentials',
    });
    if (config.certificatePem && config.privateKeyPem) {
      form.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      form.set('client_assertion', clientAssertion(config, tokenUrl));
    } else if (config.clientSecret) {
      form.set('client_secret', config.clientSecret);
    } else {
      throw fail('The Entra ID source has neither a client secret nor a certificate with its private key.');
    }
    const sent = Date.now();
    const { status, text } = await send(
      tokenUrl,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
      },
      `the token endpoint ${loginUrl}`,
    );
    const body = parseJson(text);
    if (status === 200 && body && typeof body.access_token === 'string') {
      const lifetimeMs = Number(body.expires_in ?? 3600) * 1000;
      token = {
        value: body.access_token,
        renewAt: sent + Math.max(lifetimeMs - TOKEN_MARGIN_MS, lifetimeMs / 2),
      };
      return body.access_token;
    }
    throw fail(
      `Microsoft Entra ID refused Quire’s sign-in as application ${config.clientId} in tenant "${config.tenantId}": ${signInProblem(status, body)}.`,
    );
  }

  function accessToken(): Promise<string> {
    if (token && Date.now() < token.renewAt) return Promise.resolve(token.value);
    pendingToken ??= requestToken().finally(() => (pendingToken = null));
    return pendingToken;
  }

  // ---- HTTP ----

  async function send(
    url: string,
    init: RequestInit,
    what: string,
  ): Promise<{ status: number; headers: Headers; text: string }> {
    const signal = AbortSignal.any([AbortSignal.timeout(config.timeoutMs), closing.signal]);
    try {
      const response = await fetcher(url, { ...init, signal, redirect: 'error' });
      return {
        status: response.status,
        headers: response.headers,
        text: await readBoundedText(response, maxResponseBytes, what),
      };
    } catch (error) {
      if (error instanceof SourceError) throw fail(error.message);
      if (closing.signal.aborted) throw fail('The Entra ID source was closed while reading.');
      if ((error as Error).name === 'TimeoutError' || signal.aborted)
        throw fail(`${what} did not answer within ${config.timeoutMs} ms.`);
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw fail(`Could not reach ${what}: ${cause?.code ?? cause?.message ?? (error as Error).message}.`);
    }
  }

  /** Waits `ms`, or fails when the client is closed meanwhile. */
  function pause(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        closing.signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(fail('The Entra ID source was closed while waiting for Microsoft Graph’s throttling.'));
      };
      closing.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * GET a Graph URL as JSON: throttling honoured (Retry-After, else exponential backoff; at most
   * MAX_THROTTLED_ATTEMPTS in a row and within the run's budget), other 5xx retried a little, a
   * refused token renewed once; everything else a SourceError that names the problem
   * (`permission` for a 403).
   */
  async function graphGet(
    url: string,
    what: string,
    permission: string,
    budget: Budget,
  ): Promise<Record<string, unknown>> {
    let serverErrors = 0;
    let throttled = 0;
    let renewed = false;
    for (;;) {
      const bearer = await accessToken();
      const { status, headers, text } = await send(
        url,
        {
          headers: {
            authorization: `Bearer ${bearer}`,
            accept: 'application/json',
            prefer: `odata.maxpagesize=${config.pageSize}`,
          },
        },
        `Microsoft Graph (${what})`,
      );
      const body = parseJson(text);
      if (status >= 200 && status < 300) {
        if (!body) throw fail(`Microsoft Graph answered ${what} with something that is not JSON.`);
        return body;
      }
      const error = (body?.error ?? {}) as { code?: string; message?: string };
      const detail = `${status}${error.code ? ` ${error.code}` : ''}${error.message ? `: ${String(error.message).slice(0, 300)}` : ''}`;
      if (status === 429 || status === 503) {
        throttled++;
        if (throttled >= MAX_THROTTLED_ATTEMPTS) {
          throw fail(
            `Microsoft Graph kept throttling ${what} (${detail}); Quire gave up after ${throttled} attempts in a row. Try again later.`,
          );
        }
        // A missing or unreadable Retry-After must not mean "at once" (Number(null) is 0): back off.
        const waitMs =
          retryAfterMs(headers.get('retry-after')) ??
          Math.min(retryBaseMs * 2 ** (throttled - 1), MAX_BACKOFF_MS);
        const charge = Math.max(waitMs, MIN_THROTTLE_CHARGE_MS);
        if (budget.throttledMs + charge > MAX_THROTTLE_WAIT_MS) {
          throw fail(
            `Microsoft Graph kept throttling ${what} (${detail}); Quire stopped after waiting ${Math.round(budget.throttledMs / 1000)} s in this run. Try again later.`,
          );
        }
        budget.throttledMs += charge;
        await pause(waitMs);
        continue;
      }
      if (
        status === 410 ||
        error.code === 'syncStateNotFound' ||
        error.code === 'resyncRequired' ||
        error.code === 'syncStateInvalid'
      )
        throw new DeltaExpired(detail);
      if (status >= 500 && serverErrors < SERVER_ERROR_BACKOFF_MS.length) {
        await pause(SERVER_ERROR_BACKOFF_MS[serverErrors++]!);
        continue;
      }
      if (status === 401 && !renewed) {
        // A token can be revoked before it expires: one more try with a fresh one.
        renewed = true;
        token = null;
        continue;
      }
      if (status === 401)
        throw fail(
          `Microsoft Graph refused Quire’s access token for ${what} (${detail}). Check the tenant id and that the Graph URL (${graphUrl}) is your cloud’s.`,
        );
      if (status === 403)
        throw fail(
          `Microsoft Graph refused ${what} (${detail}): the app registration needs the application permission ${permission}, with admin consent granted.`,
        );
      throw fail(`Microsoft Graph failed ${what} (${detail}).`);
    }
  }

  /** The pages of one delta round from `url`, each with the deltaLink when it is the last. */
  async function* deltaPages(
    url: string,
    what: string,
    permission: string,
    budget: Budget,
  ): AsyncGenerator<{ objects: GraphObject[]; deltaLink: string | null }> {
    let next = url;
    for (;;) {
      const body = await graphGet(next, what, permission, budget);
      if (!Array.isArray(body.value))
        throw fail(`Microsoft Graph answered ${what} without a list of objects.`);
      const objects = body.value.filter(
        (o): o is GraphObject =>
          typeof o === 'object' && o !== null && typeof (o as { id?: unknown }).id === 'string',
      );
      const deltaLink = typeof body['@odata.deltaLink'] === 'string' ? body['@odata.deltaLink'] : null;
      const nextLink = typeof body['@odata.nextLink'] === 'string' ? body['@odata.nextLink'] : null;
      yield { objects, deltaLink };
      if (deltaLink) return;
      if (!nextLink) throw fail(`Microsoft Graph ended ${what} without a nextLink or a deltaLink.`);
      next = graphLink(nextLink);
    }
  }

  /** Graph's own links are followed only on Graph's own origin: the bearer token goes nowhere else. */
  function graphLink(link: string): string {
    if (safeOrigin(link) !== graphOrigin)
      throw fail(
        `Microsoft Graph returned a link to another site (${safeOrigin(link) ?? 'not a URL'}); it was not followed.`,
      );
    return link;
  }

  return {
    graphUrl,
    scope,
    fail,
    graphGet,
    deltaPages,
    graphLink,
    close: () => closing.abort(),
  };
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function safeOrigin(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
