/**
 * Batch import's kept previews, on both databases: the preview page lists the users it would
 * create or change (with the fields), and its Import button imports exactly the previewed file
 * without it being chosen again — once, from the same session, within 30 minutes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DATABASE_KINDS, postgresSkip } from '../../test-support/databases.js';
import { startTestApp, TEST_ORIGIN, type TestApp, type TestClient } from '../../test-support/harness.js';

const PAGE = '/admin/batch-import';
const IMPORT = '/admin/batch-import/import';
const BOUNDARY = '----quire-preview-boundary';
const PASSWORD = 'root long passphrase';

/** A multipart body as a browser sends it: the CSRF token, the file, then the other fields. */
function multipart(csrf: string, file: string, fields: Record<string, string>): Buffer {
  const part = (disposition: string, value: string) =>
    `--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n\r\n${value}\r\n`;
  return Buffer.from(
    part('form-data; name="_csrf"', csrf) +
      part('form-data; name="file"; filename="users.tsv"\r\nContent-Type: text/tab-separated-values', file) +
      Object.entries(fields)
        .map(([name, value]) => part(`form-data; name="${name}"`, value))
        .join('') +
      `--${BOUNDARY}--\r\n`,
  );
}

for (const kind of DATABASE_KINDS) {
  describe(
    `Batch import: import the previewed file [${kind}]`,
    { skip: kind === 'postgres' ? postgresSkip() : false },
    () => {
      let t: TestApp;
      let admin: TestClient;
      let now = new Date('2027-03-10T09:00:00.000Z');

      const preview = async (client: TestClient, file: string) => {
        await client.get(PAGE);
        const response = await t.server.inject({
          method: 'POST',
          url: PAGE,
          payload: multipart(client.csrf, file, {
            format: 'user-update',
            createNewUsers: 'on',
            action: 'preview',
          }),
          headers: {
            'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
            origin: TEST_ORIGIN,
            cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          },
        });
        assert.equal(response.statusCode, 200, response.body);
        const id = /<input type="hidden" name="preview" value="([A-Za-z0-9_-]{43})"/.exec(response.body)?.[1];
        return { body: response.body, id: id ?? '' };
      };
      const signedIn = async () => {
        const client = t.client();
        assert.equal((await client.signIn('root', PASSWORD, 'admin')).status, 303);
        return client;
      };
      const user = (name: string) => t.app.services.users.findByUsername(name);

      before(async () => {
        t = await startTestApp({ kind, ports: { clock: { now: () => now } } });
        await t.createUser({ username: 'root', password: PASSWORD, isAdmin: true });
        await t.createUser({
          username: 'alice',
          password: 'alice long passphrase',
          email: 'alice@old.example',
        });
        admin = await signedIn();
      });
      after(() => t?.close());

      it('lists the users a preview creates and changes, with the changed fields', async () => {
        const { body, id } = await preview(
          admin,
          'alice\t\t\t\talice@new.example\tResearch\nnewbie\t\t\tNew Bie\n',
        );
        assert.ok(id, 'the preview carries its id');
        assert.match(body, /<caption>Users the import creates or changes<\/caption>/);
        assert.match(
          body,
          /<td>1<\/td><th scope="row">alice<\/th><td>Change<\/td><td>email, department<\/td>/,
        );
        assert.match(body, /<td>2<\/td><th scope="row">newbie<\/th><td>Create<\/td><td>full name<\/td>/);
        assert.equal(await user('newbie'), undefined, 'a preview changes nothing');
      });

      it('imports the previewed file from the Import button without it being sent again, once', async () => {
        const { id } = await preview(admin, 'alice\t\t\t\t\tResearch\nnewbie\t\t\tNew Bie\n');
        const imported = await admin.post(IMPORT, { preview: id });
        assert.equal(imported.status, 200);
        assert.match(imported.body, /The file was imported/);
        assert.equal((await user('alice'))?.department, 'Research');
        assert.equal((await user('newbie'))?.full_name, 'New Bie', 'createNewUsers came with the preview');
        const [entry] = await t.app.services.audit.list({ action: 'user.batch_import' });
        assert.equal(entry?.actor, 'root');

        await t.app.database.db
          .updateTable('users')
          .set({ department: 'Changed since' })
          .where('username', '=', 'alice')
          .execute();
        const again = await admin.post(IMPORT, { preview: id });
        assert.equal(again.status, 409);
        assert.match(again.body, /This preview was already imported\. Nothing more was imported/);
        assert.equal((await user('alice'))?.department, 'Changed since', 'nothing was imported again');
      });

      it('refuses an expired preview', async () => {
        const { id } = await preview(admin, 'latecomer\t\t\tLate Comer\n');
        now = new Date(now.getTime() + 31 * 60_000);
        const late = await admin.post(IMPORT, { preview: id });
        assert.equal(late.status, 409);
        assert.match(late.body, /This preview has expired \(previews are kept for 30 minutes\)/);
        assert.equal(await user('latecomer'), undefined);
      });

      it("refuses another session's preview, even the same administrator's, and an unknown id", async () => {
        const { id } = await preview(admin, 'other\t\t\tOther One\n');
        const second = await signedIn();
        await second.get(PAGE);
        const refused = await second.post(IMPORT, { preview: id });
        assert.equal(refused.status, 409);
        assert.match(refused.body, /This preview was made in another session\. Nothing was imported/);
        assert.equal(await user('other'), undefined);
        const unknown = await second.post(IMPORT, { preview: 'constructor' });
        assert.equal(unknown.status, 409);
        assert.match(unknown.body, /no longer kept/);
        assert.equal((await admin.post(IMPORT, { preview: id })).status, 200, 'its own session still can');
        assert.equal((await user('other'))?.full_name, 'Other One');
      });

      it('keeps no file for a preview with a rejected line, and no Import button', async () => {
        const { body, id } = await preview(admin, 'ok-user\t\t\tFine\n\t\t\tNo name\n');
        assert.equal(id, '');
        assert.match(body, /rejected/);
        const rows = await t.app.database.db.selectFrom('batch_import_previews').select('id').execute();
        assert.ok(rows.every((row) => row.id !== ''));
      });
    },
  );
}
