import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { destinationProblem, queueSettingProblems, queueUrls } from './queue-settings.js';

describe('queue settings', () => {
  it('takes ipp:// and ipps:// destinations only, without a password in them', () => {
    for (const uri of [
      '',
      'ipp://printer.example.org/ipp/print',
      'ipps://10.0.0.5:631/printers/lab',
      'ipp://[fd00::5]/ipp',
    ])
      assert.equal(destinationProblem(uri), null, uri);
    for (const uri of [
      'http://printer/ipp',
      'socket://printer:9100',
      'ipp://',
      'printer',
      'ipp://a b',
      'ipp://u:p@printer/',
    ]) {
      assert.notEqual(destinationProblem(uri), null, uri);
    }
    assert.deepEqual(
      Object.keys(queueSettingProblems({ destination_uri: 'lpd://x', auth_mode: 'magic' as never })),
      ['destination_uri', 'auth_mode'],
    );
  });

  it("prints each queue's addresses from the public URL's host and the ports", () => {
    assert.deepEqual(
      queueUrls({ publicUrl: 'https://print.example.org', port: 9191, httpsPort: 9192 }, 'library mono'),
      {
        ipp: 'ipp://print.example.org:9191/printers/library%20mono',
        ipps: 'ipps://print.example.org:9192/printers/library%20mono',
      },
    );
    assert.equal(queueUrls({ publicUrl: 'http://[::1]:9191', port: 9191, httpsPort: null }, 'x').ipps, null);
  });
});
