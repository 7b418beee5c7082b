import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { adminEn } from '../../i18n/messages/admin.en.js';
import { en } from '../../i18n/messages/en.js';
import { startTestApp, type TestApp, type TestClient } from '../../test-support/harness.js';
import { customProgramKind } from '../../directory/custom-program/custom-program.kind.js';

const EXAMPLES = new URL('../../../examples/custom-directory/', import.meta.url).pathname;
const ACTOR = { username: 'test', ip: '' };
const ADMIN_PASSWORD = 'admin-Passphrase-4821';
const KEYS = [...Object.keys(adminEn), ...Object.keys(en)];

/** Admin pages and English words each must show, taken from the Admin Console's catalog. */
const PAGES: [url: string, words: string[]][] = [
  ['/admin/options', ['Options', 'General', 'Email', 'Default language', 'Login lockout', 'Save options']],
  ['/admin/audit', ['Audit Log', 'Users', 'User/Group Sync', 'Operations', 'All actions']],
  ['/admin/options/email', ['Mail server', 'Send test email', 'From address', 'Save email settings']],
  ['/admin/sources/1/options', ['Sync options of Corporate Directory', 'Removal limit', 'Save sync options']],
  ['/admin/options/web-services', ['Web services', 'API tokens', 'Create a token', 'Save allowed addresses']],
  [
    '/admin/sources',
    ['User/Group Sync', 'Recent synchronizations', 'Test run (change nothing)', 'Primary source'],
  ],
  ['/admin/sources/new-ldap', ['Back to User/Group Sync', 'Test settings', 'Save', 'Cancel']],
  [
    '/admin/operations',
    ['Operations', 'Server and database', 'Users by source', 'Email settings', 'Last success', 'Finished'],
  ],
  ['/admin/batch-import', ['Batch user import and update', 'Back to Users', 'Card/ID numbers', 'Preview']],
  ['/admin/sources/1/remove', ['Remove Corporate Directory?', 'Remove source', 'Cancel']],
  ['/admin/users', ['Users', 'Create internal user', 'Quick find', 'Full name', 'Admin', 'Internal']],
  ['/admin/users?sort=email&dir=desc', ['Users, page 1', 'sorted descending', ', sort ascending']],
  [
    '/admin/users/admin',
    ['User admin', 'Internal User Settings', 'Logged in in 1 browser.', 'This is your own account'],
  ],
  ['/admin/create-internal-user', ['Create internal user', 'Primary card/ID number', 'Create user']],
  ['/admin/accounts', ['Shared accounts', 'Accounts', 'Create shared account', 'Name contains']],
  ['/admin/accounts/new', ['Create shared account', 'Parent account', 'PIN/code', 'Back to Accounts']],
  ['/admin/users/admin/password', ['Change Password for admin', 'New password', 'Back to user admin']],
  [
    '/admin/users/admin/delete',
    ['Delete user admin?', 'You cannot delete your own account.', 'Back to your account'],
  ],
  [
    '/admin/users/admin/account',
    [
      'Account of admin',
      'Balance and settings',
      'Adjust balance',
      'Account settings',
      'No transactions yet.',
    ],
  ],
  [
    '/admin/options/single-sign-on',
    ['Single sign-on', 'Identity providers', 'Add a provider', 'Add SAML 2.0'],
  ],
  [
    '/admin/options/single-sign-on/new?preset=microsoft',
    ['Add Microsoft login', 'Register Quire at the provider', 'Directory (tenant) ID', 'Add provider'],
  ],
  ['/admin/options/single-sign-on/new?preset=saml', ['Add SAML 2.0 login', 'Signing certificates']],
  [
    '/admin/options/single-sign-on/new?preset=oidc',
    ['Issuer URL', 'Redirect URI (type: Web)', 'Client secret'],
  ],
  ['/admin/sources/new-entra', ['Add Microsoft Entra ID source', 'Test settings']],
  ['/admin/sources/new-google', ['Add Google Workspace source', 'Test settings']],
  ['/admin/dashboard', ['Dashboard', 'Pages today', 'Top printers this week', 'No job has been denied.']],
  ['/admin/jobs', ['Logs pages', 'Job Log', 'Transaction Log', 'Show jobs', 'The first day to show']],
  ['/admin/transactions', ['Transaction Log', 'Filter transactions', 'Account', 'No transactions match.']],
];

/** The text a reader sees, plus attribute values (labels of navigation, hints): tags out. */
function visibleText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]*?(?:aria-label|title|placeholder)="([^"]*)"[^>]*>/g, ' $1 ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&[a-z]+;|&#\d+;/g, ' ');
}

describe('Admin Console words', () => {
  let t: TestApp;
  let admin: TestClient;
  let runPath = '';
  before(async () => {
    t = await startTestApp();
    await t.createUser({ username: 'admin', password: ADMIN_PASSWORD, isAdmin: true });
    await t.app.services.sources.add(
      customProgramKind,
      { name: 'Corporate Directory', program: `${EXAMPLES}users.sh`, authProgram: `${EXAMPLES}auth.sh` },
      ACTOR,
    );
    await t.app.services.printers.add({ server: 'ps1', name: 'library' }, ACTOR);
    admin = t.client();
    assert.equal((await admin.signIn('admin', ADMIN_PASSWORD, 'admin')).status, 303);
    const run = await admin.post('/admin/sources/1/sync', { dryRun: 'on' });
    assert.equal(run.status, 303, run.body);
    runPath = String(run.headers.location);
    await finished(runPath);
  });
  after(() => t.close());

  /** Polls a run's page until the run has ended (the page stops refreshing itself). */
  async function finished(path: string): Promise<void> {
    const deadline = Date.now() + 30_000;
    while ((await admin.get(path)).body.includes('http-equiv="refresh"')) {
      assert.ok(Date.now() < deadline, `${path} still running after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('shows English words from the catalog and never a raw key', async () => {
    const runPage: [string, string[]] = [
      runPath,
      ['Sync report', 'Back to User/Group Sync', 'Summary', 'Started by'],
    ];
    for (const [url, words] of [...PAGES, runPage]) {
      const page = await admin.get(url);
      assert.equal(page.status, 200, url);
      const text = visibleText(page.body);
      // Not inside an address: Google's scopes (…/auth/admin.directory.user.readonly) are shown as they are.
      const rawKey = /(?<![\w/.])admin\.[a-zA-Z]+\.[a-zA-Z.]+/.exec(text);
      assert.equal(rawKey, null, `${url} shows what looks like a raw key: ${rawKey?.[0]}`);
      for (const key of KEYS) assert.ok(!text.includes(key), `${url} shows the key ${key}`);
      for (const word of words) assert.ok(text.includes(word), `${url} does not show "${word}"`);
    }
  });

  it('has no English table header or caption written into a page component', () => {
    const folder = new URL('../../../src/web/admin/', import.meta.url);
    const literal = /header: '[A-Za-z]|caption="[A-Za-z]|caption=\{`[A-Za-z]/;
    const pages = readdirSync(folder).filter((file) => file.endsWith('.tsx'));
    assert.ok(pages.includes('operations.pages.tsx'), 'reads the page components');
    for (const name of pages) {
      const lines = readFileSync(new URL(name, folder), 'utf8').split('\n');
      const found = lines.findIndex((line) => literal.test(line) && !/^\s*(\*|\/\/)/.test(line));
      assert.equal(found, -1, `${name}:${found + 1} writes English into a table: ${lines[found]?.trim()}`);
    }
  });
});
