/**
 * The user's own two-factor set-up (/user/two-factor, linked from Change Details): the
 * authenticator app and its recovery codes here; security keys in security-keys.routes.tsx.
 * Recovery codes are the answer to the POST that made them (never a page one can reload later).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ValidationError } from '../../errors.js';
import { field, sendPage, translatorOf } from '../render.js';
import { actorOf, requireSignedIn } from '../security.js';
import type { WebContext } from '../context.js';
import { freshLoginCheck } from './fresh-login.js';
import { TWO_FACTOR_DONE, TwoFactorPage, type TwoFactorPageProps } from './two-factor.pages.js';
import type { UserFrame } from './user-frame.js';

export const TWO_FACTOR_PATH = '/user/two-factor';

export type TwoFactorPageExtra = Partial<Omit<TwoFactorPageProps, keyof UserFrame | 'status'>>;

/** The page for the signed-in user, with what the request adds (a notice, errors, new codes). */
export function twoFactorPage(context: WebContext, frame: (request: FastifyRequest) => Promise<UserFrame>) {
  return async (request: FastifyRequest, extra: TwoFactorPageExtra = {}) => {
    const current = requireSignedIn(request, 'user');
    const status = await context.services.twoFactor.status(current.user.id);
    const keyOptions = await context.services.securityKeys.registrationOptions(
      current.user,
      current.session.id,
    );
    return <TwoFactorPage {...await frame(request)} status={status} keyOptions={keyOptions} {...extra} />;
  };
}

export function registerTwoFactorRoutes(
  server: FastifyInstance,
  context: WebContext,
  frame: (request: FastifyRequest) => Promise<UserFrame>,
): void {
  const { twoFactor, securityKeys } = context.services;
  const page = twoFactorPage(context, frame);
  // Taking a second factor away needs a recent log-in or the password again (fresh-login.tsx).
  const freshLogin = freshLoginCheck(context, frame);

  // The key being set up and fresh recovery codes are in the answer to a POST: never stored by a cache.
  server.addHook('onSend', async (request, reply) => {
    if (request.method === 'POST' && request.url.startsWith(TWO_FACTOR_PATH))
      reply.header('Cache-Control', 'no-store');
  });

  server.get(TWO_FACTOR_PATH, async (request, reply) => {
    const done = field(request.query, 'done');
    return sendPage(
      reply,
      200,
      await page(request, {
        done: TWO_FACTOR_DONE.has(done as never) ? done : undefined,
        required: field(request.query, 'required') === '1',
      }),
    );
  });

  server.post(`${TWO_FACTOR_PATH}/app`, async (request, reply) => {
    const current = requireSignedIn(request, 'user');
    try {
      return sendPage(reply, 200, await page(request, { setup: await twoFactor.startTotp(current.user) }));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(reply, 400, await page(request, { errors: error.fieldsIn(translatorOf(request)) }));
    }
  });

  server.post(`${TWO_FACTOR_PATH}/app/confirm`, async (request, reply) => {
    const current = requireSignedIn(request, 'user');
    try {
      const codes = await twoFactor.confirmTotp(current.user, field(request.body, 'code'), actorOf(request));
      return sendPage(reply, 200, await page(request, { recoveryCodes: codes }));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const setup = await twoFactor.pendingTotp(current.user);
      return sendPage(
        reply,
        400,
        await page(request, { setup, errors: error.fieldsIn(translatorOf(request)) }),
      );
    }
  });

  server.post(`${TWO_FACTOR_PATH}/recovery-codes`, async (request, reply) => {
    const current = requireSignedIn(request, 'user');
    if (!(await twoFactor.status(current.user.id)).totp) return reply.redirect(TWO_FACTOR_PATH, 303);
    const label = translatorOf(request).t('twoFactor.recovery.new');
    if (!(await freshLogin(request, reply, { url: `${TWO_FACTOR_PATH}/recovery-codes`, label })))
      return reply;
    const codes = await twoFactor.newRecoveryCodes(current.user, actorOf(request));
    return sendPage(reply, 200, await page(request, { recoveryCodes: codes }));
  });

  server.post(`${TWO_FACTOR_PATH}/keys`, async (request, reply) => {
    const current = requireSignedIn(request, 'user');
    const name = field(request.body, 'name');
    try {
      const response = field(request.body, 'response');
      await securityKeys.add(current.user, current.session.id, name, response, actorOf(request));
      return reply.redirect(`${TWO_FACTOR_PATH}?done=key-added`, 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(reply, 400, await page(request, { errors: error.fieldsIn(translatorOf(request)) }));
    }
  });

  server.post<{ Params: { id: string } }>(`${TWO_FACTOR_PATH}/keys/:id/remove`, async (request, reply) => {
    const current = requireSignedIn(request, 'user');
    const key = (await twoFactor.status(current.user.id)).keys.find((k) => k.id === request.params.id);
    if (!key) return reply.redirect(TWO_FACTOR_PATH, 303);
    const label = translatorOf(request).t('twoFactor.keys.remove', { name: key.name });
    const url = `${TWO_FACTOR_PATH}/keys/${encodeURIComponent(key.id)}/remove`;
    if (!(await freshLogin(request, reply, { url, label }))) return reply;
    await securityKeys.remove(current.user, key.id, actorOf(request));
    return reply.redirect(`${TWO_FACTOR_PATH}?done=key-removed`, 303);
  });

  server.post(`${TWO_FACTOR_PATH}/app/remove`, async (request, reply) => {
    const current = requireSignedIn(request, 'user');
    if (!(await twoFactor.status(current.user.id)).totp) return reply.redirect(TWO_FACTOR_PATH, 303);
    const label = translatorOf(request).t('twoFactor.app.remove');
    if (!(await freshLogin(request, reply, { url: `${TWO_FACTOR_PATH}/app/remove`, label }))) return reply;
    await twoFactor.removeTotp(current.user, actorOf(request));
    return reply.redirect(`${TWO_FACTOR_PATH}?done=app-removed`, 303);
  });
}
