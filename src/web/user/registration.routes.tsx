/**
 * Self-registration routes (/user/register…). All of them answer 404 while registration is off
 * (the service refuses), so a switched-off feature is indistinguishable from none.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ValidationError } from '../../errors.js';
import { registrationDomains } from '../../settings/settings.service.js';
import { field, sendPage, translatorOf } from '../render.js';
import type { WebContext } from '../context.js';
import {
  ActivatePage,
  LinkProblemPage,
  RegisterPage,
  RegisterSentPage,
  RegisterUnavailablePage,
  VerifiedPage,
  type LinkProblem,
  type RegisterValues,
} from './registration.pages.js';
import { describePasswordPolicy } from '../../passwords/password-policy.js';

const PROBLEM_STATUS: Record<LinkProblem, number> = { invalid: 400, expired: 410, taken: 409 };

export function registerRegistrationRoutes(server: FastifyInstance, context: WebContext): void {
  const registration = context.services.registration;

  async function registerPage(
    request: FastifyRequest,
    extra: { values?: RegisterValues; errors?: Record<string, string> } = {},
  ) {
    const options = await context.services.settings.get();
    return (
      <RegisterPage
        organization={options.organizationName}
        csrfToken={request.csrfToken}
        domains={registrationDomains(options)}
        passwordHint={describePasswordPolicy(options, translatorOf(request))}
        {...extra}
      />
    );
  }

  /** Registration on, but mail removed since: whom to ask, instead of a form that cannot complete. */
  async function unavailablePage() {
    const { organizationName, passwordHelpText } = await context.services.settings.get();
    return <RegisterUnavailablePage organization={organizationName} passwordHelpText={passwordHelpText} />;
  }

  server.get('/user/register', async (request, reply) => {
    if (!(await registration.enabled())) return reply.callNotFound();
    if (request.auth) return reply.redirect('/user/summary', 302);
    if (!(await context.services.mail.isConfigured())) return sendPage(reply, 200, await unavailablePage());
    return sendPage(reply, 200, await registerPage(request));
  });

  server.post('/user/register', async (request, reply) => {
    if (!(await registration.enabled())) return reply.callNotFound();
    // Nothing is stored: the registration could never be confirmed.
    if (!(await context.services.mail.isConfigured())) return sendPage(reply, 503, await unavailablePage());
    const values: RegisterValues = {
      username: field(request.body, 'username'),
      fullName: field(request.body, 'fullName'),
      email: field(request.body, 'email'),
    };
    try {
      const { delivered } = await registration.register(
        {
          ...values,
          password: field(request.body, 'password'),
          confirmPassword: field(request.body, 'confirmPassword'),
        },
        request.ip,
        request.language,
      );
      if (!delivered)
        return sendPage(
          reply,
          503,
          <RegisterSentPage organization={await context.organization()} delivered={false} />,
        );
      return reply.redirect('/user/register/sent', 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(
        reply,
        400,
        await registerPage(request, { values, errors: error.fieldsIn(translatorOf(request)) }),
      );
    }
  });

  server.get('/user/register/sent', async (_request, reply) => {
    if (!(await registration.enabled())) return reply.callNotFound();
    return sendPage(reply, 200, <RegisterSentPage organization={await context.organization()} delivered />);
  });

  server.get<{ Params: { token: string } }>('/user/register/verify/:token', async (request, reply) => {
    if (!(await registration.enabled())) return reply.callNotFound();
    const { token } = request.params;
    const state = await registration.check(token);
    const organization = await context.organization();
    if (state !== 'valid')
      return sendPage(
        reply,
        PROBLEM_STATUS[state],
        <LinkProblemPage organization={organization} problem={state} />,
      );
    return sendPage(
      reply,
      200,
      <ActivatePage
        organization={organization}
        csrfToken={request.csrfToken}
        action={`/user/register/verify/${token}`}
      />,
    );
  });

  server.post<{ Params: { token: string } }>('/user/register/verify/:token', async (request, reply) => {
    if (!(await registration.enabled())) return reply.callNotFound();
    const outcome = await registration.verify(request.params.token, request.ip);
    const organization = await context.organization();
    if (outcome.status !== 'verified')
      return sendPage(
        reply,
        PROBLEM_STATUS[outcome.status],
        <LinkProblemPage organization={organization} problem={outcome.status} />,
      );
    return sendPage(reply, 200, <VerifiedPage organization={organization} username={outcome.username} />);
  });
}
