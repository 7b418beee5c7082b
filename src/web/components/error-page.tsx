import type { LocalText } from '../../i18n/local-text.js';
import type { MessageKey } from '../../i18n/translator.js';
import { Layout } from './layout.js';
import { useTranslator } from './translation.js';

export interface ErrorPageProps {
  status: number;
  /** Fixed words as catalog keys with values, said in the page's language; other text as it is. */
  title: string | LocalText;
  message: string | LocalText;
  organization: string;
  area?: 'user' | 'admin' | 'setup';
  /** Where the "go back" link leads; a signed-in user also gets the Log out button. */
  backHref?: string;
  signedInAs?: string;
  csrfToken?: string;
}

const BACK_LABEL = new Map<string, MessageKey>([
  ['/admin', 'error.back.admin'],
  ['/user', 'error.back.user'],
]);

export function ErrorPage(props: ErrorPageProps) {
  const t = useTranslator();
  const back = props.backHref ?? '/user';
  const title = typeof props.title === 'string' ? props.title : props.title.in(t);
  return (
    <Layout
      title={title}
      organization={props.organization}
      area={props.area ?? 'user'}
      signedInAs={props.signedInAs}
      csrfToken={props.csrfToken}
    >
      <section class="card narrow">
        <h1>{title}</h1>
        <p>{typeof props.message === 'string' ? props.message : props.message.in(t)}</p>
        <p>
          <a href={back}>{t.t(BACK_LABEL.get(back) ?? 'error.back.start')}</a>
        </p>
      </section>
    </Layout>
  );
}
