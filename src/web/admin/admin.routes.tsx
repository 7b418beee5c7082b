/**
 * Routes of the Admin Console (/admin): log in and out, then the Dashboard (dashboard.routes.tsx,
 * where /admin leads), Users (users.routes.tsx), Accounts (shared-accounts.routes.tsx), Groups
 * (groups.routes.tsx), Printers (printers.routes.tsx), Logs (jobs.routes.tsx,
 * transactions.routes.tsx), User/Group Sync (sources.routes.tsx), Options and the Audit Log.
 * Apart from log in/out and the /admin redirect, every handler first checks admin rights with
 * `requireAdmin` (via `adminFrame`): signed out → 401 with the log-in page, signed in without
 * admin rights → 403.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SignInError } from '../../auth/auth.service.js';
import { ValidationError } from '../../errors.js';
import type { Options, OptionsInput } from '../../settings/settings.service.js';
import { LoginPage } from '../components/login.js';
import { beginSecondStep } from '../user/second-factor.routes.js';
import { AREA_HOME, checked, field, safeNext, sendPage } from '../render.js';
import { actorOf, endSession, requireAdmin, startSession } from '../security.js';
import type { WebContext } from '../context.js';
import { doneNotice, type AdminFrame } from './admin.pages.js';
import { registerAdminApiTokenRoutes } from './api-tokens.routes.js';
import { registerAdminAuditRoutes } from './audit.routes.js';
import { registerAdminBatchImportRoutes } from './batch-import.routes.js';
import { registerAdminMailRoutes } from './mail.routes.js';
import { registerAdminOperationsRoutes } from './operations.routes.js';
import { registerAdminSourceRoutes } from './sources.routes.js';
import { registerIdentityProviderRoutes } from './identity-providers.routes.js';
import { OptionsPage, optionValues, type OptionValues } from './system.pages.js';
import { registerAdminUserRoutes } from './users.routes.js';
import { registerAdminTwoFactorResetRoutes } from './two-factor-reset.routes.js';
import { registerAdminUserAccountRoutes } from './users-account.routes.js';
import { registerAdminPrinterRoutes } from './printers.routes.js';
import { registerAdminJobRoutes } from './jobs.routes.js';
import { registerAdminGroupRoutes } from './groups.routes.js';
import { registerAdminTransactionRoutes } from './transactions.routes.js';
import { registerAdminDashboardRoutes } from './dashboard.routes.js';
import { registerAdminSharedAccountRoutes } from './shared-accounts.routes.js';
import { registerAdminSharedAccountTabRoutes } from './shared-account-tabs.routes.js';

export function registerAdminRoutes(server: FastifyInstance, context: WebContext): void {
  const { auth, audit, settings } = context.services;

  /** Checks admin rights first (401 / 403), then gathers what every admin page's frame shows. */
  async function adminFrame(request: FastifyRequest): Promise<AdminFrame> {
    const current = requireAdmin(request);
    return {
      organization: await context.organization(),
      csrfToken: request.csrfToken,
      adminName: current.user.username,
    };
  }

  server.get('/admin', async (_request, reply) => reply.redirect('/admin/dashboard', 302));

  server.get('/admin/login', async (request, reply) => {
    if (request.adminAccess) return reply.redirect(AREA_HOME.admin, 302);
    const next = safeNext(field(request.query, 'next'), '') || undefined;
    return sendPage(
      reply,
      200,
      <LoginPage
        area="admin"
        organization={await context.organization()}
        csrfToken={request.csrfToken}
        next={next}
        providers={await context.services.identityProviders.listForArea('admin')}
        resetByEmail={await context.services.mail.isConfigured()}
      />,
    );
  });

  server.post('/admin/login', async (request, reply) => {
    const username = field(request.body, 'username');
    const next = safeNext(field(request.body, 'next'), AREA_HOME.admin);
    const refuse = async (status: number, error: string) =>
      sendPage(
        reply,
        status,
        <LoginPage
          area="admin"
          organization={await context.organization()}
          csrfToken={request.csrfToken}
          username={username}
          error={error}
          next={next === AREA_HOME.admin ? undefined : next}
          providers={await context.services.identityProviders.listForArea('admin')}
          resetByEmail={await context.services.mail.isConfigured()}
        />,
      );
    const user = await auth
      .signIn({ username, password: field(request.body, 'password'), ip: request.ip })
      .catch((error: unknown) => {
        if (error instanceof SignInError) return error;
        throw error;
      });
    if (user instanceof SignInError) return refuse(user.status, user.message);
    if (!(await context.services.groups.hasAdminAccess(user))) {
      // The password was right, so saying why is no help to a guesser. No session starts: the
      // Admin Console never holds a non-administrator's session.
      await audit.record({
        actor: user.username,
        action: 'signin.admin.refused',
        target: user.username,
        ip: request.ip,
      });
      return refuse(
        403,
        `${user.username} does not have administrator access. Use the User Web Interface, or ask an administrator to grant admin rights.`,
      );
    }
    if (await beginSecondStep(context, request, reply, user, 'admin', next)) return reply;
    await startSession(context, request, reply, user.id);
    return reply.redirect(user.must_change_password ? '/user/change-details?required=1' : next, 303);
  });

  server.post('/admin/logout', async (request, reply) => {
    await endSession(context, request, reply);
    return reply.redirect('/admin/login', 303);
  });

  registerAdminUserRoutes(server, context, adminFrame);
  registerAdminTwoFactorResetRoutes(server, context, adminFrame);
  registerAdminUserAccountRoutes(server, context, adminFrame);
  registerAdminGroupRoutes(server, context, adminFrame);
  registerAdminSharedAccountRoutes(server, context, adminFrame);
  registerAdminSharedAccountTabRoutes(server, context, adminFrame);
  registerAdminPrinterRoutes(server, context, adminFrame);
  registerAdminDashboardRoutes(server, context, adminFrame);
  registerAdminJobRoutes(server, context, adminFrame);
  registerAdminTransactionRoutes(server, context, adminFrame);
  registerAdminBatchImportRoutes(server, context, adminFrame);

  // Options

  server.get('/admin/options', async (request, reply) => {
    const frame = await adminFrame(request);
    const options = await settings.get();
    return sendPage(
      reply,
      200,
      <OptionsPage
        frame={frame}
        values={optionValues(options)}
        mailConfigured={await context.services.mail.isConfigured()}
        notice={doneNotice(request.query)}
      />,
    );
  });

  server.post('/admin/options', async (request, reply) => {
    const frame = await adminFrame(request);
    // Every option the form holds; one left out of a hand-made request keeps its stored value.
    const values: OptionValues = { ...optionValues(await settings.get()) };
    const posted: OptionsInput = {};
    const body = request.body as Record<string, unknown> | undefined;
    // Checkboxes by the hidden marker that says their fieldset was on the form.
    const boxGroups = {
      passwordRules: ['rejectCommonPasswords', 'rejectUsernamePassword'],
      registrationRules: ['selfRegistration'],
      twoFactorRules: ['requireAdminTwoFactor'],
    } as const;
    const boxes: readonly string[] = Object.values(boxGroups).flat();
    for (const key of Object.keys(values) as (keyof Options)[]) {
      if (!boxes.includes(key) && typeof body?.[key] === 'string')
        posted[key] = values[key] = field(request.body, key);
    }
    // An unticked checkbox sends nothing: read the boxes only when the form held them.
    for (const [marker, keys] of Object.entries(boxGroups)) {
      if (field(request.body, marker) === 'shown')
        for (const key of keys) posted[key] = values[key] = String(checked(request.body, key));
    }
    try {
      const before = await settings.get();
      const saved = await settings.update(posted);
      const changed = (Object.keys(saved) as (keyof Options)[]).filter((key) => saved[key] !== before[key]);
      const actor = actorOf(request);
      await audit.record({
        actor: actor.username,
        action: 'options.update',
        ip: actor.ip,
        details: {
          changed,
          ...Object.fromEntries(
            changed.filter((key) => typeof saved[key] !== 'string').map((key) => [key, saved[key]]),
          ),
        },
      });
      return reply.redirect('/admin/options?done=options', 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(
        reply,
        400,
        <OptionsPage
          frame={frame}
          values={values}
          mailConfigured={await context.services.mail.isConfigured()}
          errors={error.fields}
        />,
      );
    }
  });

  registerAdminAuditRoutes(server, context, adminFrame);
  registerAdminSourceRoutes(server, context, adminFrame);
  registerAdminMailRoutes(server, context, adminFrame);
  registerAdminOperationsRoutes(server, context, adminFrame);
  registerAdminApiTokenRoutes(server, context, adminFrame);
  registerIdentityProviderRoutes(server, context, adminFrame);
}
