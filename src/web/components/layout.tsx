/**
 * The page frame shared by the User Web Interface, the Admin Console and setup: a header with the
 * organisation's name, navigation, and a main landmark. Pages are rendered on the server and work
 * without JavaScript; preact-render-to-string escapes every value.
 */
import type { ComponentChildren } from 'preact';
import type { MessageKey } from '../../i18n/translator.js';
import { CsrfField } from './forms.js';
import { useTranslator } from './translation.js';

export interface NavLink {
  href: string;
  label: string;
  current?: boolean;
}

export interface LayoutProps {
  title: string;
  organization: string;
  /** Which interface: sets the heading and the stylesheet accent. */
  area: 'user' | 'admin' | 'setup';
  nav?: NavLink[];
  /** The signed-in user's name, shown with a Log out button. */
  signedInAs?: string;
  csrfToken?: string;
  /**
   * Reloads the page every so many seconds (a page that watches a running job). A meta refresh is
   * navigation, not script, so the strict CSP allows it and the page still needs no JavaScript.
   */
  refreshSeconds?: number;
  children: ComponentChildren;
}

const AREA_NAME = {
  user: 'layout.area.user',
  admin: 'layout.area.admin',
  setup: 'layout.area.setup',
} as const satisfies Record<LayoutProps['area'], MessageKey>;

export function Layout(props: LayoutProps) {
  const t = useTranslator();
  const logoutAction = props.area === 'admin' ? '/admin/logout' : '/user/logout';
  const area = t.t(AREA_NAME[props.area]);
  return (
    <html lang={t.language}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {props.refreshSeconds !== undefined && (
          <meta httpEquiv="refresh" content={String(props.refreshSeconds)} />
        )}
        <title>{t.t('layout.title', { page: props.title, organization: props.organization, area })}</title>
        <link rel="stylesheet" href="/static/quire.css" />
      </head>
      <body class={`area-${props.area}`}>
        <a class="skip-link" href="#main">
          {t.t('layout.skipToContent')}
        </a>
        <header class="site-header">
          <div class="brand">
            <span class="brand-org">{props.organization}</span>
            <span class="brand-area">{area}</span>
          </div>
          {props.signedInAs && props.csrfToken && (
            <form method="post" action={logoutAction} class="logout">
              <span class="signed-in">
                {t.rich('layout.signedInAs', { username: <strong>{props.signedInAs}</strong> })}
              </span>
              <CsrfField token={props.csrfToken} />
              <button type="submit" class="button-secondary">
                {t.t('layout.logOut')}
              </button>
            </form>
          )}
        </header>
        {props.nav && props.nav.length > 0 && (
          <nav class="site-nav" aria-label={area}>
            <ul>
              {props.nav.map((link) => (
                <li>
                  <a href={link.href} aria-current={link.current ? 'page' : undefined}>
                    {link.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <main id="main">{props.children}</main>
        <footer class="site-footer">Quire</footer>
      </body>
    </html>
  );
}
