/**
 * Admin Console routes of User/Group Sync: directory sources (custom program, LDAP / Active
 * Directory), their sync options, Synchronize Now, and watching, cancelling and acting on a run.
 * Every handler checks admin rights first through `adminFrame` (401 signed out, 403 for a
 * non-administrator) — before it looks anything up, so an unknown id tells a stranger nothing.
 *
 *   registerAdminSourceRoutes(server, context, adminFrame); // from registerAdminRoutes
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SourceRow, SyncRunRow } from '../../db/schema.js';
import type { DirectoryClient } from '../../directory/directory.port.js';
import { isLdapPreset, LDAP_PRESETS } from '../../directory/ldap/ldap.config.js';
import {
  MISSING_POLICIES,
  passwordAuthorityLabel,
  SOURCE_KIND_LABELS,
  type LdapSourceInput,
  type PresentedLdapConfig,
} from '../../directory/sources.service.js';
import { ConflictError, NotFoundError, SourceError, ValidationError } from '../../errors.js';
import { removalLimit } from '../../sync/sync-compare.js';
import { parseRunDetails, runCounts } from '../../sync/sync-run.js';
import { checked, field, sendPage } from '../render.js';
import { actorOf } from '../security.js';
import type { RouteContext } from '../server.js';
import { positiveInt, userHref, type AdminFrame } from './admin.pages.js';
import { registerCloudSourceRoutes } from './cloud-sources.routes.js';
import {
  ATTRIBUTE_KEYS,
  LDAP_TEXT_FIELDS,
  LdapSourcePage,
  type LdapFormValues,
  type LdapTestResult,
} from './ldap-source.pages.js';
import { SourcesPage, sourcesDoneNotice, type PageNotice, type RunSummary } from './sources.pages.js';
import { RemoveSourcePage, SyncOptionsPage, type SyncOptionValues } from './sync-options.pages.js';
import { ConvertUserPage, SyncRunPage, type SyncRunView } from './sync-run.pages.js';

type IdParams = { Params: { id: string } };

/** How many users and groups "Test settings" shows. */
const TEST_SAMPLE = 10;
const ROLES = ['Primary source', 'Secondary source'];

const lines = (text: string) => text.split(/\r?\n/);

/** '' → the default (undefined); anything but a whole number → NaN, which the service refuses by field. */
function optionalInt(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

function requiredInt(text: string): number {
  return optionalInt(text) ?? Number.NaN;
}

function ldapFormValues(body: unknown): LdapFormValues {
  const values = {
    startTls: checked(body, 'startTls'),
    allowPasswordChange: checked(body, 'allowPasswordChange'),
  } as LdapFormValues;
  for (const name of LDAP_TEXT_FIELDS) values[name] = field(body, name);
  for (const key of ATTRIBUTE_KEYS) values[`attributes.${key}`] = field(body, `attributes.${key}`);
  return values;
}

function emptyLdapForm(): LdapFormValues {
  const values = ldapFormValues({});
  values.preset = 'active-directory';
  return values;
}

function ldapFormFromConfig(name: string, c: PresentedLdapConfig): LdapFormValues {
  const values: LdapFormValues = {
    ...ldapFormValues({}),
    name,
    preset: c.preset,
    urls: c.urls.join('\n'),
    startTls: c.startTls,
    caCertificate: c.caCertificate,
    bindDn: c.bindDn,
    baseDns: c.baseDns.join('\n'),
    userFilter: c.userFilter,
    groupFilter: c.groupFilter,
    groupMemberAttributes: c.groupMemberAttributes.join(', '),
    pageSize: String(c.pageSize),
    connectTimeoutMs: String(c.connectTimeoutMs),
    timeoutMs: String(c.timeoutMs),
    allowPasswordChange: c.allowPasswordChange,
  };
  for (const key of ATTRIBUTE_KEYS) values[`attributes.${key}`] = c.attributes[key] ?? '';
  return values;
}

/**
 * What the service takes from the form. An attribute field left empty takes the chosen directory
 * type's default: without JavaScript the form cannot fill them in when the type changes.
 */
function ldapInput(values: LdapFormValues, bindPassword: string): LdapSourceInput {
  const defaults = isLdapPreset(values.preset) ? LDAP_PRESETS[values.preset].attributes : undefined;
  return {
    name: values.name,
    preset: values.preset,
    urls: lines(values.urls),
    startTls: values.startTls,
    // Browsers send textarea lines with CRLF; PEM is stored with plain newlines.
    caCertificate: values.caCertificate.replace(/\r\n/g, '\n'),
    bindDn: values.bindDn,
    bindPassword,
    baseDns: lines(values.baseDns),
    userFilter: values.userFilter,
    groupFilter: values.groupFilter,
    groupMemberAttributes: values.groupMemberAttributes.split(/[\s,]+/).filter(Boolean),
    attributes:
      defaults &&
      Object.fromEntries(
        ATTRIBUTE_KEYS.map((key) => [key, values[`attributes.${key}`].trim() || defaults[key]]),
      ),
    pageSize: optionalInt(values.pageSize),
    connectTimeoutMs: optionalInt(values.connectTimeoutMs),
    timeoutMs: optionalInt(values.timeoutMs),
    allowPasswordChange: values.allowPasswordChange,
  };
}

/** Entries from the first pages of a stream, stopping (and closing the search) once there are enough. */
async function firstEntries<T>(pages: AsyncIterable<T[]>, wanted: number): Promise<T[]> {
  const entries: T[] = [];
  for await (const page of pages) {
    entries.push(...page);
    if (entries.length >= wanted) break;
  }
  return entries.slice(0, wanted);
}

/**
 * "Test settings" of any source form: checks the unsaved client, reads its first users and
 * groups, saves nothing, and closes it. A source that fails is a result to show, never a 500.
 */
export async function previewSource(
  request: FastifyRequest,
  client: DirectoryClient,
): Promise<LdapTestResult> {
  try {
    await client.check();
    const found = await firstEntries(client.users(), TEST_SAMPLE);
    const groups = await firstEntries(client.groups(), TEST_SAMPLE);
    return {
      ok: true,
      users: found.map((u) => ({
        username: u.username,
        fullName: u.fullName,
        email: u.email,
        disabled: u.disabled,
      })),
      groups: groups.map((g) => ({ name: g.name, members: g.memberRefs.length })),
    };
  } catch (error) {
    if (error instanceof SourceError) return { ok: false, message: error.message };
    // The test talks to a server the administrator just typed in: whatever goes wrong there is
    // a result to show, not a server error. It is logged in case it is a bug of ours.
    request.log.warn({ err: error }, 'Test settings failed unexpectedly');
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  } finally {
    await client.close().catch(() => undefined);
  }
}

function syncOptionValues(source: SourceRow): SyncOptionValues {
  return {
    missingPolicy: source.missing_policy,
    maxRemovals: String(source.max_removals),
    maxRemovalsPercent: String(source.max_removals_percent),
    schedule: source.schedule,
    importDisabled: source.import_disabled === 1,
    importGroups: source.import_groups,
  };
}

function runSummary(row: SyncRunRow, sourceNames: ReadonlyMap<number, string>): RunSummary {
  return {
    id: row.id,
    sourceId: row.source_id,
    sourceName: sourceNames.get(row.source_id) ?? `Source ${row.source_id} (removed)`,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    dryRun: row.dry_run === 1,
    status: row.status,
    message: row.message,
    phase: row.phase,
    progress: row.progress,
  };
}

function sourceConnection(source: SourceRow, ldap: PresentedLdapConfig | null): string {
  if (ldap) return ldap.urls.join(' ');
  try {
    const config = JSON.parse(source.config) as {
      program?: unknown;
      tenantId?: unknown;
      domain?: unknown;
      customer?: unknown;
    };
    if (source.kind === 'entra') return `tenant ${String(config.tenantId)}`;
    if (source.kind === 'google')
      return config.domain ? `domain ${String(config.domain)}` : `customer ${String(config.customer)}`;
    return typeof config.program === 'string' ? config.program : '';
  } catch {
    return '';
  }
}

export function registerAdminSourceRoutes(
  server: FastifyInstance,
  context: RouteContext,
  adminFrame: (request: FastifyRequest) => Promise<AdminFrame>,
): void {
  const { sources, sync, users } = context.app.services;
  registerCloudSourceRoutes(server, context, adminFrame);

  async function loadSource(rawId: string): Promise<SourceRow> {
    const source = await sources.findById(positiveInt(rawId) ?? 0);
    if (!source) throw new NotFoundError('There is no such directory source.');
    return source;
  }

  async function loadLdapSource(rawId: string): Promise<SourceRow> {
    const source = await loadSource(rawId);
    if (source.kind !== 'ldap')
      throw new NotFoundError(
        `"${source.name}" is not an LDAP / Active Directory source; only those have settings to edit here.`,
      );
    return source;
  }

  async function loadRun(rawId: string): Promise<SyncRunRow> {
    const run = await sync.findRun(positiveInt(rawId) ?? 0);
    if (!run) throw new NotFoundError('There is no such sync report.');
    return run;
  }

  async function sourcesPage(
    frame: AdminFrame,
    extra: { values?: Record<string, string>; errors?: Record<string, string>; notice?: PageNotice } = {},
  ) {
    const list = await sources.list();
    const names = new Map(list.map((s) => [s.id, s.name]));
    const summaries = await Promise.all(
      list.map(async (source, index) => {
        const [last] = await sync.listRuns(source.id, 1);
        const running = await sync.findRunning(source.id);
        return {
          id: source.id,
          name: source.name,
          kind: source.kind,
          kindLabel: SOURCE_KIND_LABELS[source.kind] ?? source.kind,
          role: ROLES[index] ?? 'Additional source',
          isPrimary: index === 0,
          connection: sourceConnection(source, sources.presentLdapConfig(source)),
          schedule: source.schedule,
          missingPolicy: MISSING_POLICIES[source.missing_policy] ?? source.missing_policy,
          users: await sources.countUsers(source.id),
          lastRun: last && runSummary(last, names),
          running: running && runSummary(running, names),
        };
      }),
    );
    const runs = (await sync.listRuns()).map((run) => runSummary(run, names));
    return <SourcesPage frame={frame} sources={summaries} runs={runs} {...extra} />;
  }

  async function runView(row: SyncRunRow): Promise<SyncRunView> {
    const source = await sources.findById(row.source_id);
    const names = new Map(source ? [[source.id, source.name]] : []);
    const { lines: stored, samples } = parseRunDetails(row.details);
    const finished = row.status !== 'running';
    const lineViews = await Promise.all(
      stored.map(async (line) => {
        // Offer the conversion only where it can work: an internal user holds the name now.
        const convertible =
          finished &&
          source !== undefined &&
          line.kind === 'conflict' &&
          Boolean(line.externalId) &&
          (await users.findByUsername(line.username))?.source_id === null;
        return { kind: line.kind, username: line.username, detail: line.detail, convertible };
      }),
    );
    return {
      ...runSummary(row, names),
      sourceExists: source !== undefined,
      actor: row.actor,
      ...runCounts(row),
      thresholdExceeded: row.threshold_exceeded === 1,
      overrideThreshold: row.override_threshold === 1,
      cancelRequested: row.cancel_requested === 1,
      lines: lineViews,
      samples,
    };
  }

  /**
   * "Test settings" on the LDAP form: connects with the form's settings (the stored bind password
   * when editing and the field is empty), reads the first users and groups, and saves nothing.
   * Bad settings are a ValidationError (field errors, 400); a directory that cannot be reached or
   * refuses is a failed result shown on the form, never a 500.
   */
  async function testLdap(
    request: FastifyRequest,
    values: LdapFormValues,
    bindPassword: string,
    existingId?: number,
  ): Promise<LdapTestResult> {
    return previewSource(
      request,
      await sources.transientLdapClient(ldapInput(values, bindPassword), existingId),
    );
  }

  // The list

  server.get('/admin/sources', async (request, reply) => {
    const frame = await adminFrame(request);
    return sendPage(reply, 200, await sourcesPage(frame, { notice: sourcesDoneNotice(request.query) }));
  });

  server.post('/admin/sources', async (request, reply) => {
    const frame = await adminFrame(request);
    const values = {
      name: field(request.body, 'name'),
      program: field(request.body, 'program'),
      authProgram: field(request.body, 'authProgram'),
    };
    try {
      await sources.addCustom(values, actorOf(request));
      return reply.redirect('/admin/sources?done=source-added', 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(reply, 400, await sourcesPage(frame, { values, errors: error.fields }));
    }
  });

  // LDAP / Active Directory sources

  server.get('/admin/sources/new-ldap', async (request, reply) => {
    const frame = await adminFrame(request);
    return sendPage(
      reply,
      200,
      <LdapSourcePage frame={frame} values={emptyLdapForm()} hasStoredPassword={false} />,
    );
  });

  server.post('/admin/sources/new-ldap', async (request, reply) => {
    const frame = await adminFrame(request);
    const values = ldapFormValues(request.body);
    const bindPassword = field(request.body, 'bindPassword');
    const render = (status: number, extra: { errors?: Record<string, string>; test?: LdapTestResult }) =>
      sendPage(
        reply,
        status,
        <LdapSourcePage
          frame={frame}
          values={values}
          hasStoredPassword={false}
          passwordNotResent={bindPassword !== ''}
          {...extra}
        />,
      );
    try {
      if (field(request.body, 'action') === 'test') {
        const test = await testLdap(request, values, bindPassword);
        return render(test.ok ? 200 : 502, { test });
      }
      await sources.addLdap(ldapInput(values, bindPassword), actorOf(request));
      return reply.redirect('/admin/sources?done=source-added', 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(400, { errors: error.fields });
    }
  });

  server.get<IdParams>('/admin/sources/:id/edit', async (request, reply) => {
    const frame = await adminFrame(request);
    const any = await loadSource(request.params.id);
    // The cloud sources have forms of their own (cloud-sources.routes.tsx).
    if (any.kind === 'entra' || any.kind === 'google')
      return reply.redirect(`/admin/sources/${any.id}/edit-${any.kind}`, 303);
    const source = await loadLdapSource(request.params.id);
    const config = sources.presentLdapConfig(source)!;
    return sendPage(
      reply,
      200,
      <LdapSourcePage
        frame={frame}
        sourceId={source.id}
        sourceName={source.name}
        values={ldapFormFromConfig(source.name, config)}
        hasStoredPassword={config.hasBindPassword}
      />,
    );
  });

  server.post<IdParams>('/admin/sources/:id/edit', async (request, reply) => {
    const frame = await adminFrame(request);
    const source = await loadLdapSource(request.params.id);
    const values = ldapFormValues(request.body);
    const bindPassword = field(request.body, 'bindPassword');
    const hasStoredPassword = sources.presentLdapConfig(source)!.hasBindPassword;
    const render = (status: number, extra: { errors?: Record<string, string>; test?: LdapTestResult }) =>
      sendPage(
        reply,
        status,
        <LdapSourcePage
          frame={frame}
          sourceId={source.id}
          sourceName={source.name}
          values={values}
          hasStoredPassword={hasStoredPassword}
          passwordNotResent={bindPassword !== ''}
          {...extra}
        />,
      );
    try {
      if (field(request.body, 'action') === 'test') {
        const test = await testLdap(request, values, bindPassword, source.id);
        return render(test.ok ? 200 : 502, { test });
      }
      await sources.updateLdap(source.id, ldapInput(values, bindPassword), actorOf(request));
      return reply.redirect('/admin/sources?done=source-saved', 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return render(400, { errors: error.fields });
    }
  });

  // Sync options, primary source, removal

  async function optionsPage(
    frame: AdminFrame,
    source: SourceRow,
    values: SyncOptionValues,
    errors?: Record<string, string>,
  ) {
    const count = await sources.countUsers(source.id);
    const saved = {
      maxRemovals: source.max_removals,
      maxRemovalsPercent: source.max_removals_percent,
      users: count,
      limit: removalLimit(source, count),
    };
    return (
      <SyncOptionsPage
        frame={frame}
        source={{
          id: source.id,
          name: source.name,
          kindLabel: SOURCE_KIND_LABELS[source.kind] ?? source.kind,
        }}
        values={values}
        saved={saved}
        errors={errors}
      />
    );
  }

  server.get<IdParams>('/admin/sources/:id/options', async (request, reply) => {
    const frame = await adminFrame(request);
    const source = await loadSource(request.params.id);
    return sendPage(reply, 200, await optionsPage(frame, source, syncOptionValues(source)));
  });

  server.post<IdParams>('/admin/sources/:id/options', async (request, reply) => {
    const frame = await adminFrame(request);
    const source = await loadSource(request.params.id);
    const body = request.body;
    const values: SyncOptionValues = {
      missingPolicy: field(body, 'missingPolicy'),
      maxRemovals: field(body, 'maxRemovals'),
      maxRemovalsPercent: field(body, 'maxRemovalsPercent'),
      schedule: field(body, 'schedule'),
      importDisabled: checked(body, 'importDisabled'),
      importGroups: field(body, 'importGroups'),
    };
    try {
      await sources.updateSyncOptions(
        source.id,
        {
          missingPolicy: values.missingPolicy,
          maxRemovals: requiredInt(values.maxRemovals),
          maxRemovalsPercent: requiredInt(values.maxRemovalsPercent),
          schedule: values.schedule,
          importDisabled: values.importDisabled,
          importGroups: lines(values.importGroups),
        },
        actorOf(request),
      );
      return reply.redirect('/admin/sources?done=options-saved', 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(reply, 400, await optionsPage(frame, source, values, error.fields));
    }
  });

  server.post<IdParams>('/admin/sources/:id/primary', async (request, reply) => {
    await adminFrame(request);
    const source = await loadSource(request.params.id);
    await sources.makePrimary(source.id, actorOf(request));
    return reply.redirect('/admin/sources?done=primary', 303);
  });

  const removePage = async (frame: AdminFrame, source: SourceRow, error?: string) => (
    <RemoveSourcePage
      frame={frame}
      source={{ id: source.id, name: source.name, kindLabel: SOURCE_KIND_LABELS[source.kind] ?? source.kind }}
      users={await sources.countUsers(source.id)}
      error={error}
    />
  );

  server.get<IdParams>('/admin/sources/:id/remove', async (request, reply) => {
    const frame = await adminFrame(request);
    const source = await loadSource(request.params.id);
    return sendPage(reply, 200, await removePage(frame, source));
  });

  server.post<IdParams>('/admin/sources/:id/remove', async (request, reply) => {
    const frame = await adminFrame(request);
    const source = await loadSource(request.params.id);
    try {
      await sources.remove(source.id, actorOf(request));
      return reply.redirect('/admin/sources?done=source-removed', 303);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return sendPage(reply, 409, await removePage(frame, source, error.message));
    }
  });

  // Synchronize Now and its runs

  server.post<IdParams>('/admin/sources/:id/sync', async (request, reply) => {
    const frame = await adminFrame(request);
    const source = await loadSource(request.params.id);
    try {
      // The run goes on in the background; its page watches it.
      const { runId } = await sync.start(source, {
        dryRun: checked(request.body, 'dryRun'),
        overrideThreshold: checked(request.body, 'overrideThreshold'),
        actor: actorOf(request),
      });
      return reply.redirect(`/admin/sync-runs/${runId}`, 303);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const running = await sync.findRunning(source.id);
      const link = running
        ? { href: `/admin/sync-runs/${running.id}`, label: `Watch run ${running.id}` }
        : undefined;
      return sendPage(
        reply,
        409,
        await sourcesPage(frame, { notice: { kind: 'error', text: error.message, link } }),
      );
    }
  });

  server.get<IdParams>('/admin/sync-runs/:id', async (request, reply) => {
    const frame = await adminFrame(request);
    const run = await loadRun(request.params.id);
    const autoRefresh = field(request.query, 'refresh') !== 'off';
    return sendPage(
      reply,
      200,
      <SyncRunPage
        frame={frame}
        run={await runView(run)}
        notice={sourcesDoneNotice(request.query)}
        autoRefresh={autoRefresh}
      />,
    );
  });

  server.post<IdParams>('/admin/sync-runs/:id/cancel', async (request, reply) => {
    const frame = await adminFrame(request);
    const run = await loadRun(request.params.id);
    try {
      await sync.cancel(run.id, actorOf(request));
      const refresh = field(request.body, 'refresh') === 'off' ? '&refresh=off' : '';
      return reply.redirect(`/admin/sync-runs/${run.id}?done=cancel-requested${refresh}`, 303);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const notice: PageNotice = {
        kind: 'warning',
        text: 'This synchronization has already finished, so there is nothing to cancel.',
      };
      return sendPage(
        reply,
        409,
        <SyncRunPage
          frame={frame}
          run={await runView((await sync.findRun(run.id)) ?? run)}
          notice={notice}
          autoRefresh
        />,
      );
    }
  });

  server.get<IdParams>('/admin/sync-runs/:id/convert', async (request, reply) => {
    const frame = await adminFrame(request);
    const run = await loadRun(request.params.id);
    const username = field(request.query, 'username');
    const conflict = parseRunDetails(run.details).lines.find(
      (l) => l.kind === 'conflict' && l.username === username && l.externalId,
    );
    if (!conflict)
      throw new NotFoundError(`Synchronization ${run.id} reported no conflict for this username.`);
    const user = await users.findByUsername(username);
    if (!user) throw new NotFoundError(`There is no user named ${username} any more.`);
    if (user.source_id !== null)
      throw new ConflictError(
        `${user.username} is not an internal user (any more): there is nothing to convert.`,
      );
    const source = await sources.findById(run.source_id);
    if (!source) throw new NotFoundError('The source of this synchronization no longer exists.');
    const page = (
      <ConvertUserPage
        frame={frame}
        runId={run.id}
        username={user.username}
        fullName={user.full_name}
        sourceName={source.name}
        authority={passwordAuthorityLabel(source)}
        canAuthenticate={sources.clientFor(source).canAuthenticate}
      />
    );
    return sendPage(reply, 200, page);
  });

  server.post<IdParams>('/admin/sync-runs/:id/convert', async (request, reply) => {
    await adminFrame(request);
    const run = await loadRun(request.params.id);
    // NotFoundError (no such conflict) and ConflictError (no longer internal, id taken) are
    // AppErrors: the error handler shows them as 404 / 409 pages.
    const user = await sync.convertConflict(run.id, field(request.body, 'username'), actorOf(request));
    return reply.redirect(userHref(user.username, '?done=converted'), 303);
  });
}
