import { Layout } from './layout.js';

export interface ErrorPageProps {
  status: number;
  title: string;
  message: string;
  organization: string;
  area?: 'user' | 'admin' | 'setup';
  /** Where the "go back" link leads; a signed-in user also gets the Log out button. */
  backHref?: string;
  signedInAs?: string;
  csrfToken?: string;
}

const BACK_LABEL: Record<string, string> = {
  '/admin': 'Go to the Admin Console',
  '/user': 'Go to the User Web Interface',
};

export function ErrorPage(props: ErrorPageProps) {
  const back = props.backHref ?? '/user';
  return (
    <Layout
      title={props.title}
      organization={props.organization}
      area={props.area ?? 'user'}
      signedInAs={props.signedInAs}
      csrfToken={props.csrfToken}
    >
      <section class="card narrow">
        <h1>{props.title}</h1>
        <p>{props.message}</p>
        <p>
          <a href={back}>{BACK_LABEL[back] ?? 'Go to the start page'}</a>
        </p>
      </section>
    </Layout>
  );
}
