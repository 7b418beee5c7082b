import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { SERVER_NODE_OPTIONS } from './node-options.js';

const root = new URL('../../', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, root), 'utf8');
const options = SERVER_NODE_OPTIONS.join(' ');

describe('the Node options of a server start', () => {
  it('are the same in npm start, the systemd unit and the Dockerfile', () => {
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    assert.equal(pkg.scripts.start, `node ${options} dist/main.js serve`);
    assert.match(
      read('deploy/quire.service'),
      new RegExp(`^ExecStart=/usr/bin/node ${options} /opt/quire/dist/main.js serve$`, 'm'),
    );
    const cmd = JSON.stringify(['node', ...SERVER_NODE_OPTIONS, 'dist/main.js', 'serve']).replace(/,/g, ', ');
    assert.ok(read('Dockerfile').split('\n').includes(`CMD ${cmd}`), `the Dockerfile's CMD is ${cmd}`);
  });
});
