/**
 * A TCP proxy that forwards to a real server and cuts every connection once the server has sent
 * `cutAfterBytes`: a directory that goes away in the middle of a paged search, on demand.
 *
 *   const proxy = await startCuttingProxy(slapdPort, 4000); // ldap://127.0.0.1:${proxy.port}
 */
import net from 'node:net';

export interface CuttingProxy {
  port: number;
  /** Connections cut so far. */
  cuts(): number;
  stop(): Promise<void>;
}

export async function startCuttingProxy(targetPort: number, cutAfterBytes: number): Promise<CuttingProxy> {
  let cuts = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    let sent = 0;
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk: Buffer) => {
      const room = cutAfterBytes - sent;
      if (room <= 0) return;
      client.write(chunk.subarray(0, room));
      sent += chunk.length;
      if (sent >= cutAfterBytes) {
        cuts++;
        close();
      }
    });
    for (const socket of [client, upstream]) {
      socket.on('error', close);
      socket.on('close', () => {
        sockets.delete(socket);
        close();
      });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cuts: () => cuts,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
