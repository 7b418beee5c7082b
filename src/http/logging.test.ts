import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { CLI_MAIN } from '../test-support/cli.js';
import { freePort } from '../test-support/free-ports.js';
import { startSmtpServer, type TestSmtpServer } from '../test-support/smtp.js';
import { genReqId, lazyRequestLogger, loggerOptions, redactUrl } from '../http/logging.js';

const ACTOR = { username: 'test', ip: '127.0.0.1' };
const BASE_ENV = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('QUIRE_')));

describe('request URLs in the log', () => {
  it('replaces secret query values and token path segments with [redacted]', () => {
    assert.equal(redactUrl('/setup?token=abc123'), '/setup?token=[redacted]');
    assert.equal(
      redactUrl('/auth/oidc/corp/callback?code=c0de&state=st4te&iss=https%3A%2F%2Fidp'),
      '/auth/oidc/corp/callback?code=[redacted]&state=[redacted]&iss=https%3A%2F%2Fidp',
    );
    assert.equal(
      redactUrl('/auth/saml/corp/start?SAMLRequest=x&RelayState=y'),
      '/auth/saml/corp/start?SAMLRequest=[redacted]&RelayState=y',
    );
    assert.equal(redactUrl('/x?%74oken=abc'), '/x?%74oken=[redacted]', 'an encoded name is still recognised');
    assert.equal(redactUrl('/user/reset-password/s3cr3t'), '/user/reset-password/[redacted]');
    assert.equal(redactUrl('/user/reset-password/s3cr3t?x=1'), '/user/reset-password/[redacted]?x=1');
    assert.equal(redactUrl('/user/confirm-email/s3cr3t'), '/user/confirm-email/[redacted]');
    assert.equal(redactUrl('/user/register/verify/s3cr3t'), '/user/register/verify/[redacted]');
    assert.equal(
      redactUrl('/user/reset-password/done'),
      '/user/reset-password/done',
      'fixed pages stay readable',
    );
    assert.equal(redactUrl('/admin/users/ada?tab=details'), '/admin/users/ada?tab=details');
  });

  it('removes secret fields and credential headers from anything logged as an object', () => {
    let written = '';
    const log = pino(
      { ...loggerOptions('info'), serializers: { err: pino.stdSerializers.err } },
      new Writable({ write: (chunk: Buffer, _encoding, done) => ((written += chunk.toString()), done()) }),
    );
    const error = Object.assign(new Error('bind failed'), {
      config: { bindPassword: 'bind-pw-1', url: 'ldap://dc1' },
    });
    log.error(
      {
        err: error,
        source: { clientSecret: 'cs-2', privateKeyPem: 'pem-3', serviceAccountKey: 'sak-4' },
        password: 'pw-5',
        headers: { authorization: 'Bearer tok-6', cookie: 'c=7', 'set-cookie': 'd=8' },
      },
      'failed',
    );
    const entry = JSON.parse(written) as Record<string, never>;
    for (const secret of ['bind-pw-1', 'cs-2', 'pem-3', 'sak-4', 'pw-5', 'tok-6', 'c=7', 'd=8'])
      assert.ok(!written.includes(secret), `${secret} is redacted: ${written}`);
    assert.equal(
      (entry.err as unknown as { config: { url: string } }).config.url,
      'ldap://dc1',
      'other fields stay',
    );
    assert.equal(entry.password, '[redacted]');
  });

  it("makes a request's logger only for a line it writes, with the request id and redaction", () => {
    let written = '';
    const log = pino(
      loggerOptions('warn'),
      new Writable({ write: (chunk: Buffer, _encoding, done) => ((written += chunk.toString()), done()) }),
    );
    let children = 0;
    const counting = Object.assign(Object.create(log) as typeof log, {
      child: (...args: Parameters<typeof log.child>) => (children++, log.child(...args)),
    });
    const request = lazyRequestLogger(counting, { requestId: 'r-1' }, {});
    request.info({ password: 'pw-1' }, 'below the level');
    request.debug('below the level');
    assert.equal(written, '');
    assert.equal(children, 0, 'no child logger for lines nobody writes');
    assert.equal(request.level, 'warn');

    request.warn({ password: 'pw-2', user: 'ada' }, 'written');
    request.child({ part: 'rpc' }).error('from a child');
    assert.equal(children, 1);
    const [warned, errored] = written
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(
      [warned?.requestId, warned?.password, warned?.user, warned?.msg],
      ['r-1', '[redacted]', 'ada', 'written'],
    );
    assert.deepEqual([errored?.requestId, errored?.part, errored?.msg], ['r-1', 'rpc', 'from a child']);

    // A level set on the request's logger holds from then on.
    written = '';
    const raised = lazyRequestLogger(log, { requestId: 'r-3' }, {});
    raised.level = 'debug';
    raised.debug('now written');
    assert.equal((JSON.parse(written) as { msg: string }).msg, 'now written');

    // A route's own level (Fastify's logLevel) holds for its requests.
    written = '';
    lazyRequestLogger(log, { requestId: 'r-2' }, { level: 'debug' }).debug('route debug');
    assert.equal((JSON.parse(written) as { requestId: string }).requestId, 'r-2');
  });

  it('keeps a safe incoming X-Request-Id and replaces anything else', () => {
    const id = (value?: string) =>
      genReqId({ headers: value === undefined ? {} : { 'x-request-id': value } } as never);
    assert.equal(id('lb-7f3a.01_x'), 'lb-7f3a.01_x');
    for (const unsafe of [undefined, '', 'a b', 'x'.repeat(65), 'id"}\n{"level":60', 'ä']) {
      const generated = id(unsafe);
      assert.notEqual(generated, unsafe);
      assert.match(generated, /^[0-9a-f-]{36}$/);
    }
    assert.notEqual(id(), id(), 'generated ids differ');
  });
});

describe('server logs (quire serve, QUIRE_LOG_LEVEL=info)', () => {
  let dir: string;
  let smtp: TestSmtpServer;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'quire-logging-'));
    smtp = await startSmtpServer();
  });
  after(async () => {
    await smtp.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes JSON lines with a request id on every request line and never a password, token or code', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = {
      QUIRE_DATA_DIR: dir,
      QUIRE_PORT: String(port),
      QUIRE_HOST: '127.0.0.1',
      QUIRE_HTTPS_PORT: 'off',
      QUIRE_PUBLIC_URL: base,
      QUIRE_LOG_LEVEL: 'info',
      QUIRE_SMTP_URL: `smtp://${smtp.host}:${smtp.port}?security=none`,
      QUIRE_MAIL_FROM: 'print@example.org',
    };
    const adaPassword = 'Ada-known-passphrase-1815';
    const wrongPassword = 'Wrong-guess-passphrase-99';
    const adminPassword = 'Setup-admin-passphrase-42';
    const newPassword = 'Brand-new-passphrase-2024';
    const setup = await createApp(loadConfig(env));
    await setup.services.users.createInternal(
      { username: 'ada', password: adaPassword, fullName: 'Ada Lovelace', email: 'ada@example.org' },
      ACTOR,
    );
    const { token: apiToken } = await setup.services.apiTokens.create(
      { name: 'logs', scopes: ['users:read', 'users:write'] },
      ACTOR,
    );
    await setup.close();

    const server = spawn(process.execPath, [CLI_MAIN, 'serve'], {
      env: { ...BASE_ENV, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    server.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    server.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
    const secrets: Record<string, string> = {
      adaPassword,
      wrongPassword,
      adminPassword,
      newPassword,
      apiToken,
    };
    let generatedId = '';
    try {
      for (let i = 0; ; i++) {
        if (
          await fetch(`${base}/healthz`).then(
            (r) => r.ok,
            () => false,
          )
        )
          break;
        assert.ok(i < 150, `the server did not start:\n${stdout}${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const setupToken = /\/setup\?token=([A-Za-z0-9_-]+)/.exec(stderr)?.[1];
      assert.ok(setupToken, `the setup link is printed on stderr:\n${stderr}`);
      secrets.setupToken = setupToken;

      // A browser: cookies kept, forms posted from this origin with the CSRF token.
      const jar = new Map<string, string>();
      const browse = async (url: string, init: RequestInit & { form?: Record<string, string> } = {}) => {
        const headers: Record<string, string> = {
          cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
          ...(init.headers as Record<string, string>),
        };
        let body: string | undefined;
        if (init.form) {
          headers['content-type'] = 'application/x-www-form-urlencoded';
          headers.origin = base;
          body = new URLSearchParams({ _csrf: jar.get('quire_csrf') ?? '', ...init.form }).toString();
        }
        const response = await fetch(`${base}${url}`, {
          method: init.form ? 'POST' : 'GET',
          redirect: 'manual',
          headers,
          body,
        });
        for (const cookie of response.headers.getSetCookie()) {
          const [pair] = cookie.split(';');
          const [name, value] = (pair ?? '').split('=');
          if (name) jar.set(name, value ?? '');
        }
        await response.arrayBuffer();
        return response;
      };

      const traced = await browse('/user/login', { headers: { 'x-request-id': 'trace-me.42' } });
      assert.equal(traced.headers.get('x-request-id'), 'trace-me.42', 'a safe incoming id is echoed');
      const generated = await browse('/user/login', { headers: { 'x-request-id': 'not safe!' } });
      generatedId = generated.headers.get('x-request-id') ?? '';
      assert.match(generatedId, /^[0-9a-f-]{36}$/, 'an unsafe id is replaced');

      assert.equal((await browse(`/setup?token=${setupToken}`)).status, 200);
      const created = await browse('/setup', {
        form: {
          token: setupToken,
          username: 'boss',
          fullName: 'The Boss',
          email: '',
          password: adminPassword,
          confirmPassword: adminPassword,
        },
      });
      assert.equal(created.status, 303, 'the first administrator is created');
      jar.clear();
      await browse('/user/login');
      assert.notEqual(
        (await browse('/user/login', { form: { username: 'ada', password: wrongPassword } })).status,
        303,
      );
      assert.equal(
        (await browse('/user/login', { form: { username: 'ada', password: adaPassword } })).status,
        303,
      );

      jar.clear();
      await browse('/user/forgot-password');
      assert.equal((await browse('/user/forgot-password', { form: { identifier: 'ada' } })).status, 303);
      const mail = await smtp.waitFor((m) => m.to.includes('ada@example.org'));
      const resetToken = /\/user\/reset-password\/([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
      assert.ok(resetToken, mail.text);
      secrets.resetToken = resetToken;
      assert.equal((await browse(`/user/reset-password/${resetToken}`)).status, 200);
      assert.equal(
        (
          await browse(`/user/reset-password/${resetToken}`, {
            form: { newPassword, confirmPassword: newPassword },
          })
        ).status,
        303,
      );

      const listed = await fetch(`${base}/api/v1/users`, {
        headers: { authorization: `Bearer ${apiToken}` },
      });
      assert.equal(listed.status, 200);
      const posted = await fetch(`${base}/api/v1/users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'grace', password: 'Grace-api-passphrase-77' }),
      });
      assert.equal(posted.status, 201, await posted.text());
      secrets.apiPassword = 'Grace-api-passphrase-77';

      secrets.code = 'oidc-code-Zq8Lm2';
      secrets.state = 'oidc-state-Pw4Rt9';
      assert.equal(
        (await fetch(`${base}/auth/oidc/nowhere/callback?code=${secrets.code}&state=${secrets.state}`))
          .status,
        404,
      );
    } finally {
      server.kill('SIGTERM');
    }
    assert.equal(await exited, 0, stdout + stderr);

    const lines = stdout.split('\n').filter((line) => line.trim() !== '');
    assert.ok(lines.length > 15, stdout);
    const entries = lines.map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        return assert.fail(`stdout holds only JSON log lines, not: ${line}`);
      }
    });
    const requestLines = entries.filter((entry) => 'req' in entry || 'res' in entry);
    assert.ok(requestLines.length >= 15, `every request is logged (${requestLines.length} lines)`);
    for (const entry of requestLines.filter((line) => line.msg === 'request completed')) {
      assert.equal(
        typeof (entry.res as { statusCode?: unknown }).statusCode,
        'number',
        JSON.stringify(entry),
      );
      assert.equal(typeof entry.responseTime, 'number', JSON.stringify(entry));
    }
    for (const entry of requestLines) assert.equal(typeof entry.requestId, 'string', JSON.stringify(entry));
    const tracedLines = requestLines.filter((entry) => entry.requestId === 'trace-me.42');
    assert.deepEqual(
      tracedLines.map((entry) => entry.msg),
      ['request completed'],
      'the echoed id names its request line, one a request',
    );
    assert.equal(
      requestLines.filter((entry) => entry.requestId === generatedId).length,
      1,
      'the generated id sent back is the one logged',
    );
    const urls = requestLines
      .map((entry) => (entry.req as { url?: string } | undefined)?.url)
      .filter(Boolean);
    assert.ok(urls.includes('/setup?token=[redacted]'), 'the setup link is logged, redacted');
    assert.ok(urls.includes('/user/reset-password/[redacted]'), 'the reset link is logged, redacted');
    assert.ok(urls.includes('/auth/oidc/nowhere/callback?code=[redacted]&state=[redacted]'));

    for (const [name, secret] of Object.entries(secrets)) {
      assert.ok(!stdout.includes(secret), `the ${name} never reaches the log`);
      if (name !== 'setupToken') assert.ok(!stderr.includes(secret), `the ${name} is never printed`);
    }
    assert.doesNotMatch(stdout, /quire_session=|quire_csrf=/, 'no cookie value is logged');
  });
});
