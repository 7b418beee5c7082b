/**
 * A real Active Directory domain controller for tests: Samba 4 (Debian's samba-ad-dc) provisioned
 * into a temporary directory and run as one process that answers LDAP on 127.0.0.1:389 and
 * LDAPS on 127.0.0.1:636. Those ports are fixed (Samba has no setting to move them), so a test run
 * starts at most one DC, and it must run as root.
 *
 *   const ad = await startSambaAd();
 *   const alice = await ad.addUser({ name: 'alice', password: 'Alice-Pass1!' });
 *   await ad.addGroup({ name: 'Staff', members: [alice] });
 *   …
 *   await ad.stop();
 *
 * Fixtures go in over LDAP as Administrator on one connection (about 10 ms an entry). Provisioning
 * takes about 10 s, so a test file starts one DC in `before` and shares it.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Attribute, Change, Client, Control } from 'ldapts';

export const SAMBA_BINARY = '/usr/sbin/samba';
const SAMBA_TOOL = '/usr/bin/samba-tool';
const LDBMODIFY = '/usr/bin/ldbmodify';

/** Whether this machine can run the DC: Samba's AD DC and ldb tools, and root for ports 389/636. */
export function sambaAdAvailability(): { installed: boolean; root: boolean } {
  return {
    installed: [SAMBA_BINARY, SAMBA_TOOL, LDBMODIFY].every((file) => existsSync(file)),
    root: process.getuid?.() === 0,
  };
}

export interface AdUserInput {
  /** sAMAccountName. */
  name: string;
  /** The CN (the DN's first part); `name` by default. */
  cn?: string;
  /** Omitted: an account without a password (cheap to create; cannot sign in). */
  password?: string;
  givenName?: string;
  surname?: string;
  displayName?: string;
  mail?: string;
  department?: string;
  office?: string;
  disabled?: boolean;
  /** pwdLastSet = 0: "User must change password at next logon". */
  mustChangePassword?: boolean;
  /** accountExpires; a date in the past makes binds fail with 701. */
  expires?: Date;
  /** Parent container; CN=Users by default. */
  parentDn?: string;
}

export interface SambaAd {
  /** ldap://127.0.0.1:389 (simple binds allowed in the clear: `ldap server require strong auth = no`). */
  url: string;
  /** ldaps://127.0.0.1:636, with a certificate for 127.0.0.1 and dc1.<realm> signed by `caPem`. */
  ldapsUrl: string;
  caPem: string;
  /** EXAMPLE.TEST */
  realm: string;
  /** EXAMPLE (the NetBIOS domain) */
  domain: string;
  /** DC=example,DC=test */
  baseDn: string;
  usersDn: string;
  adminDn: string;
  adminPassword: string;
  /** The DC's temporary directory (etc/smb.conf, private/sam.ldb, samba.log). */
  dir: string;
  /** Creates a user and returns its DN. */
  addUser(input: AdUserInput): Promise<string>;
  /** Creates a global security group with these member DNs and returns its DN. */
  addGroup(input: { name: string; members?: string[]; parentDn?: string }): Promise<string>;
  addOrganizationalUnit(name: string): Promise<string>;
  /** Replaces attributes of an entry (a value of [] deletes the attribute). */
  replace(dn: string, attributes: Record<string, string | string[]>): Promise<void>;
  setUserAccountControl(dn: string, value: number): Promise<void>;
  /**
   * Back-dates pwdLastSet, which LDAP only lets anyone set to 0 or -1: written straight into the
   * DC's database with Samba's own "bypass pwdLastSet" control. Older than the domain's maximum
   * password age (42 days) makes binds fail with 532, password expired.
   */
  setPasswordLastSet(dn: string, when: Date): Promise<void>;
  /** An administrator's password reset (unicodePwd replace). */
  resetPassword(dn: string, password: string): Promise<void>;
  /** Reads attributes of one entry as the administrator. */
  read(dn: string, attributes: string[]): Promise<Record<string, string | string[] | Buffer | Buffer[]>>;
  /** The objectGUID as Samba itself writes it (from the extended-DN control: `<GUID=…>`). */
  guidOf(dn: string): Promise<string>;
  /** Fine-grained password policy (a Password Settings Object) for some users or groups. */
  addPasswordSettings(input: PasswordSettingsInput): Promise<string>;
  stop(): Promise<void>;
}

export interface PasswordSettingsInput {
  name: string;
  appliesTo: string[];
  precedence?: number;
  minLength?: number;
  historyLength?: number;
  complexity?: boolean;
  /** Seconds; 0 = never. */
  maxAgeSeconds?: number;
  lockoutThreshold?: number;
  lockoutSeconds?: number;
}

export const AD_UAC = {
  accountDisable: 0x2,
  passwordNotRequired: 0x20,
  normalAccount: 0x200,
  dontExpirePassword: 0x10000,
} as const;

const REALM = 'EXAMPLE.TEST';
const DOMAIN = 'EXAMPLE';
const BASE_DN = 'DC=example,DC=test';
const HOST = 'dc1';

/** 100-ns intervals, negative, as AD stores durations (maxPwdAge, lockoutDuration…). */
const adDuration = (seconds: number) => String(-BigInt(Math.round(seconds)) * 10_000_000n);
/** Windows FILETIME: 100-ns intervals since 1601-01-01. */
export const fileTime = (date: Date) => String((BigInt(date.getTime()) + 11_644_473_600_000n) * 10_000n);
const unicodePwd = (password: string) => Buffer.from(`"${password}"`, 'utf16le');

let running = false;

export async function startSambaAd(options: { startTimeoutMs?: number } = {}): Promise<SambaAd> {
  if (running)
    throw new Error('A Samba AD DC is already running in this process: ports 389/636 allow only one.');
  const { installed, root } = sambaAdAvailability();
  if (!installed)
    throw new Error(
      `Samba AD DC not found (${SAMBA_BINARY}); apt-get install --no-install-recommends samba-ad-dc samba-ad-provision ldb-tools`,
    );
  if (!root) throw new Error('The Samba AD DC must run as root: it listens on the fixed ports 389 and 636.');
  for (const port of [389, 636]) {
    if (await answers(port)) {
      throw new Error(
        `Port ${port} on 127.0.0.1 is already in use, and Samba cannot listen anywhere else. Stop the other LDAP server ` +
          `(slapd, samba-ad-dc, or another test run's DC) first: ss -ltnp 'sport = :${port}'`,
      );
    }
  }
  running = true;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'quire-ad-'));
  // Samba exits when the test process does (its stdin closes); its 30+ MB directory should go too.
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeDir);
  let child: ChildProcess | null = null;
  // Different every run, so that binding with it proves that port 389 is this DC and not another.
  const adminPassword = `Quire-Adm1n-${randomBytes(6).toString('hex')}`;
  try {
    provision(dir, adminPassword);
    const caPem = writeTlsFiles(dir);
    configure(dir);
    child = startSamba(dir);
    await waitForLdap(child, dir, options.startTimeoutMs ?? 30_000);
    const admin = new Client({ url: 'ldap://127.0.0.1:389', timeout: 30_000, connectTimeout: 10_000 });
    await admin.bind(`CN=Administrator,CN=Users,${BASE_DN}`, adminPassword).catch((error: Error) => {
      throw new Error(
        `Something answers LDAP on 127.0.0.1:389 but does not take this DC's administrator password: is another LDAP server there? (${error.message})`,
      );
    });
    // A password may be changed again at once (the default minimum age is one day), and no
    // lockout in the domain's default policy: tests that want lockout get their own PSO.
    await replaceOn(admin, BASE_DN, { minPwdAge: '0', lockoutThreshold: '0' });
    return makeHandle(dir, caPem, admin, adminPassword, child, () => {
      process.off('exit', removeDir);
      removeDir();
    });
  } catch (error) {
    child?.kill('SIGKILL');
    running = false;
    const log = tail(path.join(dir, 'samba.log'));
    process.off('exit', removeDir);
    removeDir();
    if (log && error instanceof Error) error.message += `\n--- samba.log (last lines) ---\n${log}`;
    throw error;
  }
}

function makeHandle(
  dir: string,
  caPem: string,
  admin: Client,
  adminPassword: string,
  child: ChildProcess,
  removeDir: () => void,
): SambaAd {
  const usersDn = `CN=Users,${BASE_DN}`;
  const handle: SambaAd = {
    url: 'ldap://127.0.0.1:389',
    ldapsUrl: 'ldaps://127.0.0.1:636',
    caPem,
    realm: REALM,
    domain: DOMAIN,
    baseDn: BASE_DN,
    usersDn,
    adminDn: `CN=Administrator,${usersDn}`,
    adminPassword,
    dir,
    async addUser(input) {
      const dn = `CN=${input.cn ?? input.name},${input.parentDn ?? usersDn}`;
      const uac =
        (input.password ? AD_UAC.normalAccount : AD_UAC.normalAccount | AD_UAC.passwordNotRequired) |
        (input.disabled ? AD_UAC.accountDisable : 0);
      const entry: Record<string, string | string[] | undefined> = {
        objectClass: ['top', 'person', 'organizationalPerson', 'user'],
        sAMAccountName: input.name,
        userPrincipalName: `${input.name}@${REALM.toLowerCase()}`,
        userAccountControl: String(uac),
        givenName: input.givenName,
        sn: input.surname,
        displayName: input.displayName,
        mail: input.mail,
        department: input.department,
        physicalDeliveryOfficeName: input.office,
        accountExpires: input.expires && fileTime(input.expires),
      };
      const attributes = Object.entries(entry).flatMap(([type, value]) =>
        value ? [new Attribute({ type, values: Array.isArray(value) ? value : [value] })] : [],
      );
      if (input.password)
        attributes.push(new Attribute({ type: 'unicodePwd', values: [unicodePwd(input.password)] }));
      await admin.add(dn, attributes);
      // pwdLastSet may only be written as 0 or -1, and only once the account exists.
      if (input.mustChangePassword) await replaceOn(admin, dn, { pwdLastSet: '0' });
      return dn;
    },
    async addGroup(input) {
      const dn = `CN=${input.name},${input.parentDn ?? usersDn}`;
      await admin.add(dn, { objectClass: ['top', 'group'], sAMAccountName: input.name });
      // Many members in one modify: a single transaction instead of one per value.
      if (input.members?.length)
        await admin.modify(
          dn,
          new Change({
            operation: 'add',
            modification: new Attribute({ type: 'member', values: input.members }),
          }),
        );
      return dn;
    },
    async addOrganizationalUnit(name) {
      const dn = `OU=${name},${BASE_DN}`;
      await admin.add(dn, { objectClass: ['top', 'organizationalUnit'] });
      return dn;
    },
    replace: (dn, attributes) => replaceOn(admin, dn, attributes),
    setUserAccountControl: (dn, value) => replaceOn(admin, dn, { userAccountControl: String(value) }),
    async setPasswordLastSet(dn, when) {
      // DSDB_CONTROL_PASSWORD_BYPASS_LAST_SET_OID; refused over LDAP, honoured for local ldb access.
      // ldb locks the database file, so this is safe while samba runs.
      runWithInput(
        LDBMODIFY,
        ['-H', path.join(dir, 'private', 'sam.ldb'), '--controls=local_oid:1.3.6.1.4.1.7165.4.3.20:0'],
        `dn: ${dn}\nchangetype: modify\nreplace: pwdLastSet\npwdLastSet: ${fileTime(when)}\n`,
      );
    },
    async resetPassword(dn, password) {
      await admin.modify(
        dn,
        new Change({
          operation: 'replace',
          modification: new Attribute({ type: 'unicodePwd', values: [unicodePwd(password)] }),
        }),
      );
    },
    async read(dn, attributes) {
      const { searchEntries } = await admin.search(dn, { scope: 'base', attributes });
      const entry = searchEntries[0];
      if (!entry) throw new Error(`No entry ${dn}`);
      return entry;
    },
    async guidOf(dn) {
      const { searchEntries } = await admin.search(dn, { scope: 'base', attributes: ['1.1'] }, [
        new ExtendedDnControl(),
      ]);
      const match = /<GUID=([0-9a-f-]{36})>/i.exec(searchEntries[0]?.dn ?? '');
      if (!match?.[1]) throw new Error(`No <GUID=…> in the extended DN of ${dn}: ${searchEntries[0]?.dn}`);
      return match[1];
    },
    async addPasswordSettings(input) {
      const dn = `CN=${input.name},CN=Password Settings Container,CN=System,${BASE_DN}`;
      await admin.add(dn, {
        objectClass: ['top', 'msDS-PasswordSettings'],
        'msDS-PasswordSettingsPrecedence': String(input.precedence ?? 1),
        'msDS-PasswordReversibleEncryptionEnabled': 'FALSE',
        'msDS-PasswordHistoryLength': String(input.historyLength ?? 24),
        'msDS-PasswordComplexityEnabled': input.complexity === false ? 'FALSE' : 'TRUE',
        'msDS-MinimumPasswordLength': String(input.minLength ?? 7),
        'msDS-MinimumPasswordAge': '0',
        'msDS-MaximumPasswordAge': input.maxAgeSeconds
          ? adDuration(input.maxAgeSeconds)
          : '-9223372036854775808',
        'msDS-LockoutThreshold': String(input.lockoutThreshold ?? 0),
        'msDS-LockoutObservationWindow': adDuration(input.lockoutSeconds ?? 1800),
        'msDS-LockoutDuration': adDuration(input.lockoutSeconds ?? 1800),
        'msDS-PSOAppliesTo': input.appliesTo,
      });
      return dn;
    },
    async stop() {
      try {
        await admin.unbind().catch(() => undefined);
        await stopProcess(child);
      } finally {
        running = false;
        removeDir();
      }
    },
  };
  return handle;
}

/**
 * Samba's own provisioning, into `dir` only. The seed config keeps Debian's /etc/samba/smb.conf
 * (shares, /var/log/samba) out; without DNS there is no BIND or internal DNS to set up.
 */
function provision(dir: string, adminPassword: string): void {
  const seed = path.join(dir, 'seed.conf');
  writeFileSync(
    seed,
    [
      '[global]',
      '\tinterfaces = lo',
      '\tbind interfaces only = yes',
      `\tlog file = ${dir}/log.%m`,
      `\tpid directory = ${dir}/run`,
      `\tncalrpc dir = ${dir}/run/ncalrpc`,
      `\twinbindd socket directory = ${dir}/run/winbindd`,
      `\tntp signd socket directory = ${dir}/run/ntp_signd`,
      '',
    ].join('\n'),
  );
  run(SAMBA_TOOL, [
    'domain',
    'provision',
    '-s',
    seed,
    `--targetdir=${dir}`,
    `--realm=${REALM}`,
    `--domain=${DOMAIN}`,
    '--server-role=dc',
    '--dns-backend=NONE',
    `--adminpass=${adminPassword}`,
    `--host-name=${HOST}`,
    '--host-ip=127.0.0.1',
    '-q',
  ]);
}

/**
 * After provisioning (which rewrites `server services` and drops unknown seed options): only the
 * LDAP server; simple binds over plain ldap:// (Samba's default demands TLS; Windows allows them
 * unless LDAP signing is enforced); a changed password stops working at once instead of after 60
 * minutes; our certificate, which names 127.0.0.1 so that clients can verify it.
 */
function configure(dir: string): void {
  const conf = path.join(dir, 'etc', 'smb.conf');
  const text = readFileSync(conf, 'utf8')
    .replace(/^\tserver services = .*$/m, '\tserver services = ldap')
    .replace(
      /^\[global\]$/m,
      [
        '[global]',
        '\tldap server require strong auth = no',
        '\told password allowed period = 0',
        '\ttls enabled = yes',
        `\ttls keyfile = ${dir}/tls/key.pem`,
        `\ttls certfile = ${dir}/tls/cert.pem`,
        `\ttls cafile = ${dir}/tls/cert.pem`,
      ].join('\n'),
    );
  writeFileSync(conf, text);
  run('mkdir', ['-p', path.join(dir, 'cache'), path.join(dir, 'run')]);
}

/** A self-signed certificate for 127.0.0.1 and dc1.example.test; its PEM is also the CA to trust. */
function writeTlsFiles(dir: string): string {
  const tls = path.join(dir, 'tls');
  run('mkdir', ['-p', tls]);
  run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '2',
    '-keyout',
    path.join(tls, 'key.pem'),
    '-out',
    path.join(tls, 'cert.pem'),
    '-subj',
    `/CN=${HOST}.${REALM.toLowerCase()}`,
    '-addext',
    `subjectAltName=DNS:${HOST}.${REALM.toLowerCase()},IP:127.0.0.1`,
  ]);
  chmodSync(path.join(tls, 'key.pem'), 0o600); // Samba refuses a key file others can read
  return readFileSync(path.join(tls, 'cert.pem'), 'utf8');
}

function startSamba(dir: string): ChildProcess {
  const log = openSync(path.join(dir, 'samba.log'), 'a');
  // -i: stay in the foreground; with stdin a pipe Samba exits when the pipe closes, so the DC
  // dies with the test process even if `stop()` never runs. -M single: one process.
  const child = spawn(SAMBA_BINARY, ['-s', path.join(dir, 'etc', 'smb.conf'), '-i', '-M', 'single'], {
    stdio: ['pipe', log, log],
  });
  closeSync(log);
  return child;
}

async function waitForLdap(child: ChildProcess, dir: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`samba exited (${child.exitCode ?? child.signalCode}) before answering LDAP`);
    const probe = new Client({ url: 'ldap://127.0.0.1:389', connectTimeout: 1000, timeout: 2000 });
    try {
      await probe.search('', { scope: 'base', attributes: ['dnsHostName'] });
      await probe.unbind();
      if (await answers(636)) return;
    } catch {
      // not yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `Samba did not answer LDAP on 127.0.0.1:389 within ${timeoutMs} ms (log: ${dir}/samba.log)`,
  );
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (value: boolean) => {
      socket.destroy();
      resolve(value);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function replaceOn(
  client: Client,
  dn: string,
  attributes: Record<string, string | string[]>,
): Promise<void> {
  const changes = Object.entries(attributes).map(
    ([type, value]) =>
      new Change({
        operation: 'replace',
        modification: new Attribute({ type, values: Array.isArray(value) ? value : [value] }),
      }),
  );
  await client.modify(dn, changes);
}

function run(command: string, args: string[]): void {
  runWithInput(command, args, '');
}

function runWithInput(command: string, args: string[], input: string): void {
  try {
    execFileSync(command, args, { input, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stderr?: Buffer; stdout?: Buffer; message: string };
    throw new Error(
      `${command} ${args[0] ?? ''} failed: ${e.message}\n${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`,
      { cause: error },
    );
  }
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** LDAP_SERVER_EXTENDED_DN_OID with the string form: DNs come back as `<GUID=…>;<SID=…>;CN=…`. */
class ExtendedDnControl extends Control {
  constructor() {
    super('1.2.840.113556.1.4.529');
  }

  protected override writeControl(writer: Parameters<Control['write']>[0]): void {
    // controlValue OCTET STRING containing SEQUENCE { INTEGER 1 } (1 = the readable GUID form)
    writer.writeBuffer(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]), 0x04);
  }
}
