/**
 * Admin Console → Users → a user → Reset two-factor sign-in: for a user who lost their phone,
 * security keys and recovery codes. A confirmation page, then the reset (audited as
 * `twofactor.reset`); the user logs in with the password alone until they set up a factor again.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CsrfField } from '../components/forms.js';
import { useAdminTranslator } from '../components/translation.js';
import { sendPage } from '../render.js';
import { actorOf } from '../security.js';
import type { WebContext } from '../context.js';
import { AdminPage, userHref, type AdminFrame } from './admin.pages.js';

function ResetTwoFactorPage(props: { frame: AdminFrame; username: string }) {
  const t = useAdminTranslator();
  const { frame, username } = props;
  const title = t.t('admin.twoFactor.resetTitle', { username });
  return (
    <AdminPage frame={frame} title={title} section="users">
      <h1>{title}</h1>
      <section class="card">
        <p>{t.t('admin.twoFactor.resetIntro', { username })}</p>
        <form method="post" action={userHref(username, '/two-factor/reset')} class="actions">
          <CsrfField token={frame.csrfToken} />
          <button type="submit" class="button-danger">
            {t.t('admin.twoFactor.resetConfirm')}
          </button>
          <a href={userHref(username)}>{t.t('admin.twoFactor.cancel')}</a>
        </form>
      </section>
    </AdminPage>
  );
}

type UserParams = { Params: { username: string } };

export function registerAdminTwoFactorResetRoutes(
  server: FastifyInstance,
  context: WebContext,
  adminFrame: (request: FastifyRequest) => Promise<AdminFrame>,
): void {
  const { users, twoFactor } = context.services;

  server.get<UserParams>('/admin/users/:username/two-factor/reset', async (request, reply) => {
    const frame = await adminFrame(request);
    const user = await users.requireUser(request.params.username);
    return sendPage(reply, 200, <ResetTwoFactorPage frame={frame} username={user.username} />);
  });

  server.post<UserParams>('/admin/users/:username/two-factor/reset', async (request, reply) => {
    await adminFrame(request);
    const user = await users.requireUser(request.params.username);
    await twoFactor.reset(user, actorOf(request));
    return reply.redirect(userHref(user.username, '?done=two-factor-reset'), 303);
  });
}
