/**
 * Print and Cancel as both release pages run them: the outcome is a notice to redirect to
 * (post/redirect/get) or a form error to show again (400), never a half-done job — the print
 * service either releases and charges it, or leaves it held.
 */
import type { FastifyRequest } from 'fastify';
import { ConflictError, ValidationError } from '../../errors.js';
import type { PendingReleaseService, Station } from '../../release/pending-release.service.js';
import { field, translatorOf } from '../render.js';
import type { JobError } from './pending-jobs.js';

export type ReleaseOutcome = { done: 'released' | 'denied' | 'cancelled' | 'gone' } | { error: JobError };

/** The job id in a path (`:id`), or undefined when it is not one. */
function jobIdOf(request: FastifyRequest): number | undefined {
  const text = (request.params as { id?: string }).id ?? '';
  return /^[1-9]\d{0,14}$/.test(text) ? Number(text) : undefined;
}

export async function releaseAction(
  service: PendingReleaseService,
  request: FastifyRequest,
  user: { id: number; username: string },
  action: 'print' | 'cancel',
  station?: Station,
): Promise<ReleaseOutcome> {
  const id = jobIdOf(request);
  if (id === undefined) return { done: 'gone' };
  try {
    if (action === 'cancel') {
      await service.cancel(user, id, request.ip, station);
      return { done: 'cancelled' };
    }
    const result = await service.release(user, id, field(request.body, 'printer'), request.ip, station);
    return { done: result.status === 'released' ? 'released' : 'denied' };
  } catch (error) {
    // Gone: not the user's, not held any more, not at this station (pending-release.service.ts).
    if (error instanceof ConflictError) return { done: 'gone' };
    if (error instanceof ValidationError) {
      const fields = error.fieldsIn(translatorOf(request));
      return { error: { jobId: id, message: fields.printer ?? Object.values(fields).join(' ') } };
    }
    throw error;
  }
}
