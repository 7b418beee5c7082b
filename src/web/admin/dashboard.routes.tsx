/**
 * Admin Console route for the Dashboard (`/admin/dashboard`, where `/admin` leads). The handler
 * checks admin rights first, through `adminFrame` (401 signed out, 403 otherwise); the figures
 * are the dashboard service's aggregates, with the printers needing attention.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sendPage } from '../render.js';
import type { WebContext } from '../context.js';
import type { AdminFrame } from './admin.pages.js';
import { DashboardPage } from './dashboard.pages.js';

export function registerAdminDashboardRoutes(
  server: FastifyInstance,
  context: WebContext,
  adminFrame: (request: FastifyRequest) => Promise<AdminFrame>,
): void {
  const { dashboard, printerStatus } = context.services;

  server.get('/admin/dashboard', async (request, reply) => {
    const frame = await adminFrame(request);
    const [summary, attention] = await Promise.all([dashboard.summary(), printerStatus.needingAttention()]);
    return sendPage(reply, 200, <DashboardPage frame={frame} summary={summary} attention={attention} />);
  });
}
