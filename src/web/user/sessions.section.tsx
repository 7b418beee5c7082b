/**
 * Where the user is signed in, under Change Details: one row per active session, and a button that
 * ends all the others.
 */
import type { Translator } from '../../i18n/translator.js';
import type { PresentedSession } from '../../sessions/session.presenter.js';
import { DataTable, type Column } from '../components/data-table.js';
import { CsrfField } from '../components/forms.js';
import { useTranslator } from '../components/translation.js';
import { When } from '../components/when.js';

function sessionColumns(t: Translator): Column<PresentedSession>[] {
  return [
    {
      header: t.t('user.sessions.browser'),
      cell: (session) => (
        <>
          {typeof session.browser === 'string' ? session.browser : session.browser.in(t)}
          {session.current && ' '}
          {session.current && <span class="badge">{t.t('user.sessions.thisSession')}</span>}
        </>
      ),
    },
    { header: t.t('user.sessions.address'), cell: (session) => session.ip },
    {
      header: t.t('user.sessions.signedIn'),
      cell: (session) => <When at={session.signedInAt} />,
    },
    {
      header: t.t('user.sessions.lastSeen'),
      cell: (session) => <When at={session.lastSeenAt} relative />,
    },
  ];
}

export function SessionsSection(props: { sessions: PresentedSession[]; csrfToken: string }) {
  const t = useTranslator();
  const others = props.sessions.filter((s) => !s.current).length;
  return (
    <section class="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">{t.t('user.sessions.title')}</h2>
      <DataTable
        caption={t.t('user.sessions.caption')}
        captionHidden
        columns={sessionColumns(t)}
        rows={props.sessions}
      />
      {others > 0 ? (
        <form method="post" action="/user/change-details/sessions/sign-out-others">
          <CsrfField token={props.csrfToken} />
          <button type="submit" class="button-secondary">
            {t.t('user.sessions.signOutOthers', { count: others })}
          </button>
        </form>
      ) : (
        <p>{t.t('user.sessions.noOthers')}</p>
      )}
    </section>
  );
}
