/**
 * Operating endpoints, outside the User Web Interface and the Admin Console:
 *   GET /healthz  — live: the process answers (a load balancer's or orchestrator's liveness probe);
 *   GET /readyz   — ready: the database answers and its schema is the one this server expects;
 *   GET /metrics  — Prometheus text: requests by route and status, sign-in outcomes, sync runs,
 *                   users by source. Open to QUIRE_METRICS_ALLOWED_ADDRESSES (loopback by
 *                   default) and to any address with an API token of the `metrics` scope.
 * None of them uses a session cookie; /healthz and /readyz need no authentication and say nothing
 * an outsider could use (no version, no error text from the database).
 *
 * The plugin runs in the server's own scope (serverWide) so that its request metrics count every
 * request the server answers; the endpoints themselves sit in a child scope of their own.
 *
 *   await server.register(opsPlugin, { services, config });
 */
import { addressMatcher } from '../api-tokens/allowed-addresses.js';
import { isAppError } from '../errors.js';
import { useApiHeaders } from '../http/api-headers.js';
import { useTokenAuthentication } from '../http/token-scope.js';
import { serverWide } from '../http/transport.js';
import { PROMETHEUS_CONTENT_TYPE, type Sample } from './metrics.js';

export const OPS_PATHS = ['/healthz', '/readyz', '/metrics'] as const;

const METRICS_TOKEN_NEEDED =
  'This address may read /metrics only with an API token of the metrics scope (Authorization: Bearer <token>).';

/** Headers by which a proxy says whom it forwards for. */
const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'] as const;

const seconds = (iso: string) => Date.parse(iso) / 1000;

export const opsPlugin = serverWide(async (server, { services, config }) => {
  const { metrics, ops, apiTokens } = services;

  // Every request the server answers, by route pattern (never the raw URL: bounded label values).
  server.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.count('quire_http_requests_total', {
      route,
      method: request.method,
      status: String(reply.statusCode),
    });
    metrics.count('quire_http_request_duration_seconds_sum', { route }, reply.elapsedTime / 1000);
  });

  const metricsAddress = addressMatcher(config.metricsAllowedAddresses);

  await server.register(async (scope) => {
    useApiHeaders(scope, config.secureCookies);
    useTokenAuthentication(scope);

    scope.get('/healthz', async (_request, reply) => reply.send({ status: 'ok' }));

    scope.get('/readyz', async (request, reply) => {
      const problems: string[] = [];
      try {
        await ops.ping();
        const { pending, unknown } = await ops.schemaStatus();
        if (pending.length > 0) problems.push(`${pending.length} database migrations are not applied yet`);
        if (unknown.length > 0) problems.push('the database schema is newer than this server');
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check: database unreachable');
        problems.push('the database cannot be reached');
      }
      return problems.length === 0
        ? reply.send({ status: 'ready' })
        : reply.code(503).send({ status: 'not ready', problems });
    });

    scope.get('/metrics', async (request, reply) => {
      // Behind a proxy on this host that is not declared in QUIRE_TRUSTED_PROXIES, every client
      // would look like 127.0.0.1: a forwarded request never gets the address shortcut.
      const forwardedUnseen =
        config.trustedProxies.length === 0 &&
        FORWARDING_HEADERS.some((name) => request.headers[name] !== undefined);
      if (forwardedUnseen || !metricsAddress(request.ip)) {
        const header = request.headers.authorization;
        const bearer =
          typeof header === 'string' && /^Bearer /i.test(header) ? header.slice(7).trim() : undefined;
        // No token at all is a request for the credentials, not a guess: it is not counted
        // against the address, or a browser or a misconfigured scraper would lock the address's
        // REST and XML-RPC tokens out. A token that is presented and wrong counts, as anywhere.
        if (!bearer)
          return reply
            .code(401)
            .header('www-authenticate', 'Bearer')
            .type('text/plain; charset=utf-8')
            .send(`${METRICS_TOKEN_NEEDED}\n`);
        try {
          await apiTokens.authenticate(bearer, { scope: 'metrics', ip: request.ip });
        } catch (error) {
          if (!isAppError(error)) throw error;
          return reply
            .code(error.status)
            .header('www-authenticate', 'Bearer')
            .type('text/plain; charset=utf-8')
            .send(`${error.message}\n`);
        }
      }
      const samples: Sample[] = [{ name: 'quire_up', labels: {}, value: 1 }];
      for (const row of await ops.usersBySource())
        samples.push({
          name: 'quire_users',
          labels: { source: row.source, state: row.disabled ? 'disabled' : 'enabled' },
          value: row.n,
        });
      for (const row of await ops.syncRunCounts())
        samples.push({
          name: 'quire_sync_runs_total',
          labels: { source: row.source, kind: row.dry_run ? 'dry_run' : 'sync', status: row.status },
          value: row.n,
        });
      for (const row of await ops.lastRuns()) {
        if (row.last?.finished_at)
          samples.push({
            name: 'quire_sync_last_duration_seconds',
            labels: { source: row.source },
            value: seconds(row.last.finished_at) - seconds(row.last.started_at),
          });
        if (row.lastSuccessAt)
          samples.push({
            name: 'quire_sync_last_success_timestamp_seconds',
            labels: { source: row.source },
            value: seconds(row.lastSuccessAt),
          });
      }
      return reply.type(PROMETHEUS_CONTENT_TYPE).send(metrics.render(samples));
    });
  });
});
