/**
 * Admin Console routes for the Audit Log: the page and its CSV export, both filtered by user,
 * action and a range of days in the organisation's time zone. A bad date is the page's 400 with
 * the field's error (the CSV's plain-text 400); an action no entry has, or a user name no one can
 * have, is no filter.
 *
 *   registerAdminAuditRoutes(server, context, adminFrame);
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditQuery } from '../../audit/audit.repository.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import { isStorableText } from '../../text.js';
import type { WebContext } from '../context.js';
import { csvOf, sendCsv, type CsvColumns } from '../csv.js';
import { field } from '../render.js';
import type { AdminFrame } from './admin.pages.js';
import {
  actionWord,
  AuditLogPage,
  detailsText,
  type AuditEntryView,
  type AuditFilter,
} from './audit.pages.js';
import { logQueryOf } from './log-filter.js';
import { sendLogPage } from './log-page.js';

const AUDIT_PAGE_SIZE = 50;

const CSV_COLUMNS: CsvColumns<AuditEntryView> = [
  ['id', (entry) => entry.id],
  ['time', (entry) => entry.at],
  ['actor', (entry) => entry.actor],
  ['action', (entry) => actionWord(adminEnglish, entry.action)],
  ['action_code', (entry) => entry.action],
  ['target', (entry) => entry.target],
  ['ip', (entry) => entry.ip],
  ['details', (entry) => detailsText(entry.details)],
];

/** The filter as typed; `actions` are the ones the log holds, so any other is no filter. */
function readAuditFilter(query: unknown, actions: readonly string[]): AuditFilter {
  const typed = field(query, 'user').trim().slice(0, 200);
  const action = field(query, 'action');
  return {
    // A name no user can have (NUL, a broken character) is a malformed filter: no filter.
    user: isStorableText(typed) ? typed : '',
    action: actions.includes(action) ? action : '',
    from: field(query, 'from').trim().slice(0, 40),
    to: field(query, 'to').trim().slice(0, 40),
  };
}

/** The repository's query; the days become the moments they span (a bad date: ValidationError). */
function auditQueryOf(filter: AuditFilter, timeZone: string): AuditQuery {
  const days = logQueryOf({ user: '', account: '', from: filter.from, to: filter.to }, timeZone);
  return {
    user: filter.user || undefined,
    action: filter.action || undefined,
    from: days.from,
    to: days.to,
  };
}

export function registerAdminAuditRoutes(
  server: FastifyInstance,
  context: WebContext,
  adminFrame: (request: FastifyRequest) => Promise<AdminFrame>,
): void {
  const { audit } = context.services;

  server.get('/admin/audit', async (request, reply) => {
    const frame = await adminFrame(request);
    const actions = await audit.actions();
    const filter = readAuditFilter(request.query, actions);
    return sendLogPage(
      request,
      reply,
      AUDIT_PAGE_SIZE,
      (before, limit) =>
        audit.list({ ...auditQueryOf(filter, request.formatSettings.timeZone), beforeId: before, limit }),
      (page) => <AuditLogPage frame={frame} filter={filter} actions={actions} {...page} />,
    );
  });

  server.get('/admin/audit.csv', async (request, reply) => {
    await adminFrame(request);
    const filter = readAuditFilter(request.query, await audit.actions());
    return sendCsv(reply, 'audit-log.csv', () => {
      const query = auditQueryOf(filter, request.formatSettings.timeZone);
      return csvOf(CSV_COLUMNS, (before, limit) => audit.list({ ...query, beforeId: before, limit }));
    });
  });
}
