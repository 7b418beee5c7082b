/**
 * Records who did what to whom, from where. Admin actions and every password event call this.
 *
 *   await audit.record({ actor: 'admin', action: 'user.password.reset', target: 'bob', ip });
 */
import type { Clock } from '../ports.js';
import { storableText } from '../text.js';
import type { AuditPageQuery, AuditQuery, AuditRepository } from './audit.repository.js';

export interface AuditEvent {
  /** Username of whoever acted, or `system`/`cli`/`setup`. */
  actor: string;
  /** Dotted, stable, e.g. `user.create`, `user.password.change`, `signin.failure`. */
  action: string;
  target?: string;
  ip?: string;
  details?: Record<string, unknown>;
}

/** `onRecord` sees every event after it is stored (the metrics count sign-in outcomes from it). */
export function createAuditService(
  repository: AuditRepository,
  clock: Clock,
  onRecord?: (event: AuditEvent) => void,
) {
  return {
    async record(event: AuditEvent): Promise<void> {
      await repository.insert({
        at: clock.now().toISOString(),
        // What was typed is recorded as far as a database can hold it (see src/text.ts).
        actor: storableText(event.actor),
        action: event.action,
        target: storableText(event.target ?? ''),
        ip: event.ip ?? '',
        details: event.details ? JSON.stringify(event.details) : '',
      });
      onRecord?.(event);
    },
    list: (query: AuditQuery) => repository.list(query),
    page: (query: AuditPageQuery) => repository.page(query),
    actions: () => repository.actions(),
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
