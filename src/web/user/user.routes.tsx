/**
 * Routes of the User Web Interface (/user).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SignInError } from '../../auth/auth.service.js';
import { isTokenShaped } from '../../passwords/password-reset.service.js';
import { passwordAuthorityLabel } from '../../directory/sources.service.js';
import { ValidationError } from '../../errors.js';
import { presentSession } from '../../sessions/session.presenter.js';
import { presentUser } from '../../users/user.presenter.js';
import { LoginPage } from '../components/login.js';
import { field, safeNext, sendPage, translatorOf } from '../render.js';
import { actorOf, endSession, requireSignedIn, startSession } from '../security.js';
import type { WebContext } from '../context.js';
import { describePasswordPolicy } from '../../passwords/password-policy.js';
import {
  ConfirmEmailPage,
  EmailConfirmedPage,
  EmailLinkInvalidPage,
  ForgotPasswordPage,
  ResetDonePage,
  ResetLinkInvalidPage,
  ResetPasswordPage,
  ResetRequestedPage,
} from './signed-out.pages.js';
import {
  CHANGE_DETAILS_DONE,
  ChangeDetailsPage,
  type ChangeDetailsDone,
  type DirectoryPassword,
} from './change-details.pages.js';
import { registerAccountRoutes } from './account.routes.js';
import { registerPendingReleaseRoutes } from './pending-release.routes.js';
import { beginSecondStep, registerSecondFactorRoutes } from './second-factor.routes.js';
import { registerTwoFactorRoutes } from './two-factor.routes.js';

export function registerUserRoutes(server: FastifyInstance, context: WebContext): void {
  const frame = async (request: Parameters<typeof requireSignedIn>[0], allowPending = false) => {
    const current = requireSignedIn(request, 'user', { allowPasswordChangePending: allowPending });
    const user = presentUser(current.user, await context.services.sources.names());
    // The nav offers the Admin Console to whoever may use it, through an admin group too.
    return {
      organization: await context.organization(),
      csrfToken: request.csrfToken,
      user,
      adminAccess: await context.services.groups.hasAdminAccess(current.user),
    };
  };

  server.get('/user', async (request, reply) =>
    reply.redirect(request.auth ? '/user/summary' : '/user/login', 302),
  );

  /** What the log-in page offers besides the form; registration and reset only with mail. */
  async function loginOffers() {
    const resetByEmail = await context.services.mail.isConfigured();
    return {
      canRegister: resetByEmail && (await context.services.registration.enabled()),
      resetByEmail,
      providers: await context.services.identityProviders.listForArea('user'),
    };
  }

  server.get('/user/login', async (request, reply) => {
    if (request.auth) return reply.redirect('/user/summary', 302);
    return sendPage(
      reply,
      200,
      <LoginPage
        area="user"
        organization={await context.organization()}
        csrfToken={request.csrfToken}
        {...await loginOffers()}
      />,
    );
  });

  server.post('/user/login', async (request, reply) => {
    const username = field(request.body, 'username');
    const next = safeNext(field(request.body, 'next'), '/user/summary');
    try {
      const user = await context.services.auth.signIn({
        username,
        password: field(request.body, 'password'),
        ip: request.ip,
      });
      if (await beginSecondStep(context, request, reply, user, 'user', next)) return reply;
      await startSession(context, request, reply, user.id);
      return reply.redirect(user.must_change_password ? '/user/change-details?required=1' : next, 303);
    } catch (error) {
      if (!(error instanceof SignInError)) throw error;
      return sendPage(
        reply,
        error.status,
        <LoginPage
          area="user"
          organization={await context.organization()}
          csrfToken={request.csrfToken}
          username={username}
          error={error.text.in(translatorOf(request))}
          next={next === '/user/summary' ? undefined : next}
          {...await loginOffers()}
        />,
      );
    }
  });

  server.post('/user/logout', async (request, reply) => {
    await endSession(context, request, reply);
    return reply.redirect('/user/login', 303);
  });

  registerAccountRoutes(server, context, frame);
  registerPendingReleaseRoutes(server, context, frame);
  registerSecondFactorRoutes(server, context);
  registerTwoFactorRoutes(server, context, frame);

  /** Where a standard user's password lives, and whether they may change it here. */
  async function directoryOf(request: FastifyRequest): Promise<DirectoryPassword | undefined> {
    const user = request.auth?.user;
    const source =
      user?.source_id == null ? undefined : await context.services.sources.findById(user.source_id);
    if (!source) return undefined;
    return {
      label: passwordAuthorityLabel(source),
      sourceName: source.name,
      canChangePassword: context.services.sources.clientFor(source).canChangePassword,
    };
  }

  async function changeDetailsPage(
    request: FastifyRequest,
    extra: { errors?: Record<string, string>; done?: ChangeDetailsDone; required?: boolean } = {},
  ) {
    const options = await context.services.settings.get();
    const current = request.auth;
    const sessions = current
      ? (await context.services.sessions.listActiveForUser(current.user.id)).map((row) =>
          presentSession(row, current.session.id),
        )
      : [];
    const pendingEmail =
      current && current.user.source_id === null
        ? (await context.services.emailChange.pendingFor(current.user))?.newEmail
        : undefined;
    return (
      <ChangeDetailsPage
        {...await frame(request, true)}
        passwordHelpText={options.passwordHelpText}
        passwordHint={describePasswordPolicy(options, translatorOf(request))}
        pendingEmail={pendingEmail}
        language={current?.user.language ?? null}
        directory={await directoryOf(request)}
        sessions={sessions}
        {...extra}
      />
    );
  }

  server.get('/user/change-details', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const done = CHANGE_DETAILS_DONE.find((key) => key === query.done);
    return sendPage(reply, 200, await changeDetailsPage(request, { done, required: query.required === '1' }));
  });

  server.post('/user/change-details/sessions/sign-out-others', async (request, reply) => {
    const current = requireSignedIn(request, 'user', { allowPasswordChangePending: true });
    await context.services.users.endOtherSessions(current.user, actorOf(request));
    return reply.redirect('/user/change-details?done=sessions', 303);
  });

  server.post('/user/change-details/password', async (request, reply) => {
    const current = requireSignedIn(request, 'user', { allowPasswordChangePending: true });
    const input = {
      currentPassword: field(request.body, 'currentPassword'),
      newPassword: field(request.body, 'newPassword'),
      confirmPassword: field(request.body, 'confirmPassword'),
    };
    try {
      if (current.user.source_id === null)
        await context.services.users.changeOwnPassword(current.user, input, actorOf(request));
      else await context.services.users.changeDirectoryPassword(current.user, input, actorOf(request));
      return reply.redirect('/user/change-details?done=password', 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(
        reply,
        400,
        await changeDetailsPage(request, { errors: error.fieldsIn(translatorOf(request)) }),
      );
    }
  });

  server.post('/user/change-details/email', async (request, reply) => {
    const current = requireSignedIn(request, 'user');
    try {
      await context.services.emailChange.request(
        current.user,
        {
          newEmail: field(request.body, 'email'),
          currentPassword: field(request.body, 'emailCurrentPassword'),
        },
        actorOf(request),
      );
      return reply.redirect('/user/change-details?done=email-sent', 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(
        reply,
        400,
        await changeDetailsPage(request, { errors: error.fieldsIn(translatorOf(request)) }),
      );
    }
  });

  // Saved at once; the page after the redirect is in the new language.
  server.post('/user/change-details/language', async (request, reply) => {
    const current = requireSignedIn(request, 'user', { allowPasswordChangePending: true });
    try {
      await context.services.users.chooseLanguage(current.user, field(request.body, 'language'));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(
        reply,
        400,
        await changeDetailsPage(request, { errors: error.fieldsIn(translatorOf(request)) }),
      );
    }
    return reply.redirect('/user/change-details?done=language', 303);
  });

  server.post('/user/change-details/email/cancel', async (request, reply) => {
    const current = requireSignedIn(request, 'user');
    await context.services.emailChange.cancel(current.user, actorOf(request));
    return reply.redirect('/user/change-details?done=email-cancelled', 303);
  });

  registerPasswordResetRoutes(server, context);
  registerEmailConfirmRoutes(server, context);
}

/**
 * The link sent to a new email address. It works signed out (the link is the proof that the
 * address is the user's; the request before it proved the password).
 */
function registerEmailConfirmRoutes(server: FastifyInstance, context: WebContext): void {
  const emailChange = context.services.emailChange;

  server.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/user/confirm-email/')) reply.header('Referrer-Policy', 'no-referrer');
  });

  server.get('/user/confirm-email/done', async (_request, reply) =>
    sendPage(reply, 200, <EmailConfirmedPage organization={await context.organization()} />),
  );

  server.get<{ Params: { token: string } }>('/user/confirm-email/:token', async (request, reply) => {
    const { token } = request.params;
    const change = await emailChange.peek(token);
    const organization = await context.organization();
    if (!change) return sendPage(reply, 410, <EmailLinkInvalidPage organization={organization} />);
    return sendPage(
      reply,
      200,
      <ConfirmEmailPage
        organization={organization}
        csrfToken={request.csrfToken}
        action={`/user/confirm-email/${token}`}
        {...change}
      />,
    );
  });

  server.post<{ Params: { token: string } }>('/user/confirm-email/:token', async (request, reply) => {
    if ((await emailChange.confirm(request.params.token, request.ip)) === 'changed')
      return reply.redirect('/user/confirm-email/done', 303);
    return sendPage(reply, 410, <EmailLinkInvalidPage organization={await context.organization()} />);
  });
}

/**
 * "Forgot your password?" and the emailed reset link. Signed-out pages: their forms carry the
 * pre-sign-in CSRF token (double submit of the quire_csrf cookie, checked in security.ts).
 */
function registerPasswordResetRoutes(server: FastifyInstance, context: WebContext): void {
  const resets = context.services.passwordReset;

  /** The "Forgot your password?" page: the form, or without mail only whom to ask. */
  async function forgotPage(request: FastifyRequest, errors?: Record<string, string>) {
    const { organizationName, passwordHelpText } = await context.services.settings.get();
    return (
      <ForgotPasswordPage
        organization={organizationName}
        passwordHelpText={passwordHelpText}
        csrfToken={request.csrfToken}
        byEmail={await context.services.mail.isConfigured()}
        errors={errors}
      />
    );
  }

  server.get('/user/forgot-password', async (request, reply) =>
    sendPage(reply, 200, await forgotPage(request)),
  );

  server.post('/user/forgot-password', async (request, reply) => {
    // Without mail no link can be sent: the page says whom to ask instead of claiming one was.
    if (!(await context.services.mail.isConfigured())) return sendPage(reply, 200, await forgotPage(request));
    const identifier = field(request.body, 'identifier').trim();
    if (identifier === '')
      return sendPage(
        reply,
        400,
        await forgotPage(request, { identifier: translatorOf(request).t('user.forgot.empty') }),
      );
    await resets.request(identifier, request.ip);
    // The same redirect whoever matched; the page after it is the same too.
    return reply.redirect('/user/forgot-password/sent', 303);
  });

  server.get('/user/forgot-password/sent', async (request, reply) => {
    if (!(await context.services.mail.isConfigured())) return sendPage(reply, 200, await forgotPage(request));
    const { organizationName, passwordHelpText } = await context.services.settings.get();
    return sendPage(
      reply,
      200,
      <ResetRequestedPage organization={organizationName} passwordHelpText={passwordHelpText} />,
    );
  });

  // The token is in the path: no response under it (error pages included) may let the browser
  // pass the address on in a Referer header.
  server.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/user/reset-password/')) reply.header('Referrer-Policy', 'no-referrer');
  });

  server.get('/user/reset-password/done', async (_request, reply) =>
    sendPage(reply, 200, <ResetDonePage organization={await context.organization()} />),
  );

  server.get<{ Params: { token: string } }>('/user/reset-password/:token', async (request, reply) => {
    const { token } = request.params;
    const organization = await context.organization();
    if (!(await resets.isValid(token)))
      return sendPage(
        reply,
        isTokenShaped(token) ? 410 : 400,
        <ResetLinkInvalidPage organization={organization} />,
      );
    return sendPage(
      reply,
      200,
      <ResetPasswordPage
        organization={organization}
        csrfToken={request.csrfToken}
        action={`/user/reset-password/${token}`}
        passwordHint={describePasswordPolicy(await context.services.settings.get(), translatorOf(request))}
      />,
    );
  });

  server.post<{ Params: { token: string } }>('/user/reset-password/:token', async (request, reply) => {
    const { token } = request.params;
    const organization = await context.organization();
    const input = {
      newPassword: field(request.body, 'newPassword'),
      confirmPassword: field(request.body, 'confirmPassword'),
    };
    try {
      if (await resets.reset(token, input, request.ip)) {
        // This browser's session (if any) ended with the others.
        reply.clearCookie(context.cookies.session, { path: '/', secure: context.config.secureCookies });
        return reply.redirect('/user/reset-password/done', 303);
      }
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(
        reply,
        400,
        <ResetPasswordPage
          organization={organization}
          csrfToken={request.csrfToken}
          action={`/user/reset-password/${token}`}
          passwordHint={describePasswordPolicy(await context.services.settings.get(), translatorOf(request))}
          errors={error.fieldsIn(translatorOf(request))}
        />,
      );
    }
    return sendPage(
      reply,
      isTokenShaped(token) ? 410 : 400,
      <ResetLinkInvalidPage organization={organization} />,
    );
  });
}
