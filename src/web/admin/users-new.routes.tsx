/**
 * Admin Console → Users → Create internal user. With mail set up, "Email the new user their log-in
 * link" makes the password optional: the user then chooses it through a link valid for a week.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ConflictError, ValidationError } from '../../errors.js';
import { adminEnglish } from '../../i18n/admin-translator.js';
import { describePasswordPolicy } from '../../passwords/password-policy.js';
import type { FieldErrors } from '../components/forms.js';
import { checked, field, sendPage } from '../render.js';
import { actorOf } from '../security.js';
import type { WebContext } from '../context.js';
import { userHref, type AdminFrame } from './admin.pages.js';
import { DETAIL_FIELDS, type DetailValues } from './users-details.pages.js';
import { NewUserPage, type NewUserValues } from './users-new.pages.js';

export function registerNewUserRoutes(
  server: FastifyInstance,
  context: WebContext,
  adminFrame: (request: FastifyRequest) => Promise<AdminFrame>,
): void {
  const { users, settings, mail, passwordReset } = context.services;
  const formProps = async () => ({
    passwordHint: describePasswordPolicy(await settings.get()),
    mailConfigured: await mail.isConfigured(),
  });

  server.get('/admin/create-internal-user', async (request, reply) =>
    sendPage(reply, 200, <NewUserPage frame={await adminFrame(request)} {...await formProps()} />),
  );

  server.post('/admin/create-internal-user', async (request, reply) => {
    const frame = await adminFrame(request);
    const body = request.body;
    const values: NewUserValues = {
      username: field(body, 'username'),
      ...detailValues(body),
      mustChangePassword: checked(body, 'mustChangePassword'),
      isAdmin: checked(body, 'isAdmin'),
      emailLink: checked(body, 'emailLink'),
    };
    const props = await formProps();
    const refuse = (errors: FieldErrors) =>
      sendPage(reply, 400, <NewUserPage frame={frame} values={values} {...props} errors={errors} />);
    // The box is shown only with mail set up; ticked without it (mail removed meanwhile), nothing is made.
    if (values.emailLink && !props.mailConfigured)
      return refuse({ emailLink: adminEnglish.t('admin.users.new.emailLinkNoMail') });
    const password = field(body, 'password');
    const confirmPassword = field(body, 'confirmPassword');
    const noPassword = values.emailLink && password === '' && confirmPassword === '';
    const actor = actorOf(request);
    try {
      const row = await users.createInternal(
        { ...values, password: noPassword ? null : password, confirmPassword },
        actor,
      );
      if (!values.emailLink) return reply.redirect(userHref(row.username, '?done=created'), 303);
      const delivered = await passwordReset
        .sendByAdministrator(row.username, 'welcome', actor)
        .catch((error: unknown) => {
          if (error instanceof ConflictError) return false;
          throw error;
        });
      return reply.redirect(
        userHref(row.username, delivered ? '?done=created-link-sent' : '?done=created-link-failed'),
        303,
      );
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return refuse(error.fields);
    }
  });
}

/** The details fields of a posted form, as typed. */
export function detailValues(body: unknown): DetailValues {
  const values = { notes: field(body, 'notes') } as DetailValues;
  for (const { name } of DETAIL_FIELDS) values[name] = field(body, name);
  return values;
}
