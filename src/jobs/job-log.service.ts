/**
 * The job log as the CLI and the REST API read it: filters given by name (a user, a printer
 * "server\queue" or a unique queue name, a shared account), a status and a time range, newest
 * first, a page at a time (keyset on the job id).
 *
 *   const rows = await jobLog.page({ user: 'alice', from: '2026-12-01' }, 100);
 *   const next = await jobLog.page({ user: 'alice', from: '2026-12-01', before: rows.at(-1)!.id }, 100);
 */
import type { AccountingStore } from '../accounts/accounting-store.js';
import { monthStart } from '../accounts/calendar.js';
import type { JobRow, JobStatus } from '../db/accounting.schema.js';
import type { UserRow } from '../db/schema.js';
import { isAppError, NotFoundError, ValidationError } from '../errors.js';
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

export interface JobLogQuery {
  user?: string;
  /** "server\queue", or a queue name only one server has. */
  printer?: string;
  /** A shared account's full name. */
  account?: string;
  status?: string;
  /** Times (ISO 8601, or a date: midnight UTC): created at or after `from`, before `to`. */
  from?: string;
  to?: string;
  /** Jobs with an id below this: the next page. */
  before?: number;
}

/** "server\queue" → its parts; a bare queue name has no server. */
export function printerPath(text: string): { server: string | undefined; name: string } {
  const at = text.indexOf('\\');
  return at === -1
    ? { server: undefined, name: text }
    : { server: text.slice(0, at), name: text.slice(at + 1) };
}

function time(field: string, text: string | undefined): string | undefined {
  if (text === undefined || text === '') return undefined;
  const at = /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text.trim())
    ? new Date(text.trim())
    : new Date(NaN);
  if (Number.isNaN(at.getTime())) {
    throw new ValidationError({ [field]: 'Give a date or time such as 2026-12-01 or 2026-12-01T08:00:00Z.' });
  }
  return at.toISOString();
}

/** A name filter's not-found as a problem with the filter (400 naming it), not a missing page. */
async function resolve<T>(field: string, find: () => Promise<T>): Promise<T> {
  try {
    return await find();
  } catch (error) {
    if (isAppError(error)) throw new ValidationError({ [field]: error.message });
    throw error;
  }
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
    const filter: JobFilter = {
      from: time('from', query.from),
      to: time('to', query.to),
      before: query.before,
    };
    if (query.status !== undefined && query.status !== '') {
      const status = JOB_STATUSES.get(query.status);
      if (!status) {
        throw new ValidationError({
          status: `The status must be one of: ${[...JOB_STATUSES.keys()].join(', ')}.`,
        });
      }
      filter.status = status;
    }
    if (query.user) filter.userId = (await resolve('user', () => deps.users.requireUser(query.user!))).id;
    if (query.printer) {
      const { server, name } = printerPath(query.printer);
      filter.printerId = (await resolve('printer', () => deps.charging.findPrinter(server, name))).id;
    }
    if (query.account) {
      const account = await store.accounts.sharedByName(query.account.trim());
      if (!account) throw new ValidationError({ account: `No shared account named "${query.account}".` });
      filter.accountId = account.id;
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
