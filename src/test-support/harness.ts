/**
 * A Quire app and HTTP server for tests, on a fresh database of either kind, and a small browser-
 * like client over Fastify's inject: it keeps cookies, reads the `_csrf` field of the last page
 * and sends forms with this site's Origin, as a browser would.
 *
 *   const t = await startTestApp();
 *   await t.createUser({ username: 'alice', password: 'a long passphrase', isAdmin: true });
 *   const browser = t.client();
 *   await browser.signIn('alice', 'a long passphrase', 'admin');
 *   const page = await browser.get('/admin/users'); // { status, body, headers }
 */
import type { FastifyInstance } from 'fastify';
import { createApp, type App, type AppPorts } from '../app.js';
import { loadConfig } from '../config.js';
import type { UserRow } from '../db/schema.js';
import type { NewInternalUser } from '../users/user-records.service.js';
import { buildServer } from '../http/server.js';
import { freshDatabaseUrl } from './databases.js';

export const TEST_ORIGIN = 'http://localhost:9191';

export interface TestApp {
  app: App;
  server: FastifyInstance;
  createUser(input: NewInternalUser): Promise<UserRow>;
  client(): TestClient;
  close(): Promise<void>;
}

/** `logger`: Fastify's logger options (such as `{ level: 'info', stream }` to read the log); none by default. */
export async function startTestApp(
  options: {
    kind?: 'sqlite' | 'postgres';
    env?: Record<string, string>;
    logger?: object;
    ports?: AppPorts;
  } = {},
): Promise<TestApp> {
  const fresh = await freshDatabaseUrl(options.kind ?? 'sqlite');
  const config = loadConfig({
    QUIRE_DATABASE_URL: fresh.url,
    QUIRE_PUBLIC_URL: TEST_ORIGIN,
    QUIRE_LOG_LEVEL: 'silent',
    ...options.env,
  });
  const app = await createApp(config, options.ports);
  const server = await buildServer(app, { logger: options.logger ?? false });
  await server.ready();
  return {
    app,
    server,
    createUser: (input) => app.services.users.createInternal(input, { username: 'test', ip: '127.0.0.1' }),
    client: () => new TestClient(server),
    async close() {
      await server.close();
      await app.close();
      await fresh.dispose();
    },
  };
}

export interface TestResponse {
  status: number;
  body: string;
  headers: Record<string, string | string[] | number | undefined>;
}

export class TestClient {
  readonly cookies = new Map<string, string>();
  /** The `_csrf` value of the last HTML page fetched. */
  csrf = '';

  constructor(private readonly server: FastifyInstance) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(response: { headers: Record<string, unknown>; body: string }) {
    const raw = response.headers['set-cookie'];
    const list = Array.isArray(raw) ? raw : raw ? [String(raw)] : [];
    for (const line of list) {
      const [pair] = String(line).split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (/Expires=Thu, 01 Jan 1970/i.test(String(line)) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const match = /name="_csrf" value="([^"]+)"/.exec(response.body);
    if (match) this.csrf = match[1]!;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<TestResponse> {
    const response = await this.server.inject({
      method: 'GET',
      url,
      headers: { cookie: this.cookieHeader(), ...headers },
    });
    this.remember(response);
    return { status: response.statusCode, body: response.body, headers: response.headers };
  }

  /**
   * Posts a form as the browser would, with the current CSRF token unless `_csrf` is given. A
   * list is a repeated field (ticked checkboxes of one name).
   */
  async post(
    url: string,
    form: Record<string, string | readonly string[]>,
    headers: Record<string, string> = {},
  ): Promise<TestResponse> {
    const params = new URLSearchParams({ _csrf: this.csrf });
    for (const [name, value] of Object.entries(form)) {
      params.delete(name);
      for (const one of typeof value === 'string' ? [value] : value) params.append(name, one);
    }
    const body = params.toString();
    const response = await this.server.inject({
      method: 'POST',
      url,
      payload: body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: TEST_ORIGIN,
        cookie: this.cookieHeader(),
        ...headers,
      },
    });
    this.remember(response);
    return { status: response.statusCode, body: response.body, headers: response.headers };
  }

  /** Opens the sign-in page of the area and signs in; returns the POST response. */
  async signIn(username: string, password: string, area: 'user' | 'admin' = 'user'): Promise<TestResponse> {
    await this.get(`/${area}/login`);
    return this.post(`/${area}/login`, { username, password });
  }
}
