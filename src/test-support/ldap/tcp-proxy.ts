/**
 * A loopback TCP proxy that a test can cut: every open connection is dropped at once, as when a
 * directory server restarts or a firewall forgets a connection, while new connections still work.
 *
 *   const proxy = await startTcpProxy(port);      // ldap://127.0.0.1:${proxy.port}
 *   proxy.cut();                                   // open connections die mid-conversation
 *   await proxy.stop();
 *   await startTcpProxy(port, { cutAfterBytes: 6000 }); // each connection dies once the server sent 6000 bytes
 */
import net from 'node:net';

export interface TcpProxy {
  port: number;
  /** How many client connections it has accepted. */
  readonly connections: number;
  /** How many connections it cut after `cutAfterBytes`. */
  readonly cuts: number;
  cut(): void;
  stop(): Promise<void>;
}

export async function startTcpProxy(
  targetPort: number,
  options: { host?: string; cutAfterBytes?: number } = {},
): Promise<TcpProxy> {
  const targetHost = options.host ?? '127.0.0.1';
  const sockets = new Set<net.Socket>();
  let connections = 0;
  let cuts = 0;
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = net.createServer((client) => {
    connections++;
    const upstream = net.connect(targetPort, targetHost);
    track(client);
    track(upstream);
    client.pipe(upstream);
    if (options.cutAfterBytes === undefined) {
      upstream.pipe(client);
    } else {
      // A directory that goes away in the middle of an answer: forward this much, then drop both ends.
      const limit = options.cutAfterBytes;
      let sent = 0;
      upstream.on('data', (chunk: Buffer) => {
        if (sent >= limit) return;
        client.write(chunk.subarray(0, limit - sent));
        sent += chunk.length;
        if (sent >= limit) {
          cuts++;
          client.destroy();
          upstream.destroy();
        }
      });
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const cut = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    port,
    get connections() {
      return connections;
    },
    get cuts() {
      return cuts;
    },
    cut,
    stop: () =>
      new Promise<void>((resolve) => {
        cut();
        server.close(() => resolve());
      }),
  };
}
