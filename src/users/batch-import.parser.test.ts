import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { type BatchFormat, type BatchLine, MAX_LINE_BYTES, parseBatchLines } from './batch-import.parser.js';

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<string | Uint8Array> {
  for (const part of parts) yield part;
}

async function parse<F extends BatchFormat>(format: F, ...parts: (string | Uint8Array)[]) {
  const out: BatchLine<unknown>[] = [];
  for await (const row of parseBatchLines(chunks(...parts), format)) out.push(row);
  return out;
}

/** The single result of a one-line file. */
async function one(format: BatchFormat, text: string): Promise<BatchLine<unknown>> {
  const rows = await parse(format, text);
  assert.equal(rows.length, 1, `expected one result, got ${JSON.stringify(rows)}`);
  return rows[0]!;
}

async function reason(format: BatchFormat, text: string): Promise<string> {
  const row = await one(format, text);
  assert.equal(row.ok, false, `expected a refusal, got ${JSON.stringify(row)}`);
  return row.ok ? '' : row.reason;
}

describe('batch import files: internal users', () => {
  it('reads every PaperCut column in order, the balance in ten-thousandths', async () => {
    const row = await one(
      'internal-users',
      'JSmith\tCorrect-Horse-42\t10.00\tY\tJohn  Smith\tjsmith@example.org\tScience\tRoom 4\t100234\t4711\tVisitor\tE55A21\t\\\\srv\\home\n',
    );
    assert.deepEqual(row, {
      line: 1,
      ok: true,
      record: {
        username: 'jsmith',
        password: 'Correct-Horse-42',
        balance: 100000,
        restricted: true,
        fullName: 'John Smith',
        email: 'jsmith@example.org',
        department: 'Science',
        office: 'Room 4',
        cardNumber: '100234',
        pin: '4711',
        notes: 'Visitor',
        cardNumber2: 'E55A21',
      },
      ignoredColumns: ['Home folder'],
    });
  });

  it('accepts a line with only a username and a password, keeping the password exactly', async () => {
    const row = await one('internal-users', 'guest01\t  Tulip Lantern 9 ');
    assert.deepEqual(row, {
      line: 1,
      ok: true,
      record: { username: 'guest01', password: '  Tulip Lantern 9 ' },
    });
  });

  it('refuses a line without a password column', async () => {
    assert.equal(
      await reason('internal-users', 'guest01'),
      'Too few columns: found 1, the internal-users format needs at least 2 (username and password).',
    );
  });

  it('refuses an empty password', async () => {
    assert.equal(await reason('internal-users', 'guest01\t\t\t\tGuest'), 'The password is missing.');
  });
});

describe('batch import files: user update', () => {
  it('defines only the details a line fills, so empty columns leave them unchanged', async () => {
    const row = await one('user-update', 'amiller\t\t\t\tamiller@example.org\t\t\t\t\t\tCARD-2');
    assert.deepEqual(row, {
      line: 1,
      ok: true,
      record: { username: 'amiller', email: 'amiller@example.org', cardNumber2: 'CARD-2' },
    });
  });

  it('reads all fourteen columns and ignores the three Quire does not keep', async () => {
    const row = await one(
      'user-update',
      'jsmith\t10.00\tN\tJohn Smith\tjsmith@example.org\tScience\tRoom 4\t100234\t4711\tNotes here\tE55A21\tj@other.org\tjohnny\t\\\\srv\\home',
    );
    assert.ok(row.ok);
    assert.deepEqual(row.record, {
      username: 'jsmith',
      balance: 100000,
      restricted: false,
      fullName: 'John Smith',
      email: 'jsmith@example.org',
      department: 'Science',
      office: 'Room 4',
      cardNumber: '100234',
      pin: '4711',
      notes: 'Notes here',
      cardNumber2: 'E55A21',
    });
    assert.deepEqual(row.ignoredColumns, ['Other email addresses', 'Username alias', 'Home folder']);
  });

  it('accepts a username alone', async () => {
    assert.deepEqual(await one('user-update', 'newbie'), {
      line: 1,
      ok: true,
      record: { username: 'newbie' },
    });
  });

  it('never validates ignored columns', async () => {
    const row = await one('user-update', 'bob\t\t\t\t\t\t\t\t\t\t\tnot an email\tperhaps');
    assert.ok(row.ok);
  });

  it('refuses a balance that is not an amount, or absurd, and a restricted status other than Y/N', async () => {
    assert.match(
      await reason('user-update', 'bob\tnot a number'),
      /The credit balance: "not a number" is not an amount/,
    );
    assert.match(await reason('user-update', 'bob\t1e12'), /The credit balance: The amount is too large/);
    assert.equal(
      await reason('user-update', 'bob\t\tperhaps'),
      'The restricted status is Y or N, not "perhaps".',
    );
  });

  it('names each ignored column once per file, on the first line that fills it', async () => {
    const rows = await parse(
      'user-update',
      'a\t1.00\n',
      'b\t\t\t\t\t\t\t\t\t\t\tx@y.org\n',
      'c\t\t\t\t\t\t\t\t\t\t\tz@y.org\talias\n',
    );
    assert.deepEqual(
      rows.map((row) => (row.ok ? row.ignoredColumns : 'refused')),
      [undefined, ['Other email addresses'], ['Username alias']],
    );
  });
});

describe('batch import files: card numbers', () => {
  it('reads username, card number and an optional PIN', async () => {
    const rows = await parse('card-numbers', 'jsmith\t100234\n', 'amiller\t100235\t4711\n');
    assert.deepEqual(rows, [
      { line: 1, ok: true, record: { username: 'jsmith', cardNumber: '100234' } },
      { line: 2, ok: true, record: { username: 'amiller', cardNumber: '100235', pin: '4711' } },
    ]);
  });

  it('refuses a line without a card number', async () => {
    assert.match(
      await reason('card-numbers', 'jsmith'),
      /^Too few columns: found 1, the card-numbers format needs at least 2 \(username and primary card\/id number\)\.$/,
    );
    assert.equal(await reason('card-numbers', 'jsmith\t \t4711'), 'The card/ID number is missing.');
  });

  it('refuses a fourth column', async () => {
    assert.equal(
      await reason('card-numbers', 'jsmith\t1\t2\t3'),
      'Too many columns: found 4, the card-numbers format has at most 3.',
    );
  });
});

describe('batch import files: refused lines', () => {
  it('refuses a missing username', async () => {
    assert.equal(await reason('user-update', '  \tJohn'), 'The username is missing.');
  });

  it('refuses a username the username rules refuse, quoting it', async () => {
    assert.equal(
      await reason('user-update', 'a/b'),
      'The username "a/b" is refused. Usernames may not contain "/", "\\" or "@".',
    );
    assert.match(
      await reason('internal-users', `${'x'.repeat(65)}\tpw`),
      /is refused\. Usernames are at most 64 characters\./,
    );
  });

  it('refuses an email that is not an address, quoting it', async () => {
    assert.equal(await reason('user-update', 'bob\t\t\t\tbob@'), 'The email "bob@" is not a valid address.');
  });

  it('refuses a detail longer than the form allows', async () => {
    assert.equal(
      await reason('user-update', `bob\t\t\t${'n'.repeat(201)}`),
      'Full name is at most 200 characters.',
    );
    assert.equal(
      await reason('card-numbers', `bob\t${'9'.repeat(65)}`),
      'Primary card/ID number is at most 64 characters.',
    );
  });

  it('refuses filled columns beyond the last one, saying how many there are', async () => {
    assert.equal(
      await reason('user-update', `bob${'\tx'.repeat(15)}`),
      'Too many columns: found 16, the user-update format has at most 15.',
    );
  });

  it('reads the expiry date column: a day, "never" to clear it, and refuses anything else', async () => {
    const row = await one('user-update', `guest${'\t'.repeat(14)}2026-12-31`);
    assert.deepEqual(row, { line: 1, ok: true, record: { username: 'guest', expiryDate: '2026-12-31' } });
    const never = await one('internal-users', `guest\tlong passphrase${'\t'.repeat(12)}never`);
    assert.equal(never.ok && (never.record as { expiryDate?: string }).expiryDate, '');
    assert.match(
      await reason('user-update', `guest${'\t'.repeat(14)}31.12.2026`),
      /^The expiry date "31\.12\.2026" is refused\. Enter a date such as 2026-12-31/,
    );
  });

  it('tolerates the empty trailing cells spreadsheets write', async () => {
    const row = await one('card-numbers', 'bob\t42\t\t\t\t');
    assert.deepEqual(row, { line: 1, ok: true, record: { username: 'bob', cardNumber: '42' } });
  });

  it('refuses the second occurrence of a username, whatever its case, naming the first line', async () => {
    const rows = await parse('card-numbers', 'Bob\t1\n', 'ann\t2\n', 'BOB\t3\n');
    assert.deepEqual(rows[2], {
      line: 3,
      ok: false,
      reason: 'The username "bob" already appears on line 1.',
    });
    assert.equal(rows.filter((row) => row.ok).length, 2);
  });

  it('refuses a line over 64 KiB without buffering it, and reads the next line', async () => {
    const long = 'x'.repeat(1024);
    const parts = ['bob\t'];
    for (let i = 0; i < 80; i += 1) parts.push(long);
    parts.push('\nann\t7\n');
    const rows = await parse('card-numbers', ...parts);
    assert.deepEqual(rows, [
      { line: 1, ok: false, reason: 'The line is longer than 64 KiB.' },
      { line: 2, ok: true, record: { username: 'ann', cardNumber: '7' } },
    ]);
  });

  it('accepts a line of exactly 64 KiB and refuses an unterminated last line over it', async () => {
    // The filler is in the home folder column (the 14th), which is read but never validated.
    const exact = `bob${'\t'.repeat(13)}${'1'.repeat(MAX_LINE_BYTES - 16)}`;
    const rows = await parse('user-update', `${exact}\n`, 'ann\t', 'x'.repeat(MAX_LINE_BYTES));
    assert.equal(rows[0]!.ok, true);
    assert.deepEqual(rows[1], { line: 2, ok: false, reason: 'The line is longer than 64 KiB.' });
  });

  it('refuses a line that is not UTF-8 and reads the rest', async () => {
    const latin1 = Buffer.from('jos\xe9\t1\n', 'latin1');
    const rows = await parse('card-numbers', latin1, 'ann\t2\n');
    assert.deepEqual(rows, [
      { line: 1, ok: false, reason: 'The line is not valid UTF-8 text; save the file as UTF-8.' },
      { line: 2, ok: true, record: { username: 'ann', cardNumber: '2' } },
    ]);
  });

  it('refuses a UTF-16 file once instead of every line', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('bob\t1\nann\t2\n', 'utf16le')]);
    assert.deepEqual(await parse('card-numbers', utf16), [
      { line: 1, ok: false, reason: 'The file is UTF-16 text; save it as UTF-8 and import it again.' },
    ]);
  });
});

describe('batch import files: lines and encodings', () => {
  it('skips blank and comment lines but keeps counting them', async () => {
    const rows = await parse('card-numbers', '# username\tcard\n\n   \n\t\t\nbob\t1\n#ann\t2\nann\t2\n');
    assert.deepEqual(
      rows.map((row) => row.line),
      [5, 7],
    );
  });

  it('removes a UTF-8 byte-order mark, even when it is split across chunks', async () => {
    const rows = await parse('card-numbers', Buffer.from([0xef]), Buffer.from([0xbb, 0xbf]), 'bob\t1\n');
    assert.deepEqual(rows, [{ line: 1, ok: true, record: { username: 'bob', cardNumber: '1' } }]);
  });

  it('treats a byte-order mark before a comment as the start of the comment', async () => {
    assert.deepEqual(await parse('card-numbers', '\uFEFF# header\nbob\t1'), [
      { line: 2, ok: true, record: { username: 'bob', cardNumber: '1' } },
    ]);
  });

  it('accepts Windows line ends without keeping the carriage return', async () => {
    const rows = await parse('internal-users', 'bob\tsecret-one\r\nann\tsecret-two\r\n');
    assert.deepEqual(
      rows.map((row) => (row.ok ? row.record : row.reason)),
      [
        { username: 'bob', password: 'secret-one' },
        { username: 'ann', password: 'secret-two' },
      ],
    );
  });

  it('joins a line cut between chunks, and a CRLF cut between its two bytes', async () => {
    const rows = await parse('user-update', 'bo', 'b\t\t\tBob B', 'uilder\r', '\nann\n');
    assert.deepEqual(rows, [
      { line: 1, ok: true, record: { username: 'bob', fullName: 'Bob Builder' } },
      { line: 2, ok: true, record: { username: 'ann' } },
    ]);
  });

  it('joins a multibyte character cut between chunks', async () => {
    const bytes = Buffer.from('josé\t\t\tJosé García 😀\n', 'utf8');
    const cutInE = bytes.indexOf(0xc3) + 1; // between the two bytes of "é"
    const cutInEmoji = bytes.indexOf(0xf0) + 2; // inside the four bytes of "😀"
    const rows = await parse(
      'user-update',
      bytes.subarray(0, cutInE),
      bytes.subarray(cutInE, cutInEmoji),
      bytes.subarray(cutInEmoji),
    );
    assert.deepEqual(rows, [{ line: 1, ok: true, record: { username: 'josé', fullName: 'José García 😀' } }]);
  });

  it('feeds one byte at a time', async () => {
    const bytes = Buffer.from('\uFEFFzoë\t1\r\n#x\nann\t2', 'utf8');
    const parts = [...bytes].map((byte) => Uint8Array.of(byte));
    const rows = await parse('card-numbers', ...parts);
    assert.deepEqual(rows, [
      { line: 1, ok: true, record: { username: 'zoë', cardNumber: '1' } },
      { line: 3, ok: true, record: { username: 'ann', cardNumber: '2' } },
    ]);
  });

  it('reads a Node stream, strings or buffers', async () => {
    const rows: BatchLine<unknown>[] = [];
    const stream = Readable.from([Buffer.from('bob\t1\n'), 'ann\t2\n']);
    for await (const row of parseBatchLines(stream, 'card-numbers')) rows.push(row);
    assert.deepEqual(
      rows.map((row) => row.ok),
      [true, true],
    );
  });

  it('streams 100,000 lines, yielding the first record long before the input is read', async () => {
    const total = 100_000;
    const perChunk = 1_000;
    let chunksRead = 0;
    async function* file() {
      for (let start = 0; start < total; start += perChunk) {
        let text = '';
        for (let i = start; i < start + perChunk; i += 1)
          text += `user${i}\t\t\tUser ${i}\tuser${i}@example.org\n`;
        chunksRead += 1;
        yield Buffer.from(text);
      }
    }
    let records = 0;
    let chunksReadAtFirstRecord = -1;
    for await (const row of parseBatchLines(file(), 'user-update')) {
      assert.ok(row.ok, row.ok ? '' : row.reason);
      if (records === 0) chunksReadAtFirstRecord = chunksRead;
      records += 1;
    }
    assert.equal(records, total);
    assert.equal(chunksReadAtFirstRecord, 1, 'the first record arrives after reading only the first chunk');
    assert.equal(chunksRead, total / perChunk);
  });
});

describe('card PINs in batch files', () => {
  it('refuses a PIN that is not 1 to 16 digits, as setting it one by one does', async () => {
    const rows = await parse(
      'card-numbers',
      'ann\t1001\t4711\nbob\t1002\t12ab\ncid\t1003\t12345678901234567\n',
    );
    assert.deepEqual(
      rows.map((r) => (r.ok ? 'ok' : r.reason)),
      ['ok', 'A card PIN is 1 to 16 digits.', 'A card PIN is 1 to 16 digits.'],
    );
  });
});
