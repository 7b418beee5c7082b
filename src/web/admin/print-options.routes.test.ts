import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp, type TestClient } from '../../test-support/harness.js';

const ADMIN_PASSWORD = 'admin-Passphrase-4821';

describe('Admin Console → Options → Printing', () => {
  let t: TestApp;
  let admin: TestClient;
  const form = { organizationName: 'Quire', minPasswordLength: '8' };

  before(async () => {
    t = await startTestApp();
    await t.createUser({ username: 'admin', password: ADMIN_PASSWORD, isAdmin: true });
    admin = t.client();
    assert.equal((await admin.signIn('admin', ADMIN_PASSWORD, 'admin')).status, 303);
  });
  after(() => t?.close());

  it("shows held jobs' expiry (30 minutes, PaperCut's default) and the trusted print servers, labelled", async () => {
    const page = await admin.get('/admin/options');
    assert.equal(page.status, 200);
    assert.match(page.body, /<legend>Printing<\/legend>/);
    assert.match(
      page.body,
      /<label for="field-heldJobExpiryMinutes">Delete held jobs after \(minutes\)<\/label>/,
    );
    assert.ok(page.body.includes('name="heldJobExpiryMinutes" type="number" value="30"'));
    assert.match(page.body, /<label for="field-printServerAddresses">Trusted print servers<\/label>/);
  });

  it('saves them, the addresses written one way', async () => {
    const response = await admin.post('/admin/options', {
      ...form,
      heldJobExpiryMinutes: '45',
      printServerAddresses: '192.168.0.10\n10.1.0.0/24',
    });
    assert.equal(response.status, 303);
    const options = await t.app.services.settings.get();
    assert.deepEqual(
      [options.heldJobExpiryMinutes, options.printServerAddresses],
      [45, '192.168.0.10, 10.1.0.0/24'],
    );
  });

  it('refuses a bad expiry, any address at all (*) and what is not an address, keeping what was stored', async () => {
    for (const [name, value, message] of [
      ['heldJobExpiryMinutes', '0', /Enter a whole number from 1 to 10,080\./],
      ['heldJobExpiryMinutes', 'soon', /Enter a whole number from 1 to 10,080\./],
      ['printServerAddresses', '*', /&quot;\*&quot; is not the IP address or CIDR range of a print server/],
      ['printServerAddresses', 'cups.example.org', /&quot;cups\.example\.org&quot; is not the IP address/],
    ] as const) {
      const response = await admin.post('/admin/options', { ...form, [name]: value });
      assert.equal(response.status, 400, `${name}=${value}`);
      assert.match(response.body, message);
    }
    const options = await t.app.services.settings.get();
    assert.deepEqual(
      [options.heldJobExpiryMinutes, options.printServerAddresses],
      [45, '192.168.0.10, 10.1.0.0/24'],
    );
  });
});
