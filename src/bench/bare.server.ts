/**
 * The physical limit for the API benchmark: a bare Fastify route, nothing else (no plugins, no
 * logger, no database), answering a fixed small JSON object on GET. Run as a child process by
 * bench.ts with the same Node binary, so that it and the Quire server each get a process of their
 * own on the same machine.
 *
 *   node dist/bench/bare.server.js   # prints "listening http://127.0.0.1:PORT" on stdout
 */
import Fastify from 'fastify';

const server = Fastify({ logger: false });
const body = { username: 'bench.user', email: 'bench.user@example.org' };
server.get('/bare', async () => body);
const address = await server.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`listening ${address}\n`);
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.once(signal, () => void server.close().finally(() => process.exit(0)));
