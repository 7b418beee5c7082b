/**
 * Process-local Prometheus counters, written out in the text exposition format (version 0.0.4).
 * Each server counts what it served; Prometheus scrapes every server and sums. Figures that live
 * in the database (users, sync runs) are read at scrape time instead, so every server reports the
 * same, whole picture.
 *
 *   const metrics = createMetrics();
 *   metrics.count('quire_http_requests_total', { route: '/user/login', method: 'POST', status: '303' });
 *   reply.type(PROMETHEUS_CONTENT_TYPE).send(metrics.render([...databaseSamples]));
 */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type Labels = Record<string, string>;

export interface Sample {
  name: string;
  labels: Labels;
  value: number;
}

/** What each metric means, for the `# HELP` and `# TYPE` lines. */
export const METRIC_HELP: Record<string, { type: 'counter' | 'gauge'; help: string }> = {
  quire_http_requests_total: {
    type: 'counter',
    help: 'HTTP requests served by this server, by route pattern, method and status.',
  },
  quire_http_request_duration_seconds_sum: {
    type: 'counter',
    help: 'Total time spent serving requests, by route pattern (divide by the request count for the mean).',
  },
  quire_signins_total: {
    type: 'counter',
    help: 'Sign-in attempts on this server, by outcome (success, failure, throttled, refused, source_error) and method.',
  },
  quire_sync_runs_total: {
    type: 'counter',
    help: 'Synchronization runs recorded in the database, by source, kind (sync or dry_run) and status.',
  },
  quire_sync_last_duration_seconds: {
    type: 'gauge',
    help: 'Duration of the last finished synchronization run of each source.',
  },
  quire_sync_last_success_timestamp_seconds: {
    type: 'gauge',
    help: 'When the last successful synchronization of each source finished (Unix time).',
  },
  quire_users: {
    type: 'gauge',
    help: 'Users in the database, by source (internal for internal users) and state.',
  },
  quire_up: { type: 'gauge', help: 'Always 1 while this server answers.' },
};

const escapeLabel = (value: string) =>
  value.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('"', '\\"');

function key(name: string, labels: Labels): string {
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}="${escapeLabel(labels[k]!)}"`);
  return parts.length > 0 ? `${name}{${parts.join(',')}}` : name;
}

export function createMetrics() {
  const counters = new Map<string, Sample>();
  return {
    count(name: string, labels: Labels, by = 1): void {
      const k = key(name, labels);
      const sample = counters.get(k);
      if (sample) sample.value += by;
      else counters.set(k, { name, labels, value: by });
    },
    /** The exposition text: this server's counters plus the samples given (read from the database). */
    render(extra: Sample[] = []): string {
      const byName = new Map<string, Sample[]>();
      for (const sample of [...counters.values(), ...extra]) {
        const list = byName.get(sample.name) ?? [];
        list.push(sample);
        byName.set(sample.name, list);
      }
      const lines: string[] = [];
      for (const [name, samples] of [...byName].sort(([a], [b]) => a.localeCompare(b))) {
        const meta = METRIC_HELP[name];
        if (meta) lines.push(`# HELP ${name} ${meta.help}`, `# TYPE ${name} ${meta.type}`);
        for (const s of samples)
          lines.push(`${key(s.name, s.labels)} ${Number.isFinite(s.value) ? s.value : 0}`);
      }
      return `${lines.join('\n')}\n`;
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Audit actions that are sign-in outcomes, and the outcome label each counts as. */
export const SIGNIN_OUTCOMES: Record<string, string> = {
  'signin.success': 'success',
  'signin.failure': 'failure',
  'signin.throttled': 'throttled',
  'signin.refused': 'refused',
  'signin.source_error': 'source_error',
  'signin.admin.refused': 'refused',
};
