/**
 * A real OpenLDAP slapd for tests and benchmarks: generated slapd.conf, an mdb database loaded with
 * slapadd before start (fast: no per-entry round trips), ldap:// and ldaps:// listeners on free
 * loopback ports with a throw-away CA, an Active Directory-like schema, and ACLs that let users bind
 * and change their own password. As root it runs as an unprivileged user through `runuser`.
 *
 *   const slapd = await startSlapd({ entries: generateDirectory({ … }).entries() });
 *   // slapd.url (ldap://, StartTLS-capable), slapd.ldapsUrl, slapd.caPem, slapd.serviceDn/servicePassword
 *   await slapd.ldapmodify('dn: uid=alice,…\nchangetype: modify\nreplace: mail\nmail: a@b.c\n');
 *   await slapd.stop();
 *
 * Built-in entries: the suffix, `cn=quire,ou=services,<suffix>` (a service account that reads
 * everything but passwords) and `ou=frozen,<suffix>` (users there may bind but not change their
 * password: the ACL refusal case). The rootdn is `cn=admin,<suffix>`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os, { userInfo } from 'node:os';
import path from 'node:path';
import { createTestCertificates, opensslAvailable } from './ldap/certificates.js';
import { sshaPassword, writeLdifFile, type LdifEntry } from './ldap-fixtures.js';
import { freePort } from './free-ports.js';

const SLAPD = '/usr/sbin/slapd';
const SLAPADD = '/usr/sbin/slapadd';
const SCHEMA_DIR = '/etc/ldap/schema';
const MODULE_DIRS = [
  '/usr/lib/ldap',
  '/usr/lib/x86_64-linux-gnu/openldap',
  '/usr/lib64/openldap',
  '/usr/libexec/openldap',
];

export interface SlapdOptions {
  /** Default 'dc=example,dc=org'. */
  suffix?: string;
  /** Loaded with slapadd before start; may carry entryUUID. */
  entries?: Iterable<LdifEntry>;
  /** Extra LDIF text loaded the same way, after `entries`. */
  ldif?: string;
  /** Loads the ppolicy overlay with a default policy (quality checked on password changes). */
  passwordPolicy?: { minLength: number; inHistory?: number };
}

export interface SlapdServer {
  /** ldap://127.0.0.1:port — plain, StartTLS available. */
  url: string;
  /** ldaps://127.0.0.1:port */
  ldapsUrl: string;
  /** PEM of the CA that signed the server certificate (for 127.0.0.1 and localhost). */
  caPem: string;
  baseDn: string;
  adminDn: string;
  adminPassword: string;
  serviceDn: string;
  servicePassword: string;
  /** How long slapadd took to load the initial entries (ms). */
  loadMs: number;
  /** Number of entries loaded with slapadd (including the built-in ones). */
  loadedEntries: number;
  ldapadd(ldif: string): Promise<void>;
  ldapmodify(ldif: string): Promise<void>;
  stop(): Promise<void>;
}

export function slapdAvailable(): boolean {
  return (
    existsSync(SLAPD) &&
    existsSync(SLAPADD) &&
    existsSync(path.join(SCHEMA_DIR, 'core.schema')) &&
    opensslAvailable()
  );
}

/**
 * A compact Active Directory look-alike: the real Microsoft OIDs, with matching rules so that
 * filters and indexes work in slapd. Deviation: objectCategory is a string ('person', 'group')
 * rather than a DN, so AD's `(objectCategory=person)` shorthand matches as it does on a DC.
 */
const AD_SCHEMA = `
attributetype ( 1.2.840.113556.1.4.221 NAME 'sAMAccountName' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.656 NAME 'userPrincipalName' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.2 NAME 'objectGUID' EQUALITY octetStringMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.40{16} SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.146 NAME 'objectSid' EQUALITY octetStringMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.40 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.8 NAME 'userAccountControl' EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.750 NAME 'groupType' EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.2.102 NAME 'memberOf' EQUALITY distinguishedNameMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 )
attributetype ( 1.2.840.113556.1.4.782 NAME 'objectCategory' EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.2.141 NAME 'department' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.2.840.113556.1.4.90 NAME 'unicodePwd' EQUALITY octetStringMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.40 SINGLE-VALUE )
objectclass ( 1.2.840.113556.1.5.9 NAME 'user' SUP organizationalPerson STRUCTURAL
  MAY ( sAMAccountName $ userPrincipalName $ objectGUID $ objectSid $ userAccountControl $ memberOf $ objectCategory $ displayName $ department $ mail $ givenName $ unicodePwd ) )
objectclass ( 1.2.840.113556.1.5.8 NAME 'group' SUP top STRUCTURAL MUST cn
  MAY ( member $ sAMAccountName $ groupType $ objectGUID $ objectSid $ objectCategory $ description $ mail $ memberOf ) )
`;

/** slapd processes still running, killed if the test process exits without stopping them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

export async function startSlapd(options: SlapdOptions = {}): Promise<SlapdServer> {
  if (!slapdAvailable())
    throw new Error('slapd, slapadd, the OpenLDAP schema files or openssl are not installed');
  const suffix = options.suffix ?? 'dc=example,dc=org';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'quire-slapd-'));
  try {
    return await start(dir, suffix, options);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function start(dir: string, suffix: string, options: SlapdOptions): Promise<SlapdServer> {
  const file = (name: string) => path.join(dir, name);
  const adminDn = `cn=admin,${suffix}`;
  const adminPassword = randomBytes(12).toString('base64url');
  const serviceDn = `cn=quire,ou=services,${suffix}`;
  const servicePassword = randomBytes(12).toString('base64url');
  const certs = createTestCertificates(file('tls'));
  mkdirSync(file('db'));
  writeFileSync(file('ad.schema'), AD_SCHEMA);
  writeFileSync(file('admin.pw'), adminPassword, { mode: 0o600 });
  const moduleDir = MODULE_DIRS.find(
    (candidate) =>
      existsSync(path.join(candidate, 'back_mdb.la')) || existsSync(path.join(candidate, 'back_mdb.so')),
  );
  const policy = options.passwordPolicy;
  writeFileSync(
    file('slapd.conf'),
    slapdConf({ dir, suffix, adminDn, adminPassword, serviceDn, moduleDir, certs, policy: Boolean(policy) }),
  );

  const builtIn: LdifEntry[] = [
    {
      dn: suffix,
      attributes: [
        ['objectClass', 'dcObject'],
        ['objectClass', 'organization'],
        ['dc', firstRdnValue(suffix)],
        ['o', 'Quire test directory'],
      ],
    },
    {
      dn: `ou=services,${suffix}`,
      attributes: [
        ['objectClass', 'organizationalUnit'],
        ['ou', 'services'],
      ],
    },
    {
      dn: serviceDn,
      attributes: [
        ['objectClass', 'organizationalRole'],
        ['objectClass', 'simpleSecurityObject'],
        ['cn', 'quire'],
        ['userPassword', sshaPassword(servicePassword, 'service')],
      ],
    },
    {
      dn: `ou=frozen,${suffix}`,
      attributes: [
        ['objectClass', 'organizationalUnit'],
        ['ou', 'frozen'],
      ],
    },
  ];
  if (policy) {
    builtIn.push(
      {
        dn: `ou=policies,${suffix}`,
        attributes: [
          ['objectClass', 'organizationalUnit'],
          ['ou', 'policies'],
        ],
      },
      {
        dn: `cn=default,ou=policies,${suffix}`,
        attributes: [
          ['objectClass', 'organizationalRole'],
          ['objectClass', 'pwdPolicy'],
          ['cn', 'default'],
          ['pwdAttribute', 'userPassword'],
          ['pwdMinLength', String(policy.minLength)],
          ['pwdCheckQuality', '2'],
          ['pwdInHistory', String(policy.inHistory ?? 0)],
          ['pwdLockout', 'FALSE'],
        ],
      },
    );
  }
  const ldifFile = file('load.ldif');
  let loadedEntries = writeLdifFile(ldifFile, concat(builtIn, options.entries ?? []));
  if (options.ldif) {
    writeFileSync(ldifFile, `\n${options.ldif.trim()}\n`, { flag: 'a' });
    loadedEntries += options.ldif.split(/\n\s*\n/).filter((block) => /^dn:/im.test(block)).length;
  }

  const runAs = unprivilegedUser();
  if (runAs) chownTree(dir, runAs.uid, runAs.gid);
  const asUser = (command: string, args: string[]): [string, string[]] =>
    runAs ? ['runuser', ['-u', runAs.name, '--', command, ...args]] : [command, args];

  const loadStarted = performance.now();
  const load = spawnSync(...asUser(SLAPADD, ['-q', '-f', file('slapd.conf'), '-l', ldifFile]), {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (load.status !== 0)
    throw new Error(`slapadd failed (${load.status ?? load.signal}): ${tail(load.stderr)}`);
  const loadMs = performance.now() - loadStarted;
  rmSync(ldifFile);

  const port = await freePort();
  const tlsPort = await freePort();
  const url = `ldap://127.0.0.1:${port}`;
  const ldapsUrl = `ldaps://127.0.0.1:${tlsPort}`;
  const [command, args] = asUser(SLAPD, ['-d', '0', '-f', file('slapd.conf'), '-h', `${url}/ ${ldapsUrl}/`]);
  // Its own process group, so that stop() reaches slapd through runuser.
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.once('exit', () => running.delete(child));
  try {
    await waitForPort(port, child, () => stderr);
    await waitForPort(tlsPort, child, () => stderr);
  } catch (error) {
    killGroup(child, 'SIGKILL');
    await exited;
    throw error;
  }

  const ldapTool = async (tool: 'ldapadd' | 'ldapmodify', ldif: string) => {
    const result = await run(tool, ['-x', '-H', url, '-D', adminDn, '-y', file('admin.pw')], ldif);
    if (result.code !== 0) throw new Error(`${tool} failed (${result.code}): ${tail(result.stderr)}`);
  };

  let stopped: Promise<void> | null = null;
  return {
    url,
    ldapsUrl,
    caPem: certs.caPem,
    baseDn: suffix,
    adminDn,
    adminPassword,
    serviceDn,
    servicePassword,
    loadMs,
    loadedEntries,
    ldapadd: (ldif) => ldapTool('ldapadd', ldif),
    ldapmodify: (ldif) => ldapTool('ldapmodify', ldif),
    stop() {
      stopped ??= (async () => {
        // slapd itself, by its pid file: signalled through runuser it would be killed only after
        // runuser's fixed two-second grace period.
        const pid = Number(readFileIfExists(file('slapd.pid')).trim());
        if (pid > 0) signal(pid, 'SIGTERM');
        else killGroup(child, 'SIGTERM');
        const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
        rmSync(dir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

interface ConfOptions {
  dir: string;
  suffix: string;
  adminDn: string;
  adminPassword: string;
  serviceDn: string;
  moduleDir: string | undefined;
  certs: { caFile: string; certFile: string; keyFile: string };
  policy: boolean;
}

function slapdConf(o: ConfOptions): string {
  const schemas = ['core', 'cosine', 'nis', 'inetorgperson'].map(
    (name) => `include ${path.join(SCHEMA_DIR, `${name}.schema`)}`,
  );
  return [
    ...schemas,
    `include ${path.join(o.dir, 'ad.schema')}`,
    ...(o.moduleDir
      ? [`modulepath ${o.moduleDir}`, 'moduleload back_mdb', ...(o.policy ? ['moduleload ppolicy'] : [])]
      : []),
    `pidfile ${path.join(o.dir, 'slapd.pid')}`,
    `argsfile ${path.join(o.dir, 'slapd.args')}`,
    'loglevel none',
    // slapadd indexes on every core.
    'tool-threads 4',
    // Paged searches over 100,000 entries must not hit the default limit of 500.
    'sizelimit unlimited',
    `TLSCACertificateFile ${o.certs.caFile}`,
    `TLSCertificateFile ${o.certs.certFile}`,
    `TLSCertificateKeyFile ${o.certs.keyFile}`,
    'password-hash {SSHA}',
    '',
    'database mdb',
    `suffix "${o.suffix}"`,
    `rootdn "${o.adminDn}"`,
    `rootpw "${o.adminPassword}"`,
    `directory ${path.join(o.dir, 'db')}`,
    // Room for 100,000 users and their groups; mdb only uses what it needs.
    'maxsize 2147483648',
    'dbnosync',
    'index objectClass eq',
    'index uid,cn,sAMAccountName,memberUid eq',
    'index userPrincipalName eq',
    'index entryUUID eq',
    // Users may change their own password except under ou=frozen; nobody but the rootdn reads
    // password hashes; the service account reads everything else.
    `access to dn.subtree="ou=frozen,${o.suffix}" attrs=userPassword`,
    '  by self read',
    '  by anonymous auth',
    '  by * none',
    'access to attrs=userPassword',
    '  by self write',
    '  by anonymous auth',
    '  by * none',
    'access to *',
    `  by dn.exact="${o.serviceDn}" read`,
    '  by self read',
    '  by * none',
    ...(o.policy ? ['overlay ppolicy', `ppolicy_default "cn=default,ou=policies,${o.suffix}"`] : []),
    '',
  ].join('\n');
}

function unprivilegedUser(): { name: string; uid: number; gid: number } | null {
  if (userInfo().uid !== 0) return null;
  for (const name of ['openldap', 'ldap', 'nobody']) {
    const uid = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (uid.status === 0 && gid.status === 0)
      return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  }
  throw new Error('Running as root and no unprivileged user (openldap, ldap, nobody) exists to run slapd.');
}

function chownTree(target: string, uid: number, gid: number): void {
  chownSync(target, uid, gid);
  if (!statSync(target).isDirectory()) return;
  for (const name of readdirSync(target)) chownTree(path.join(target, name), uid, gid);
}

async function waitForPort(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`slapd exited during start-up: ${tail(stderr())}`);
    if (await canConnect(port)) return;
    if (Date.now() > deadline)
      throw new Error(`slapd did not listen on port ${port} within 15 s: ${tail(stderr())}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function killGroup(child: ChildProcess, name: NodeJS.Signals): void {
  if (child.pid !== undefined) signal(-child.pid, name);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Already gone.
  }
}

function readFileIfExists(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function run(
  command: string,
  args: string[],
  input: string,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
    child.stdin.end(input);
  });
}

function* concat<T>(...iterables: Iterable<T>[]): Generator<T> {
  for (const iterable of iterables) yield* iterable;
}

function firstRdnValue(dn: string): string {
  return dn.split(',')[0]!.split('=')[1]!.trim();
}

function tail(text: string): string {
  return text.trim().split('\n').slice(-5).join(' | ') || '(no output)';
}
