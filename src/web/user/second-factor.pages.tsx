/**
 * The second step of signing in (after a right password): a code from the authenticator app or a
 * recovery code, or a security key (public/webauthn.js; the code needs no script). A user with
 * keys only (no app, so no recovery codes either) is offered the key alone.
 */
import { CsrfField, ErrorSummary, Field } from '../components/forms.js';
import { Layout } from '../components/layout.js';
import { useTranslator } from '../components/translation.js';

export interface SecondFactorPageProps {
  area: 'user' | 'admin';
  organization: string;
  csrfToken: string;
  next?: string;
  error?: string;
  /** WebAuthn request options (JSON) when the user has security keys. */
  keyOptions?: string;
  /** false when the user has no authenticator app (and so no recovery codes): no code to ask for. */
  codes?: boolean;
}

export function SecondFactorPage(props: SecondFactorPageProps) {
  const t = useTranslator();
  const action = `/${props.area}/login/second-factor`;
  const keyOnly = props.codes === false && props.keyOptions !== undefined;
  return (
    <Layout title={t.t('secondFactor.title')} organization={props.organization} area={props.area}>
      <section class="card narrow">
        <h1>{t.t('secondFactor.title')}</h1>
        {props.error && <ErrorSummary errors={{ _form: props.error }} />}
        {keyOnly ? <p>{t.t('secondFactor.keyOnlyIntro')}</p> : <CodeForm {...props} action={action} />}
        {props.keyOptions && <KeyForm {...props} action={action} keyOnly={keyOnly} />}
        <p>{t.t(keyOnly ? 'secondFactor.lostKeys' : 'secondFactor.lostEverything')}</p>
        <p>
          <a href={`/${props.area}/login`}>{t.t('secondFactor.startOver')}</a>
        </p>
      </section>
      {props.keyOptions && <script src="/static/webauthn.js" defer></script>}
    </Layout>
  );
}

function CodeForm(props: SecondFactorPageProps & { action: string }) {
  const t = useTranslator();
  return (
    <>
      <p>{t.t('secondFactor.intro')}</p>
      <form method="post" action={props.action} novalidate>
        <CsrfField token={props.csrfToken} />
        {props.next && <input type="hidden" name="next" value={props.next} />}
        <Field
          name="code"
          label={t.t('secondFactor.code')}
          autocomplete="one-time-code"
          required
          autofocus
          maxLength={64}
        />
        <button type="submit">{t.t('secondFactor.submit')}</button>
      </form>
    </>
  );
}

function KeyForm(props: SecondFactorPageProps & { action: string; keyOnly: boolean }) {
  const t = useTranslator();
  return (
    <form
      method="post"
      action={`${props.action}/key`}
      class="webauthn"
      data-webauthn="get"
      data-options={props.keyOptions}
    >
      {!props.keyOnly && <p>{t.t('secondFactor.useKeyIntro')}</p>}
      <CsrfField token={props.csrfToken} />
      {props.next && <input type="hidden" name="next" value={props.next} />}
      <input type="hidden" name="response" value="" />
      <p class="hint webauthn-needs-script">
        {t.t(props.keyOnly ? 'secondFactor.keyOnlyNeedsScript' : 'secondFactor.needsScript')}
      </p>
      <button type="submit" class={props.keyOnly ? undefined : 'button-secondary'} disabled>
        {t.t('secondFactor.useKey')}
      </button>
    </form>
  );
}
