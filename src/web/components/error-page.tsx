import { Layout } from './layout.js';

export function ErrorPage(props: { status: number; title: string; message: string; organization: string; area?: 'user' | 'admin' | 'setup'; backHref?: string }) {
  return (
    <Layout title={props.title} organization={props.organization} area={props.area ?? 'user'}>
      <section class="card narrow">
        <h1>{props.title}</h1>
        <p>{props.message}</p>
        <p>
          <a href={props.backHref ?? '/user'}>{props.backHref === '/admin' ? 'Go to the Admin Console' : 'Go to the start page'}</a>
        </p>
      </section>
    </Layout>
  );
}
