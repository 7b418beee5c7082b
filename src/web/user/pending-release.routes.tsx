/**
 * Jobs Pending Release in the User Web Interface: the signed-in user's held jobs (never anyone
 * else's: the service is asked for `current.user`), Print and Cancel as POST forms that redirect
 * back with a notice.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { field, sendPage } from '../render.js';
import { requireSignedIn } from '../security.js';
import type { WebContext } from '../context.js';
import { presentPendingJob, type JobError } from '../release/pending-jobs.js';
import { releaseAction } from '../release/release-actions.js';
import { PENDING_RELEASE_PATH, PendingReleasePage } from './pending-release.pages.js';
import type { UserFrame } from './user-frame.js';

export function registerPendingReleaseRoutes(
  server: FastifyInstance,
  context: WebContext,
  frame: (request: FastifyRequest) => Promise<UserFrame>,
): void {
  const { pendingRelease } = context.services;

  async function page(request: FastifyRequest, extra: { done?: string; error?: JobError } = {}) {
    const current = requireSignedIn(request, 'user');
    const jobs = (await pendingRelease.jobsFor(current.user)).map(presentPendingJob);
    return <PendingReleasePage {...await frame(request)} jobs={jobs} {...extra} />;
  }

  server.get(PENDING_RELEASE_PATH, async (request, reply) =>
    sendPage(reply, 200, await page(request, { done: field(request.query, 'done') || undefined })),
  );

  for (const action of ['print', 'cancel'] as const) {
    server.post(`${PENDING_RELEASE_PATH}/:id/${action}`, async (request, reply) => {
      const current = requireSignedIn(request, 'user');
      const outcome = await releaseAction(pendingRelease, request, current.user, action);
      if ('error' in outcome) return sendPage(reply, 400, await page(request, { error: outcome.error }));
      return reply.redirect(`${PENDING_RELEASE_PATH}?done=${outcome.done}`, 303);
    });
  }
}
