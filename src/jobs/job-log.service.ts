/**
 * The job log as the Admin Console, the CLI and the REST API read it: filters given by name (a
 * user, a printer "server\queue" or a unique queue name, an account: accounts/log-query.ts), a
 * status and a time range, newest first, a page at a time (keyset on the job id).
 *
 *   const rows = await jobLog.page({ user: 'alice', from: '2026-12-01' }, 100);
 *   const next = await jobLog.page({ user: 'alice', from: '2026-12-01', before: rows.at(-1)!.id }, 100);
 */
import type { AccountingStore } from '../accounts/accounting-store.js';
import { monthStart } from '../accounts/calendar.js';
import { resolveLogQuery, resolveName, type LogQuery } from '../accounts/log-query.js';
import type { JobRow, JobStatus } from '../db/accounting.schema.js';
import type { UserRow } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { localText } from '../i18n/local-text.js';
import type { Clock } from '../ports.js';
import type { ChargingService } from './charging.service.js';
import type { JobFilter } from './jobs.repository.js';

/** The statuses a job can have; looked up here because the filter comes from outside. */
export const JOB_STATUSES = new Map<string, JobStatus>([
  ['printed', 'printed'],
  ['denied', 'denied'],
  ['refunded', 'refunded'],
  ['cancelled', 'cancelled'],
]);

export interface JobLogQuery extends LogQuery {
  /** "server\queue", or a queue name only one server has. */
  printer?: string;
  status?: string;
}

/** "server\queue" → its parts; a bare queue name has no server. */
export function printerPath(text: string): { server: string | undefined; name: string } {
  const at = text.indexOf('\\');
  return at === -1
    ? { server: undefined, name: text }
    : { server: text.slice(0, at), name: text.slice(at + 1) };
}

export function createJobLogService(deps: {
  store: AccountingStore;
  users: { requireUser(username: string): Promise<UserRow> };
  charging: Pick<ChargingService, 'findPrinter'>;
  clock: Clock;
  /** The organisation's time zone, where a month begins. */
  timeZone: () => Promise<string>;
}) {
  const { store } = deps;

  async function filterOf(query: JobLogQuery): Promise<JobFilter> {
    const { user, accountId, from, to, before } = await resolveLogQuery(deps, query);
    const filter: JobFilter = { userId: user?.id, accountId, from, to, before };
    if (query.status !== undefined && query.status !== '') {
      const status = JOB_STATUSES.get(query.status);
      if (!status) {
        throw new ValidationError({
          status: `The status must be one of: ${[...JOB_STATUSES.keys()].join(', ')}.`,
        });
      }
      filter.status = status;
    }
    if (query.printer) {
      const { server, name } = printerPath(query.printer);
      const found = await resolveName(
        'printer',
        () => deps.charging.findPrinter(server, name),
        localText('problem.log.noPrinter', { name: query.printer }),
      );
      filter.printerId = found.id;
    }
    return filter;
  }

  return {
    /** Up to `limit` jobs matching `query`, newest first. */
    async page(query: JobLogQuery, limit: number): Promise<JobRow[]> {
      return store.jobs.page(await filterOf(query), limit);
    },

    /** A user's printed (or refunded) jobs and pages since the month began in the organisation's zone. */
    async thisMonth(userId: number): Promise<{ jobs: number; pages: number }> {
      return store.jobs.totals(monthStart(deps.clock.now(), await deps.timeZone()), userId);
    },

    async require(id: number): Promise<JobRow> {
      const job = await store.jobs.byId(id);
      if (!job) throw new NotFoundError(`No job with id ${id}.`);
      return job;
    },
  };
}

export type JobLogService = ReturnType<typeof createJobLogService>;
