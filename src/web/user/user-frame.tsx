/**
 * The frame of every signed-in User Web Interface page: the layout with the user's navigation
 * (Summary, Transaction History, Recent Print Jobs, Jobs Pending Release, Rates, Shared Accounts,
 * Change Details, and the Admin Console for whoever may use it).
 */
import { Layout, type NavLink } from '../components/layout.js';
import { useTranslator } from '../components/translation.js';
import type { Translator } from '../../i18n/translator.js';
import type { PresentedUser } from '../../users/user.presenter.js';

export interface UserFrame {
  organization: string;
  csrfToken: string;
  user: PresentedUser;
  /** May use the Admin Console (granted, or through an admin group). */
  adminAccess: boolean;
}

function nav(t: Translator, current: string, adminAccess: boolean): NavLink[] {
  const links: NavLink[] = [
    { href: '/user/summary', label: t.t('user.nav.summary') },
    { href: '/user/transactions', label: t.t('user.nav.transactions') },
    { href: '/user/jobs', label: t.t('user.nav.jobs') },
    { href: '/user/jobs-pending-release', label: t.t('user.nav.jobsPendingRelease') },
    { href: '/user/rates', label: t.t('user.nav.rates') },
    { href: '/user/shared-accounts', label: t.t('user.nav.sharedAccounts') },
    { href: '/user/change-details', label: t.t('user.nav.changeDetails') },
  ];
  if (adminAccess) links.push({ href: '/admin', label: t.t('user.nav.adminConsole') });
  return links.map((l) => ({ ...l, current: l.href === current }));
}

export function Frame(
  props: UserFrame & { title: string; current: string; children: preact.ComponentChildren },
) {
  const t = useTranslator();
  return (
    <Layout
      title={props.title}
      organization={props.organization}
      area="user"
      nav={nav(t, props.current, props.adminAccess)}
      signedInAs={props.user.username}
      csrfToken={props.csrfToken}
    >
      {props.children}
    </Layout>
  );
}
