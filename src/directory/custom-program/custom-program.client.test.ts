import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SourceError } from '../../errors.js';
import { createCustomProgramClient, parseUserLine } from './custom-program.client.js';
import type { AuthOutcome, DirectoryClient, DirectoryGroup, DirectoryUser } from '../directory.port.js';

async function allUsers(client: DirectoryClient): Promise<DirectoryUser[]> {
  const users: DirectoryUser[] = [];
  for await (const page of client.users()) users.push(...page);
  return users;
}

async function allGroups(client: DirectoryClient): Promise<DirectoryGroup[]> {
  const groups: DirectoryGroup[] = [];
  for await (const page of client.groups()) groups.push(...page);
  return groups;
}

/** The canonical username of a successful sign-in, or null for a refusal. */
const outcomeName = (outcome: AuthOutcome) => (outcome.ok ? outcome.username : null);

// Every test runs real executables: small /bin/sh scripts written into a temp directory.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quire-prog-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

let scriptCount = 0;
function script(body: string): string {
  const file = path.join(dir, `program-${++scriptCount}.sh`);
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`);
  fs.chmodSync(file, 0o755);
  return file;
}

/** A user program whose verbs ($2, after the "-" placeholder) run the given shell snippets. */
function userProgram(verbs: Record<string, string>): string {
  const cases = Object.entries(verbs).map(([verb, body]) => `  ${verb}) ${body} ;;`);
  return script(`case "$2" in\n${cases.join('\n')}\n  *) echo "unknown verb $2" >&2; exit 2 ;;\nesac`);
}

async function rejectsWithSourceError(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof SourceError, `expected a SourceError, got ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('parseUserLine', () => {
  it('reads every field of a full line and splits other emails on commas and spaces', () => {
    const user = parseUserLine(
      'alice\tAlice Andersen\talice@example.org\tFinance\tBuilding 1\t1000\ta@example.org, b@example.org c@example.org\t2000\taa\t/home/alice\t4821',
    );
    assert.deepEqual(user, {
      externalId: 'alice',
      ref: '',
      username: 'alice',
      fullName: 'Alice Andersen',
      email: 'alice@example.org',
      department: 'Finance',
      office: 'Building 1',
      cardNumber: '1000',
      otherEmails: ['a@example.org', 'b@example.org', 'c@example.org'],
      cardNumber2: '2000',
      alias: 'aa',
      home: '/home/alice',
      pin: '4821',
      disabled: false,
    });
  });

  it('fills missing trailing fields with empty strings', () => {
    const user = parseUserLine('bob\tBob Builder\r');
    assert.equal(user?.username, 'bob');
    assert.equal(user?.fullName, 'Bob Builder');
    assert.equal(user?.email, '');
    assert.equal(user?.pin, '');
    assert.deepEqual(user?.otherEmails, []);
  });

  it('ignores blank lines but keeps a line with an empty username for the sync to report', () => {
    assert.equal(parseUserLine(''), null);
    assert.equal(parseUserLine(' \t \t'), null);
    const nameless = parseUserLine('\tNo Name\tnobody@example.org');
    assert.equal(nameless?.username, '');
    assert.equal(nameless?.fullName, 'No Name');
  });
});

describe('custom user program', () => {
  it('lists users from full and partial lines, with unicode names, skipping blank lines', async () => {
    const program = userProgram({
      'all-users': [
        `printf 'alice\\tAlice Andersen\\talice@example.org\\tFinance\\tBuilding 1\\t1000\\talias@example.org\\t2000\\taa\\t/home/alice\\t4821\\n'`,
        `printf '\\n   \\n'`,
        `printf 'bob\\tBob Builder\\tbob@example.org\\n'`,
        `printf 'zoë\\tZoë Ødegaard-Jiménez 山田\\tzoe@example.org\\tR&D\\t\\t\\r\\n'`,
      ].join('; '),
    });
    const users = await allUsers(createCustomProgramClient({ program }));
    assert.deepEqual(
      users.map((user) => user.username),
      ['alice', 'bob', 'zoë'],
    );
    assert.deepEqual(users[0]?.otherEmails, ['alias@example.org']);
    assert.equal(users[0]?.pin, '4821');
    assert.equal(users[1]?.department, '');
    assert.equal(users[2]?.fullName, 'Zoë Ødegaard-Jiménez 山田');
    assert.equal(users[2]?.externalId, 'zoë');
    assert.equal(users[2]?.department, 'R&D');
    assert.equal(users[2]?.office, '');
  });

  it('reads 100,000 users in one run', async () => {
    const program = userProgram({
      'all-users': `awk 'BEGIN { for (i = 1; i <= 100000; i++) printf "user%d\\tUser %d\\tuser%d@example.org\\tDept\\tOffice\\t%d\\n", i, i, i, i }'`,
    });
    const users = await allUsers(createCustomProgramClient({ program }));
    assert.equal(users.length, 100_000);
    assert.equal(users[99_999]?.email, 'user100000@example.org');
  });

  it('reports a failing all-users with its exit code and first stderr line', async () => {
    const program = userProgram({
      'all-users': `echo 'alice'; echo '  directory server offline  ' >&2; echo 'second line' >&2; exit 3`,
    });
    await rejectsWithSourceError(
      allUsers(createCustomProgramClient({ program })),
      /exited with code 3: directory server offline$/,
    );
  });

  it('refuses an empty all-users result so that sync changes nothing', async () => {
    const program = userProgram({ 'all-users': `printf '\\n\\n'` });
    await rejectsWithSourceError(
      allUsers(createCustomProgramClient({ program })),
      /printed no users; nothing was changed/,
    );
  });

  it('stops a program that runs past the timeout and reports it', async () => {
    const program = userProgram({ 'all-users': 'sleep 5; echo alice' });
    const started = Date.now();
    await rejectsWithSourceError(
      allUsers(createCustomProgramClient({ program, timeoutMs: 300 })),
      /did not finish within 300 ms/,
    );
    assert.ok(Date.now() - started < 3000, 'the timeout did not stop the wait');
  });

  it('reports a program that does not exist', async () => {
    const program = path.join(dir, 'missing.sh');
    await rejectsWithSourceError(
      allUsers(createCustomProgramClient({ program })),
      /could not be run \(ENOENT\)/,
    );
  });

  it('lists groups with members, passing names with spaces, quotes and ";" as one argument', async () => {
    const program = userProgram({
      'all-groups': `printf 'Staff\\nResearch Team\\n\\nO'"'"'Brien; rm -rf x\\n'`,
      // Echoes the argument count and the group name back, so the test sees exactly what arrived.
      'group-member-names': `echo "args=$#"; echo "group=$3"; [ "$3" = Staff ] && printf 'alice\\n\\nbob\\n'; true`,
    });
    const groups = await allGroups(createCustomProgramClient({ program }));
    assert.deepEqual(groups, [
      { ref: 'Staff', name: 'Staff', memberRefs: ['args=3', 'group=staff', 'alice', 'bob'] },
      { ref: 'Research Team', name: 'Research Team', memberRefs: ['args=3', 'group=research team'] },
      {
        ref: "O'Brien; rm -rf x",
        name: "O'Brien; rm -rf x",
        memberRefs: ['args=3', "group=o'brien; rm -rf x"],
      },
    ]);
  });

  it('returns no groups when the program prints none', async () => {
    const program = userProgram({ 'all-groups': 'true' });
    assert.deepEqual(await allGroups(createCustomProgramClient({ program })), []);
  });

  it('reports a program that does not support groups', async () => {
    const program = userProgram({ 'all-groups': `echo 'not supported' >&2; exit 1` });
    await rejectsWithSourceError(
      allGroups(createCustomProgramClient({ program })),
      /exited with code 1: not supported/,
    );
  });

  it('reports a failing group-member-names', async () => {
    const program = userProgram({ 'all-groups': 'echo Staff', 'group-member-names': 'exit 4' });
    await rejectsWithSourceError(
      allGroups(createCustomProgramClient({ program })),
      /group-member-names\) exited with code 4\.$/,
    );
  });

  it('passes the check when is-valid prints Y', async () => {
    const program = userProgram({ 'is-valid': 'echo Y' });
    await createCustomProgramClient({ program }).check();
  });

  it('fails the check when is-valid prints anything but Y', async () => {
    const program = userProgram({ 'is-valid': 'echo N' });
    await rejectsWithSourceError(createCustomProgramClient({ program }).check(), /not valid .*printed "N"/);
  });

  it('cannot authenticate without an auth program', async () => {
    const client = createCustomProgramClient({ program: userProgram({}), authProgram: null });
    assert.equal(client.canAuthenticate, false);
    await assert.rejects(client.authenticate('alice', 'pw'), SourceError);
  });
});

describe('custom auth program', () => {
  // Accepts the password "right horse" for anyone and answers with the lower-cased username.
  const authProgram = script(`IFS= read -r u; IFS= read -r p
if [ "$p" = "right horse" ]; then printf 'OK\\n%s\\n' "$(printf '%s' "$u" | tr 'A-Z' 'a-z')"; else echo 'ERROR wrong password'; fi`);
  const client = createCustomProgramClient({ program: userProgram({}), authProgram });

  it('returns the canonical username the program prints', async () => {
    assert.equal(client.canAuthenticate, true);
    assert.equal(outcomeName(await client.authenticate('Alice', 'right horse')), 'alice');
  });

  it('keeps the typed username when the program prints only OK', async () => {
    const okOnly = createCustomProgramClient({ program: 'unused', authProgram: script('echo OK') });
    assert.equal(outcomeName(await okOnly.authenticate('Alice', 'pw')), 'Alice');
  });

  it('refuses a wrong password', async () => {
    assert.equal(outcomeName(await client.authenticate('Alice', 'wrong horse')), null);
  });

  it('refuses when the program prints ERROR', async () => {
    const refusing = createCustomProgramClient({
      program: 'unused',
      authProgram: script('echo ERROR; echo "account locked"'),
    });
    assert.equal(outcomeName(await refusing.authenticate('alice', 'pw')), null);
  });

  it('refuses when the program exits non-zero, even after printing OK', async () => {
    const failing = createCustomProgramClient({
      program: 'unused',
      authProgram: script('echo "cannot reach server" >&2; exit 1'),
    });
    assert.equal(outcomeName(await failing.authenticate('alice', 'pw')), null);
    const okButFailed = createCustomProgramClient({
      program: 'unused',
      authProgram: script('printf "OK\\nalice\\n"; exit 1'),
    });
    assert.equal(outcomeName(await okButFailed.authenticate('alice', 'pw')), null);
  });

  it('passes a username containing shell syntax literally', async () => {
    const echoing = createCustomProgramClient({
      program: 'unused',
      authProgram: script(`IFS= read -r u; printf 'OK\\n%s\\n' "$u"`),
    });
    const marker = path.join(dir, 'pwned');
    const username = `x"; rm -rf /tmp/nothing; touch ${marker}; $(touch ${marker}) \`touch ${marker}\``;
    assert.equal(outcomeName(await echoing.authenticate(username, 'pw')), username);
    assert.equal(fs.existsSync(marker), false);
  });

  it('refuses a username or password holding a newline without running the program', async () => {
    const marker = path.join(dir, 'auth-ran');
    const recording = createCustomProgramClient({
      program: 'unused',
      authProgram: script(`touch '${marker}'; echo OK`),
    });
    assert.equal(outcomeName(await recording.authenticate('alice\nright horse', 'x')), null);
    assert.equal(outcomeName(await recording.authenticate('alice', 'right\nhorse')), null);
    assert.equal(fs.existsSync(marker), false);
  });

  it('reports a timeout without revealing the password', async () => {
    const slow = createCustomProgramClient({
      program: 'unused',
      authProgram: script('IFS= read -r u; IFS= read -r p; echo "got $p" >&2; sleep 5'),
      timeoutMs: 300,
    });
    await assert.rejects(slow.authenticate('alice', 'hunter-secret-42'), (error: unknown) => {
      assert.ok(error instanceof SourceError);
      assert.match(error.message, /did not finish within 300 ms/);
      assert.doesNotMatch(error.message, /hunter-secret-42/);
      return true;
    });
  });

  it('reports an auth program that cannot be started', async () => {
    const missing = createCustomProgramClient({
      program: 'unused',
      authProgram: path.join(dir, 'no-such-auth.sh'),
    });
    await rejectsWithSourceError(missing.authenticate('alice', 'pw'), /could not be run \(ENOENT\)/);
  });
});

describe('example custom directory programs', () => {
  const examples = fileURLToPath(new URL('../../../examples/custom-directory/', import.meta.url));
  const client = createCustomProgramClient({
    program: path.join(examples, 'users.sh'),
    authProgram: path.join(examples, 'auth.sh'),
  });

  it('serve the sample users and groups through the client', async () => {
    await client.check();
    const users = await allUsers(client);
    assert.deepEqual(
      users.map((user) => user.username),
      ['alice', 'bob', 'carol', 'dave'],
    );
    assert.equal(users[1]?.fullName, 'Bob Builder');
    assert.equal(users[1]?.office, 'Building 2');
    assert.equal(users[1]?.cardNumber, '1001');
    assert.equal(users[2]?.fullName, 'Carol Jiménez');
    assert.deepEqual(users[0]?.otherEmails, ['alice.andersen@example.org']);
    assert.deepEqual(await allGroups(client), [
      { ref: 'Staff', name: 'Staff', memberRefs: ['alice', 'bob', 'carol', 'dave'] },
      { ref: 'Research Team', name: 'Research Team', memberRefs: ['carol', 'dave'] },
      { ref: 'Finance', name: 'Finance', memberRefs: ['alice'] },
    ]);
  });

  it('read another users file named by QUIRE_EXAMPLE_USERS_FILE', async () => {
    const file = path.join(dir, 'other-users.tsv');
    fs.writeFileSync(file, 'erin\tErin Example\terin@example.org\n');
    process.env.QUIRE_EXAMPLE_USERS_FILE = file;
    try {
      assert.deepEqual(
        (await allUsers(client)).map((user) => user.username),
        ['erin'],
      );
    } finally {
      delete process.env.QUIRE_EXAMPLE_USERS_FILE;
    }
  });

  it('authenticate case-insensitively and answer with the lower-case username', async () => {
    assert.equal(outcomeName(await client.authenticate('Alice', 'example-alice-Quokka-7351')), 'alice');
    assert.equal(outcomeName(await client.authenticate('alice', 'example-bob-Walrus-2864')), null);
    assert.equal(outcomeName(await client.authenticate('alice', 'EXAMPLE-ALICE-QUOKKA-7351')), null);
    assert.equal(outcomeName(await client.authenticate('mallory', 'example-alice-Quokka-7351')), null);
  });
});
