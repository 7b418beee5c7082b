/**
 * Drives Quire's XML-RPC endpoint with Python 3's standard xmlrpc.client, as a PaperCut script
 * would: each call runs in one python3 process and comes back as {ok: value} or
 * {fault: [code, string]}. `runPythonScript` runs a whole script with the URL and token as
 * arguments, for scripts that must run unchanged.
 *
 *   const [balance] = await python(url, [call('api.getUserAccountBalance', token, 'alice')]);
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';

/** Runs calls through xmlrpc.client in one python3 process; each gives {ok: value} or {fault: [code, string]}. */
const CLIENT = String.raw`
import json, sys, xmlrpc.client
url, calls = json.load(sys.stdin)
proxy = xmlrpc.client.ServerProxy(url)
out = []
for name, params in calls:
    target = proxy
    for part in name.split('.'):
        target = getattr(target, part)
    try:
        out.append({'ok': target(*params)})
    except xmlrpc.client.Fault as fault:
        out.append({'fault': [fault.faultCode, fault.faultString]})
    except xmlrpc.client.ProtocolError as error:
        out.append({'protocol': error.errcode})
print(json.dumps(out))
`;

export type Outcome = { ok?: unknown; fault?: [number, string]; protocol?: number };

/** Asynchronous: the server answering Python runs in this same process. */
export async function python(url: string, calls: [string, unknown[]][]): Promise<Outcome[]> {
  const child = spawn('python3', ['-c', CLIENT], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(JSON.stringify([url, calls]));
  const [status] = (await once(child, 'close')) as [number | null];
  assert.equal(status, 0, stderr);
  return JSON.parse(stdout) as Outcome[];
}

export const call = (method: string, token: string, ...params: unknown[]): [string, unknown[]] => [
  method,
  [token, ...params],
];

/** Runs a Python script with `url` and `token` as its arguments; its standard output, or the assertion fails. */
export async function runPythonScript(script: string, url: string, token: string): Promise<string> {
  const child = spawn('python3', ['-c', script, url, token], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [status] = (await once(child, 'close')) as [number | null];
  assert.equal(status, 0, stderr);
  return stdout;
}
