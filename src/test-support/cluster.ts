/**
 * Several real Quire servers (`node dist/main.js serve`, as an operator starts them) on one
 * database, behind a real nginx (Debian's `nginx-light`) that balances them round-robin on a free
 * loopback port, as deploy/nginx.conf does. Each answer names its server in X-Quire-Instance.
 *
 *   const cluster = await startCluster({ servers: 3, databaseUrl });
 *   await fetch(`${cluster.url}/user/login`);      // through nginx
 *   await fetch(`${cluster.servers[1]!.origin}/…`); // one server directly
 *   await cluster.kill(0);                          // SIGKILL, as a crash
 *   await cluster.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-ports.js';
import { skipUnless } from './require.js';
import { SERVER_NODE_OPTIONS } from '../ops/node-options.js';

export const NGINX = '/usr/sbin/nginx';
const MAIN = fileURLToPath(new URL('../main.js', import.meta.url));
const START_TIMEOUT_MS = 30_000;

export function nginxSkip(): string | false {
  return skipUnless(existsSync(NGINX), `nginx is not installed at ${NGINX} (Debian package nginx-light)`);
}

export interface ClusterServer {
  readonly index: number;
  readonly pid: number;
  /** The server itself, bypassing nginx. */
  readonly origin: string;
  /** Its X-Quire-Instance value (host:pid). */
  readonly instance: string;
  alive(): boolean;
  /** What it printed lately, for failure messages. */
  output(): string;
}

export interface Cluster {
  /** nginx's address: the public URL every server is configured with. */
  readonly url: string;
  readonly servers: readonly ClusterServer[];
  /** SIGKILL one server (no shutdown: its runs, leases and connections are simply gone). */
  kill(index: number): Promise<void>;
  /** Everything the servers and nginx printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Every child still running, so that an exit for any reason kills them. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function track(child: ChildProcess): { exited: Promise<void>; output: () => string } {
  running.add(child);
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-6000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => running.delete(child));
  return { exited, output: () => tail };
}

async function end(child: ChildProcess, exited: Promise<void>, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function waitFor(url: string, child: ChildProcess, what: string, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`${what} exited during start-up:\n${output()}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline)
      throw new Error(`${what} did not answer ${url} within ${START_TIMEOUT_MS / 1000} s:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function nginxConfig(prefix: string, port: number, upstreams: number[]): string {
  // As root, nginx's workers would run as nobody, who cannot write the temporary directories here.
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  const temp = (name: string) => path.join(prefix, 'temp', name);
  return `${user}worker_processes 1;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${temp('body')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};
  upstream quire {
${upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join('\n')}
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 64m;
    location / {
      proxy_pass http://quire;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_connect_timeout 2s;
    }
  }
}
`;
}

/**
 * Starts `servers` Quire servers on the (already created) database and nginx in front of them.
 * `env` adds variables to every server (e.g. QUIRE_SYNC_LEASE_SECONDS).
 */
export async function startCluster(options: {
  servers: number;
  databaseUrl: string;
  env?: Record<string, string>;
}): Promise<Cluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'quire-cluster-'));
  const [nginxPort, ...ports] = await Promise.all(
    Array.from({ length: options.servers + 1 }, () => freePort()),
  );
  const url = `http://127.0.0.1:${nginxPort}`;
  const children: { child: ChildProcess; exited: Promise<void>; output: () => string }[] = [];
  const servers: ClusterServer[] = [];
  const stop = async () => {
    await Promise.all(
      children.map(({ child, exited }, k) => end(child, exited, k === 0 ? 'SIGQUIT' : 'SIGTERM')),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  const output = () =>
    children.map((c, k) => `--- ${k === 0 ? 'nginx' : `server ${k - 1}`}\n${c.output()}`).join('\n');
  try {
    const prefix = path.join(dir, 'nginx');
    for (const name of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
      mkdirSync(path.join(prefix, 'temp', name), { recursive: true });
    const conf = path.join(prefix, 'nginx.conf');
    writeFileSync(conf, nginxConfig(prefix, nginxPort!, ports));
    const nginx = spawn(
      NGINX,
      [
        '-c',
        conf,
        '-p',
        prefix,
        '-g',
        `daemon off; pid ${path.join(prefix, 'nginx.pid')}; error_log stderr warn;`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push({ child: nginx, ...track(nginx) });

    for (const [index, port] of ports.entries()) {
      const dataDir = path.join(dir, `server-${index}`);
      mkdirSync(dataDir);
      const child = spawn(process.execPath, [...SERVER_NODE_OPTIONS, MAIN, 'serve'], {
        env: {
          PATH: process.env.PATH,
          QUIRE_DATA_DIR: dataDir,
          QUIRE_DATABASE_URL: options.databaseUrl,
          QUIRE_HOST: '127.0.0.1',
          QUIRE_PORT: String(port),
          QUIRE_HTTPS_PORT: 'off',
          QUIRE_LOG_LEVEL: 'warn',
          QUIRE_PUBLIC_URL: url,
          QUIRE_TRUSTED_PROXIES: '127.0.0.1',
          ...options.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const tracked = track(child);
      children.push({ child, ...tracked });
      servers.push({
        index,
        pid: child.pid!,
        origin: `http://127.0.0.1:${port}`,
        instance: `${os.hostname()}:${child.pid}`,
        alive: () => child.exitCode === null && child.signalCode === null,
        output: tracked.output,
      });
    }
    await Promise.all(
      servers.map((s, k) =>
        waitFor(`${s.origin}/healthz`, children[k + 1]!.child, `Quire server ${k}`, output),
      ),
    );
    await waitFor(`${url}/healthz`, nginx, 'nginx', output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    servers,
    output,
    async kill(index) {
      const entry = children[index + 1];
      if (!entry) throw new Error(`no server ${index}`);
      await end(entry.child, entry.exited, 'SIGKILL');
    },
    stop,
  };
}
