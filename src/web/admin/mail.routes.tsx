/**
 * Admin Console → Options → Email: save the mail server settings and send a test email. Every
 * handler checks admin rights first through `adminFrame` (401 signed out, 403 otherwise).
 *
 *   registerAdminMailRoutes(server, context, adminFrame); // from registerAdminRoutes
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ConflictError, MailError, ValidationError } from '../../errors.js';
import type { MailSettingsInput } from '../../mail/mail.service.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import { field, sendPage } from '../render.js';
import { actorOf } from '../security.js';
import type { WebContext } from '../context.js';
import type { AdminFrame } from './admin.pages.js';
import { EMAIL_PAGE, MailPage, mailFormValues } from './mail.pages.js';

export function registerAdminMailRoutes(
  server: FastifyInstance,
  context: WebContext,
  adminFrame: (request: FastifyRequest) => Promise<AdminFrame>,
): void {
  const { mail, audit } = context.services;

  server.get(EMAIL_PAGE, async (request, reply) => {
    const frame = await adminFrame(request);
    const view = await mail.view();
    // A fixed text only: a crafted link cannot put words on the page.
    const notice =
      field(request.query, 'done') === 'saved' ? adminEnglish.t('admin.mail.done.saved') : undefined;
    return sendPage(
      reply,
      200,
      <MailPage frame={frame} view={view} values={mailFormValues(view)} notice={notice} />,
    );
  });

  server.post(EMAIL_PAGE, async (request, reply) => {
    const frame = await adminFrame(request);
    const input: MailSettingsInput = {
      host: field(request.body, 'host'),
      port: field(request.body, 'port'),
      security: field(request.body, 'security'),
      user: field(request.body, 'user'),
      password: field(request.body, 'password'),
      from: field(request.body, 'from'),
    };
    try {
      const changed = await mail.update(input);
      const actor = actorOf(request);
      await audit.record({
        actor: actor.username,
        action: 'mail.settings.update',
        ip: actor.ip,
        details: { changed },
      });
      return reply.redirect(`${EMAIL_PAGE}?done=saved`, 303);
    } catch (error) {
      const view = await mail.view();
      if (error instanceof ValidationError)
        return sendPage(
          reply,
          400,
          <MailPage frame={frame} view={view} values={input} errors={error.fields} />,
        );
      if (error instanceof ConflictError)
        return sendPage(
          reply,
          409,
          <MailPage
            frame={frame}
            view={view}
            values={mailFormValues(view)}
            errors={{ _server: error.message }}
          />,
        );
      throw error;
    }
  });

  server.post(`${EMAIL_PAGE}/test`, async (request, reply) => {
    const frame = await adminFrame(request);
    const to = field(request.body, 'to');
    const actor = actorOf(request);
    const render = async (
      status: number,
      extra: { testErrors?: Record<string, string>; testResult?: { ok: boolean; message: string } },
    ) => {
      const view = await mail.view();
      return sendPage(
        reply,
        status,
        <MailPage frame={frame} view={view} values={mailFormValues(view)} testTo={to} {...extra} />,
      );
    };
    try {
      await mail.sendTest(to);
      await audit.record({
        actor: actor.username,
        action: 'mail.test',
        target: to.trim(),
        ip: actor.ip,
        details: { delivered: true },
      });
      return render(200, {
        testResult: { ok: true, message: adminEnglish.t('admin.mail.testSent', { to: to.trim() }) },
      });
    } catch (error) {
      if (error instanceof ValidationError) return render(400, { testErrors: error.fields });
      if (!(error instanceof MailError)) throw error;
      await audit.record({
        actor: actor.username,
        action: 'mail.test',
        target: to.trim(),
        ip: actor.ip,
        details: { delivered: false },
      });
      return render(error.status, { testResult: { ok: false, message: error.message } });
    }
  });
}
