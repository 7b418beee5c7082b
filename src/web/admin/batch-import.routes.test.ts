import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, TEST_ORIGIN, type TestApp, type TestClient } from '../../test-support/harness.js';

const PAGE = '/admin/batch-import';

/** A multipart/form-data body as a browser sends it: fields and the file in form order. */
function multipart(
  parts: ({ name: string; value: string } | { name: string; filename: string; content: string | Buffer })[],
) {
  const boundary = '----quire-test-boundary';
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition =
      'filename' in part
        ? `form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: text/tab-separated-values`
        : `form-data; name="${part.name}"`;
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`),
      Buffer.from('filename' in part ? part.content : part.value),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('Admin Console batch import', () => {
  let t: TestApp;
  let admin: TestClient;

  const upload = async (
    client: TestClient,
    fields: Record<string, string>,
    file?: string | Buffer,
    csrf: string | null = client.csrf,
  ) => {
    const parts = [
      ...(csrf === null ? [] : [{ name: '_csrf', value: csrf }]),
      ...(file === undefined ? [] : [{ name: 'file', filename: 'users.tsv', content: file }]),
      ...Object.entries(fields).map(([name, value]) => ({ name, value })),
    ];
    const { payload, contentType } = multipart(parts);
    const response = await t.server.inject({
      method: 'POST',
      url: PAGE,
      payload,
      headers: {
        'content-type': contentType,
        origin: TEST_ORIGIN,
        cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    return { status: response.statusCode, body: response.body };
  };

  before(async () => {
    t = await startTestApp();
    await t.createUser({ username: 'root', password: 'root long passphrase', isAdmin: true });
    await t.createUser({ username: 'alice', password: 'alice long passphrase' });
    admin = t.client();
    await admin.signIn('root', 'root long passphrase', 'admin');
  });
  after(() => t.close());

  it('is linked from the Users list and shows an accessible form', async () => {
    const list = await admin.get('/admin/users');
    assert.match(list.body, /<a href="\/admin\/batch-import">Batch import<\/a>/);
    const page = await admin.get(PAGE);
    assert.equal(page.status, 200);
    assert.match(page.body, /enctype="multipart\/form-data"/);
    assert.match(page.body, /<legend>Format<\/legend>/);
    assert.match(page.body, /<label for="field-file">File<\/label>/);
    assert.ok(
      page.body.indexOf('name="_csrf"') < page.body.indexOf('name="file"'),
      'the token comes before the file',
    );
  });

  it('previews a file without changing anything, then imports it', async () => {
    await admin.get(PAGE);
    const file = 'alice\t\t\t\t\tResearch\nnewbie\t\t\tNew Bie\n';
    const preview = await upload(
      admin,
      { format: 'user-update', createNewUsers: 'on', action: 'preview' },
      file,
    );
    assert.equal(preview.status, 200);
    assert.match(preview.body, /Would be created<\/th><td>1/);
    assert.match(preview.body, /Would be updated<\/th><td>1/);
    assert.equal(await t.app.services.users.findByUsername('newbie'), undefined);

    const imported = await upload(
      admin,
      { format: 'user-update', createNewUsers: 'on', action: 'import' },
      file,
    );
    assert.equal(imported.status, 200);
    assert.match(imported.body, /The file was imported/);
    assert.equal((await t.app.services.users.findByUsername('alice'))?.department, 'Research');
    assert.equal((await t.app.services.users.findByUsername('newbie'))?.full_name, 'New Bie');
  });

  it('lists rejected lines and imports nothing when a line is refused', async () => {
    await admin.get(PAGE);
    const response = await upload(
      admin,
      { format: 'card-numbers', action: 'import' },
      'alice\t7001\nnobody\t7002\n',
    );
    assert.equal(response.status, 200);
    assert.match(response.body, /1 line\(s\) were rejected, so nothing was imported/);
    assert.match(response.body, /<td>2<\/td><td>There is no user named nobody.<\/td>/);
    assert.equal((await t.app.services.users.findByUsername('alice'))?.card_number, '');
  });

  it('answers 400 with field errors when no file is chosen or the format is unknown', async () => {
    await admin.get(PAGE);
    const response = await upload(admin, { format: 'spreadsheet', action: 'preview' }, '');
    assert.equal(response.status, 400);
    assert.match(response.body, /Choose a file to import\./);
    assert.match(response.body, /Choose the format of the file\./);
  });

  it('refuses an upload without the CSRF token, with a wrong one, or with the token after the file', async () => {
    await admin.get(PAGE);
    const file = 'zed\t\t\tZed\n';
    assert.equal(
      (await upload(admin, { format: 'user-update', createNewUsers: 'on', action: 'import' }, file, null))
        .status,
      403,
    );
    assert.equal(
      (
        await upload(
          admin,
          { format: 'user-update', createNewUsers: 'on', action: 'import' },
          file,
          'wrong-token',
        )
      ).status,
      403,
    );
    const late = multipart([
      { name: 'file', filename: 'u.tsv', content: file },
      { name: '_csrf', value: admin.csrf },
      { name: 'format', value: 'user-update' },
      { name: 'createNewUsers', value: 'on' },
      { name: 'action', value: 'import' },
    ]);
    const response = await t.server.inject({
      method: 'POST',
      url: PAGE,
      payload: late.payload,
      headers: {
        'content-type': late.contentType,
        origin: TEST_ORIGIN,
        cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    assert.equal(response.statusCode, 403);
    assert.equal(await t.app.services.users.findByUsername('zed'), undefined);
  });

  it('refuses multipart bodies on every other form', async () => {
    await admin.get('/admin/options');
    const { payload, contentType } = multipart([
      { name: '_csrf', value: admin.csrf },
      { name: 'organizationName', value: 'Evil' },
    ]);
    const response = await t.server.inject({
      method: 'POST',
      url: '/admin/options',
      payload,
      headers: {
        'content-type': contentType,
        origin: TEST_ORIGIN,
        cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    assert.ok(response.statusCode === 403 || response.statusCode === 415, `status ${response.statusCode}`);
  });

  it('answers 401 signed out and 403 for a non-administrator before reading the file', async () => {
    const anonymous = t.client();
    await anonymous.get('/admin/login');
    assert.equal((await upload(anonymous, { format: 'user-update', action: 'import' }, 'x\n')).status, 401);
    const user = t.client();
    await user.signIn('alice', 'alice long passphrase');
    await user.get('/user');
    assert.equal((await upload(user, { format: 'user-update', action: 'import' }, 'x\n')).status, 403);
  });

  it('answers a malformed multipart body with the form and a 400 error, importing nothing', async () => {
    await admin.get(PAGE);
    const boundary = '----quire-test-boundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${admin.csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="u.tsv"\r\n\r\nmallory\t\t\tMallory\n`;
    const bodies = new Map<string, { payload: string; contentType: string }>([
      [
        'cut off before the closing boundary',
        { payload: head, contentType: `multipart/form-data; boundary=${boundary}` },
      ],
      [
        'a part without headers',
        {
          payload: `${head}\r\n--${boundary}\r\ngarbage without a blank line`,
          contentType: `multipart/form-data; boundary=${boundary}`,
        },
      ],
      ['no boundary parameter', { payload: head, contentType: 'multipart/form-data' }],
      [
        'a boundary that never appears',
        { payload: head, contentType: 'multipart/form-data; boundary=nowhere' },
      ],
      [
        'too many parts',
        {
          payload: `${head}\r\n${Array.from({ length: 20 }, (_, i) => `--${boundary}\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nx\r\n`).join('')}--${boundary}--\r\n`,
          contentType: `multipart/form-data; boundary=${boundary}`,
        },
      ],
    ]);
    for (const [what, body] of bodies) {
      const response = await t.server.inject({
        method: 'POST',
        url: PAGE,
        payload: body.payload,
        headers: {
          'content-type': body.contentType,
          origin: TEST_ORIGIN,
          cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        },
      });
      assert.equal(response.statusCode, 400, `${what}: ${response.statusCode}`);
      assert.match(response.body, /Batch import/, what);
      assert.match(response.body, /could not be read/, what);
    }
    assert.equal(await t.app.services.users.findByUsername('mallory'), undefined);
  });

  it('answers 413 with the form for a file over 50 MB', async () => {
    await admin.get(PAGE);
    const response = await upload(
      admin,
      { format: 'user-update', action: 'preview' },
      Buffer.alloc(50 * 1024 * 1024 + 1, 0x61),
    );
    assert.equal(response.status, 413);
    assert.match(response.body, /The file is larger than 50 MB/);
  });
});
