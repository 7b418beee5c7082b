/**
 * The release station (`/release`): a page for a browser kiosk next to the printers. Signed out it
 * offers sign-in by card/ID number and PIN or by username and password; signed in it lists the
 * user's held jobs for the station's printers with Print and Cancel, and a Log out button. The
 * route's Refresh header (no script) signs the user out after the idle time; the page says so and
 * offers "More time".
 */
import { CsrfField, ErrorSummary, Field } from '../components/forms.js';
import { Layout } from '../components/layout.js';
import { useTranslator } from '../components/translation.js';
import { DoneNotice, PendingJobsTable, type JobError, type PendingJobView } from './pending-jobs.js';

export interface StationFrame {
  organization: string;
  csrfToken: string;
  /** The printers named in the station's address (empty: every printer). */
  printers: string[];
  /** Appends the station's `printers=` to an address of the station. */
  href: (path: string, extra?: Record<string, string>) => string;
  done?: string;
}

function StationPage(
  props: StationFrame & {
    /** Say which printers the station serves (not when its address is wrong). */
    showPrinters?: boolean;
    children: preact.ComponentChildren;
  },
) {
  const t = useTranslator();
  const title = t.t('release.station.title');
  return (
    <Layout title={title} organization={props.organization} area="user">
      <h1>{title}</h1>
      {props.showPrinters !== false && (
        <p>
          {props.printers.length > 0
            ? t.t('release.station.printers', { printers: props.printers.join(', ') })
            : t.t('release.station.allPrinters')}
        </p>
      )}
      <DoneNotice done={props.done} />
      {props.children}
    </Layout>
  );
}

export function StationSignInPage(props: StationFrame & { error?: string; username?: string }) {
  const t = useTranslator();
  return (
    <StationPage {...props}>
      {props.error && <ErrorSummary errors={{ _form: props.error }} />}
      <section class="card narrow" aria-labelledby="with-card">
        <h2 id="with-card">{t.t('release.station.withCard')}</h2>
        <form method="post" action={props.href('/release/card')} novalidate>
          <CsrfField token={props.csrfToken} />
          <Field
            name="card"
            label={t.t('release.station.card')}
            autocomplete="off"
            required
            autofocus
            maxLength={200}
          />
          <Field name="pin" label={t.t('release.station.pin')} type="password" autocomplete="off" required />
          <button type="submit">{t.t('release.station.cardSubmit')}</button>
        </form>
      </section>
      <section class="card narrow" aria-labelledby="with-password">
        <h2 id="with-password">{t.t('release.station.withPassword')}</h2>
        <form method="post" action={props.href('/release/login')} novalidate>
          <CsrfField token={props.csrfToken} />
          <Field
            name="username"
            label={t.t('login.username')}
            value={props.username}
            autocomplete="off"
            required
            maxLength={200}
          />
          <Field name="password" label={t.t('login.password')} type="password" autocomplete="off" required />
          <button type="submit">{t.t('login.submit')}</button>
        </form>
      </section>
    </StationPage>
  );
}

export function StationJobsPage(
  props: StationFrame & { username: string; jobs: PendingJobView[]; idleSeconds: number; error?: JobError },
) {
  const t = useTranslator();
  return (
    <StationPage {...props}>
      <form method="post" action={props.href('/release/logout')} class="actions">
        <span>{t.rich('release.station.signedInAs', { username: <strong>{props.username}</strong> })}</span>
        <CsrfField token={props.csrfToken} />
        <button type="submit" class="button-secondary">
          {t.t('release.station.logOut')}
        </button>
      </form>
      <p class="hint">
        {t.t('release.station.idle', { seconds: props.idleSeconds })}{' '}
        <a href={props.href('/release')}>{t.t('release.station.moreTime')}</a>
      </p>
      <h2>{t.t('release.title')}</h2>
      <PendingJobsTable
        jobs={props.jobs}
        csrfToken={props.csrfToken}
        actionOf={(id, action) => props.href(`/release/jobs/${id}/${action}`)}
        error={props.error}
      />
    </StationPage>
  );
}

/** A station whose address names a printer that does not exist. */
export function StationNotSetUpPage(props: StationFrame & { problem: string }) {
  const t = useTranslator();
  return (
    <StationPage {...props} showPrinters={false}>
      <h2>{t.t('release.station.notSetUp')}</h2>
      <p>{props.problem}</p>
    </StationPage>
  );
}
