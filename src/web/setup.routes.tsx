/**
 * First-run setup: /setup?token=… creates the first administrator. Every request is checked
 * against the service (flag in the database + token), so once setup is closed the page is a 404
 * for every method, path variant and parameter.
 */
import type { FastifyInstance } from 'fastify';
import { NotFoundError, ValidationError } from '../errors.js';
import { CsrfField, ErrorSummary, Field } from './components/forms.js';
import { Layout } from './components/layout.js';
import { AREA_HOME, field, sendPage } from './render.js';
import { startSession } from './security.js';
import type { WebContext } from './context.js';

function SetupPage(props: {
  organization: string;
  csrfToken: string;
  token: string;
  values?: Record<string, string>;
  errors?: Record<string, string>;
}) {
  return (
    <Layout title="Create the first administrator" organization={props.organization} area="setup">
      <section class="card narrow">
        <h1>Create the first administrator</h1>
        <p>
          This one-time page creates the administrator account for this Quire server. The link stops working
          once it is used.
        </p>
        <ErrorSummary
          errors={props.errors}
          labels={{
            username: 'Username',
            fullName: 'Full name',
            email: 'Email',
            password: 'Password',
            confirmPassword: 'Confirm password',
          }}
        />
        <form method="post" action="/setup" novalidate>
          <CsrfField token={props.csrfToken} />
          <input type="hidden" name="token" value={props.token} />
          <Field
            name="username"
            label="Username"
            value={props.values?.username}
            errors={props.errors}
            autocomplete="username"
            required
          />
          <Field
            name="fullName"
            label="Full name"
            value={props.values?.fullName}
            errors={props.errors}
            autocomplete="name"
          />
          <Field
            name="email"
            label="Email"
            type="email"
            value={props.values?.email}
            errors={props.errors}
            autocomplete="email"
          />
          <Field
            name="password"
            label="Password"
            type="password"
            errors={props.errors}
            autocomplete="new-password"
            hint="At least 8 characters. A long passphrase is best."
            required
          />
          <Field
            name="confirmPassword"
            label="Confirm password"
            type="password"
            errors={props.errors}
            autocomplete="new-password"
            required
          />
          <button type="submit">Create administrator</button>
        </form>
      </section>
    </Layout>
  );
}

export function registerSetupRoutes(server: FastifyInstance, context: WebContext): void {
  const notFound = () => new NotFoundError('There is no page at this address.');

  server.get('/setup', async (request, reply) => {
    const token =
      typeof (request.query as Record<string, unknown>).token === 'string'
        ? String((request.query as Record<string, unknown>).token)
        : '';
    if (!(await context.services.setup.checkToken(token))) throw notFound();
    return sendPage(
      reply,
      200,
      <SetupPage organization={await context.organization()} csrfToken={request.csrfToken} token={token} />,
    );
  });

  server.post('/setup', async (request, reply) => {
    const body = request.body;
    const token = field(body, 'token');
    if (!(await context.services.setup.checkToken(token))) throw notFound();
    const values = {
      username: field(body, 'username'),
      fullName: field(body, 'fullName'),
      email: field(body, 'email'),
    };
    const password = field(body, 'password');
    try {
      const user = await context.services.setup.complete(
        token,
        { ...values, password, confirmPassword: field(body, 'confirmPassword') },
        request.ip,
      );
      await startSession(context, request, reply, user.id);
      return reply.redirect(AREA_HOME.admin, 303);
    } catch (error) {
      if (error instanceof ValidationError) {
        return sendPage(
          reply,
          400,
          <SetupPage
            organization={await context.organization()}
            csrfToken={request.csrfToken}
            token={token}
            values={values}
            errors={error.fields}
          />,
        );
      }
      throw error;
    }
  });
}
