/**
 * A recent log-in for taking a second factor away (Keycloak's re-authentication): removing the
 * authenticator app or a security key, or getting new recovery codes, works straight away within
 * FRESH_LOGIN_MINUTES of logging in; later, the same POST answers with a page asking for the
 * password again, which posts back to the same address. A user Quire cannot ask for a password
 * (single sign-on only) is told to log out and in again. Someone at a browser left signed in can
 * thus not remove the second factor and keep the account with the password alone.
 *
 *   if (!(await freshLogin(request, reply, { url, label }))) return reply; // the page was sent
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../../errors.js';
import { FRESH_LOGIN_MINUTES } from '../../sessions/sessions.service.js';
import { CsrfField, ErrorSummary, Field, type FieldErrors } from '../components/forms.js';
import { useTranslator } from '../components/translation.js';
import type { WebContext } from '../context.js';
import { field, sendPage, translatorOf } from '../render.js';
import { actorOf, requireSignedIn } from '../security.js';
import { Frame, type UserFrame } from './user-frame.js';

/** The change waiting for the confirmation: the address it posts to and its button's words. */
export interface GuardedAction {
  url: string;
  label: string;
}

interface ConfirmPageProps extends UserFrame {
  action: GuardedAction;
  /** The user has no password Quire can check (single sign-on only). */
  passwordless?: boolean;
  errors?: FieldErrors;
}

export function ConfirmItIsYouPage(props: ConfirmPageProps) {
  const t = useTranslator();
  const about = { minutes: FRESH_LOGIN_MINUTES, action: props.action.label };
  return (
    <Frame {...props} title={t.t('freshLogin.title')} current="/user/change-details">
      <section class="card narrow">
        <h1>{t.t('freshLogin.title')}</h1>
        {props.passwordless ? (
          <p>{t.t('freshLogin.noPassword', about)}</p>
        ) : (
          <>
            <ErrorSummary errors={props.errors} labels={{ currentPassword: t.t('freshLogin.password') }} />
            <p>{t.t('freshLogin.intro', about)}</p>
            <form method="post" action={props.action.url} novalidate>
              <CsrfField token={props.csrfToken} />
              <input type="hidden" name="confirm" value="1" />
              <Field
                name="currentPassword"
                type="password"
                label={t.t('freshLogin.password')}
                errors={props.errors}
                autocomplete="current-password"
                required
                autofocus
              />
              <button type="submit">{props.action.label}</button>
            </form>
          </>
        )}
        <p>
          <a href="/user/two-factor">{t.t('freshLogin.cancel')}</a>
        </p>
      </section>
    </Frame>
  );
}

/**
 * The check for a guarded POST: true when the change may go ahead (a recent log-in, or the right
 * password just typed); false when the confirmation page has been sent instead (200 asking, 400
 * with the field's error, 403 for a single sign-on user), nothing changed. A boolean, not the
 * reply: a FastifyReply is thenable, and awaiting it gives undefined.
 */
export function freshLoginCheck(context: WebContext, frame: (request: FastifyRequest) => Promise<UserFrame>) {
  const { sessions, auth } = context.services;
  return async (request: FastifyRequest, reply: FastifyReply, action: GuardedAction): Promise<boolean> => {
    const current = requireSignedIn(request, 'user');
    if (sessions.loggedInRecently(current.session)) return true;
    const page = async (status: number, extra: Partial<ConfirmPageProps> = {}) => {
      sendPage(reply, status, <ConfirmItIsYouPage {...await frame(request)} action={action} {...extra} />);
      return false;
    };
    if (!(await auth.canConfirmPassword(current.user))) return page(403, { passwordless: true });
    if (field(request.body, 'confirm') !== '1') return page(200);
    try {
      await auth.confirmPassword(current.user, field(request.body, 'currentPassword'), actorOf(request));
      return true;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return page(400, { errors: error.fieldsIn(translatorOf(request)) });
    }
  };
}
