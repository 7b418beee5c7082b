/**
 * The user's own print account in the User Web Interface: Summary, and (read only) the ledger,
 * the jobs, the printers' rates and the shared accounts they may charge. Every page shows the
 * signed-in user's data only: the services are asked for `current.user`, never for a name from the
 * request.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sendPage } from '../render.js';
import { requireSignedIn } from '../security.js';
import type { WebContext } from '../context.js';
import { SummaryPage } from './summary.pages.js';
import type { UserFrame } from './user-frame.js';

export function registerAccountRoutes(
  server: FastifyInstance,
  context: WebContext,
  frame: (request: FastifyRequest) => Promise<UserFrame>,
): void {
  const { accounts, jobLog } = context.services;

  server.get('/user/summary', async (request, reply) => {
    const current = requireSignedIn(request, 'user');
    const account = await accounts.personal(current.user);
    return sendPage(
      reply,
      200,
      <SummaryPage
        {...await frame(request)}
        balance={{
          balance: account.balance,
          restricted: account.restricted === 1,
          overdraft: account.overdraft,
        }}
        month={await jobLog.thisMonth(current.user.id)}
      />,
    );
  });
}
