/**
 * Admin Console → Options → Web services: API tokens (create, revoke after a confirmation page) and the addresses allowed to
 * call the XML-RPC web services. Every handler checks admin rights first through `adminFrame`
 * (401 signed out, 403 otherwise); every form carries the CSRF token.
 *
 *   registerAdminApiTokenRoutes(server, context, adminFrame); // from registerAdminRoutes
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SCOPE_NAMES } from '../../api-tokens/api-tokens.service.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { parseSort, sortRows } from '../components/data-table.js';
import { checked, field, sendPage } from '../render.js';
import { actorOf } from '../security.js';
import type { WebContext } from '../context.js';
import type { AdminFrame } from './admin.pages.js';
import { RevokeTokenPage } from './api-token-revoke.pages.js';
import {
  CREATE_TOKEN_ACTION,
  DEFAULT_TOKEN_SORT,
  scopeField,
  TOKEN_SORTS,
  WEB_SERVICES_PAGE,
  WebServicesPage,
  type WebServicesPageProps,
} from './api-tokens.pages.js';

// Fixed texts only: a crafted link cannot put words on the page. A Map: `?done=constructor`
// must show nothing, not Object.
const DONE: ReadonlyMap<string, string> = new Map([
  ['saved', 'The allowed addresses were saved.'],
  ['revoked', 'The token was revoked. Calls with it are refused from now on.'],
]);

const REVOKE_ROUTE = `${CREATE_TOKEN_ACTION}/:id/revoke`;

export function registerAdminApiTokenRoutes(
  server: FastifyInstance,
  context: WebContext,
  adminFrame: (request: FastifyRequest) => Promise<AdminFrame>,
): void {
  const { apiTokens, settings, audit } = context.services;

  async function page(frame: AdminFrame, props: Partial<WebServicesPageProps> = {}) {
    return (
      <WebServicesPage
        frame={frame}
        tokens={sortRows(await apiTokens.list(), TOKEN_SORTS, props.sort ?? DEFAULT_TOKEN_SORT)}
        allowedAddresses={(await settings.get()).webServicesAllowedAddresses}
        {...props}
      />
    );
  }

  server.get(WEB_SERVICES_PAGE, async (request, reply) => {
    const frame = await adminFrame(request);
    const sort = parseSort(request.query, TOKEN_SORTS, DEFAULT_TOKEN_SORT);
    return sendPage(reply, 200, await page(frame, { sort, notice: DONE.get(field(request.query, 'done')) }));
  });

  server.post(WEB_SERVICES_PAGE, async (request, reply) => {
    const frame = await adminFrame(request);
    const typed = field(request.body, 'webServicesAllowedAddresses');
    try {
      const saved = await settings.update({ webServicesAllowedAddresses: typed });
      const actor = actorOf(request);
      await audit.record({
        actor: actor.username,
        action: 'web_services.settings.update',
        ip: actor.ip,
        details: { allowedAddresses: saved.webServicesAllowedAddresses },
      });
      return reply.redirect(`${WEB_SERVICES_PAGE}?done=saved`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(
        reply,
        400,
        await page(frame, { allowedAddresses: typed, addressErrors: error.fields }),
      );
    }
  });

  server.post(CREATE_TOKEN_ACTION, async (request, reply) => {
    const frame = await adminFrame(request);
    const values = {
      name: field(request.body, 'name'),
      // Exactly the boxes ticked: no scope is added that the administrator did not choose.
      scopes: SCOPE_NAMES.filter((scope) => checked(request.body, scopeField(scope))),
      expires: field(request.body, 'expires'),
    };
    try {
      const { token, row } = await apiTokens.create(values, actorOf(request));
      // The token goes out in this response only (sendPage marks it no-store), never through a
      // redirect, a cookie or the database: reloading the page cannot show it again.
      return sendPage(reply, 200, await page(frame, { created: { token, name: row.name } }));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(reply, 400, await page(frame, { tokenValues: values, tokenErrors: error.fields }));
    }
  });

  /** The token a revoke URL names by id (never by name: a name can look like anything). */
  async function tokenOf(request: FastifyRequest) {
    const { id } = request.params as { id: string };
    const token = (await apiTokens.list()).find((candidate) => candidate.id === id);
    if (!token) throw new NotFoundError('There is no such API token.');
    return token;
  }

  server.get(REVOKE_ROUTE, async (request, reply) => {
    const frame = await adminFrame(request);
    return sendPage(reply, 200, <RevokeTokenPage frame={frame} token={await tokenOf(request)} />);
  });

  server.post(REVOKE_ROUTE, async (request, reply) => {
    await adminFrame(request);
    await apiTokens.revoke((await tokenOf(request)).id, actorOf(request));
    return reply.redirect(`${WEB_SERVICES_PAGE}?done=revoked`, 303);
  });
}
