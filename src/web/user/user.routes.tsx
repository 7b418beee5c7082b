/**
 * Routes of the User Web Interface (/user).
 */
import type { FastifyInstance } from 'fastify';
import { SignInError } from '../../auth/auth.service.js';
import { ValidationError } from '../../errors.js';
import { presentUser } from '../../users/user.presenter.js';
import { LoginPage } from '../components/login.js';
import { field, safeNext, sendPage } from '../render.js';
import { actorOf, endSession, requireSignedIn, startSession } from '../security.js';
import type { RouteContext } from '../server.js';
import { ChangeDetailsPage, ForgotPasswordPage, SummaryPage } from './user.pages.js';

export function registerUserRoutes(server: FastifyInstance, context: RouteContext): void {
  const { app } = context;
  const frame = async (request: Parameters<typeof requireSignedIn>[0], allowPending = false) => {
    const current = requireSignedIn(request, 'user', { allowPasswordChangePending: allowPending });
    return { organization: await context.organization(), csrfToken: request.csrfToken, user: presentUser(current.user, await app.services.sources.names()) };
  };

  server.get('/user', async (request, reply) => reply.redirect(request.auth ? '/user/summary' : '/user/login', 302));

  server.get('/user/login', async (request, reply) => {
    if (request.auth) return reply.redirect('/user/summary', 302);
    return sendPage(reply, 200, <LoginPage area="user" organization={await context.organization()} csrfToken={request.csrfToken} />);
  });

  server.post('/user/login', async (request, reply) => {
    const username = field(request.body, 'username');
    const next = safeNext(field(request.body, 'next'), '/user/summary');
    try {
      const user = await app.services.auth.signIn({ username, password: field(request.body, 'password'), ip: request.ip });
      await startSession(app, context.cookies, request, reply, user.id);
      return reply.redirect(user.must_change_password ? '/user/change-details?required=1' : next, 303);
    } catch (error) {
      if (!(error instanceof SignInError)) throw error;
      return sendPage(reply, error.status, <LoginPage area="user" organization={await context.organization()} csrfToken={request.csrfToken} username={username} error={error.message} next={next === '/user/summary' ? undefined : next} />);
    }
  });

  server.post('/user/logout', async (request, reply) => {
    await endSession(app, context.cookies, request, reply);
    return reply.redirect('/user/login', 303);
  });

  server.get('/user/summary', async (request, reply) => sendPage(reply, 200, <SummaryPage {...await frame(request)} />));

  server.get('/user/change-details', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const { passwordHelpText } = await app.services.settings.get();
    return sendPage(reply, 200, <ChangeDetailsPage {...await frame(request, true)} passwordHelpText={passwordHelpText} done={query.done === 'password'} required={query.required === '1'} />);
  });

  server.post('/user/change-details/password', async (request, reply) => {
    const current = requireSignedIn(request, 'user', { allowPasswordChangePending: true });
    try {
      await app.services.users.changeOwnPassword(
        current.user,
        { currentPassword: field(request.body, 'currentPassword'), newPassword: field(request.body, 'newPassword'), confirmPassword: field(request.body, 'confirmPassword') },
        actorOf(request),
      );
      return reply.redirect('/user/change-details?done=password', 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const { passwordHelpText } = await app.services.settings.get();
      return sendPage(reply, 400, <ChangeDetailsPage {...await frame(request, true)} passwordHelpText={passwordHelpText} errors={error.fields} />);
    }
  });

  server.get('/user/forgot-password', async (_request, reply) => {
    const { organizationName, passwordHelpText } = await app.services.settings.get();
    return sendPage(reply, 200, <ForgotPasswordPage organization={organizationName} passwordHelpText={passwordHelpText} />);
  });
}
