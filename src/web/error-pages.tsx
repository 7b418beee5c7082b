/**
 * The pages' answers to errors and unknown addresses, for every request no other transport
 * answers itself: the sign-in page for a 401, the password change for a user who must change it,
 * an error page with the AppError's message, and a generic page (logged) for anything unknown.
 *
 *   registerErrorPages(server, context); // from webPlugin, before any route
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isAppError } from '../errors.js';
import { requestErrorStatus } from '../http/request-errors.js';
import { localText } from '../i18n/local-text.js';
import { ERROR_TITLES, pageMessage } from './components/error-words.js';
import { ErrorPage } from './components/error-page.js';
import { LoginPage } from './components/login.js';
import type { WebContext } from './context.js';
import { sendPage } from './render.js';
import { PasswordChangeRequired, SignInRequired, TwoFactorSetupRequired } from './security.js';

function areaOf(request: FastifyRequest): 'user' | 'admin' | 'setup' {
  // The matched route, as the router decoded it (`/%61dmin/…` is an Admin Console page).
  const path = request.routeOptions.url ?? request.url;
  if (path.startsWith('/admin')) return 'admin';
  if (path.startsWith('/setup')) return 'setup';
  return 'user';
}

export function registerErrorPages(server: FastifyInstance, context: WebContext): void {
  server.setErrorHandler(async (error, request, reply) => {
    const organization = await context.organization().catch(() => 'Quire');
    if (error instanceof SignInRequired) {
      return sendPage(
        reply,
        401,
        <LoginPage
          area={error.area}
          organization={organization}
          csrfToken={request.csrfToken}
          next={request.method === 'GET' ? request.url : undefined}
          providers={await context.services.identityProviders.listForArea(error.area).catch(() => [])}
          resetByEmail={await context.services.mail.isConfigured().catch(() => true)}
        />,
      );
    }
    if (error instanceof PasswordChangeRequired)
      return reply.redirect('/user/change-details?required=1', 303);
    if (error instanceof TwoFactorSetupRequired) return reply.redirect('/user/two-factor?required=1', 303);
    if (isAppError(error)) {
      const title = localText(ERROR_TITLES.get(error.status) ?? 'error.title.other');
      // A non-administrator refused in the Admin Console is sent back to the User Web Interface
      // (the console would refuse again) and can log out to sign in as someone else.
      const back = areaOf(request) === 'admin' && error.status !== 403 ? '/admin' : '/user';
      const signedIn = request.auth
        ? { signedInAs: request.auth.user.username, csrfToken: request.csrfToken }
        : {};
      return sendPage(
        reply,
        error.status,
        <ErrorPage
          status={error.status}
          title={title}
          message={pageMessage(error)}
          organization={organization}
          area={areaOf(request)}
          backHref={back}
          {...signedIn}
        />,
      );
    }
    const status = requestErrorStatus(error);
    if (status === 413) {
      return sendPage(
        reply,
        413,
        <ErrorPage
          status={413}
          title={localText('error.title.tooLarge')}
          message={localText('error.message.tooLarge')}
          organization={organization}
          area={areaOf(request)}
        />,
      );
    }
    if (status !== undefined) {
      return sendPage(
        reply,
        status,
        <ErrorPage
          status={status}
          title={localText('error.title.badRequest')}
          message={localText('error.message.badRequest')}
          organization={organization}
          area={areaOf(request)}
        />,
      );
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendPage(
      reply,
      500,
      <ErrorPage
        status={500}
        title={localText('error.title.serverError')}
        message={localText('error.message.serverError')}
        organization={organization}
        area={areaOf(request)}
      />,
    );
  });

  server.setNotFoundHandler(async (request, reply) => {
    const organization = await context.organization();
    const area = areaOf(request);
    return sendPage(
      reply,
      404,
      <ErrorPage
        status={404}
        title={localText('error.title.notFound')}
        message={localText('error.message.notFound')}
        organization={organization}
        area={area}
        // A wrong address in the Admin Console leads back into the console, any other to the user pages.
        backHref={area === 'admin' ? '/admin' : '/user'}
      />,
    );
  });
}
