/**
 * The small pool of service-account connections that sign-in lookups share (sync runs open
 * their own connection). A user's bind never happens on a pooled connection.
 *
 *   const pool = createPool(() => connector.openService(), 4);
 *   const result = await pool.use((client) => client.search(baseDn, options));
 *   await pool.close();
 */
import { ResultCodeError, type Client } from 'ldapts';
import { quietUnbind, type Connection } from './ldap.connection.js';

/**
 * A few bound service connections, reused across sign-ins. A pooled connection that the server
 * closed while idle fails its next operation: that operation is retried once on a new connection.
 */
export function createPool(open: () => Promise<Connection>, size: number) {
  const idle: Connection[] = [];
  const waiting: Array<() => void> = [];
  let busy = 0;
  let closed = false;

  async function acquire(): Promise<{ connection: Connection; reused: boolean }> {
    for (;;) {
      let connection: Connection | undefined;
      while ((connection = idle.pop())) {
        if (connection.client.isConnected) {
          busy++;
          return { connection, reused: true };
        }
      }
      if (busy < size) {
        busy++;
        try {
          return { connection: await open(), reused: false };
        } catch (error) {
          release(null);
          throw error;
        }
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  }

  function release(connection: Connection | null, keep = false): void {
    busy--;
    if (connection) {
      if (keep && !closed && connection.client.isConnected) idle.push(connection);
      else void quietUnbind(connection.client);
    }
    waiting.shift()?.();
  }

  return {
    async use<T>(operation: (client: Client) => Promise<T>): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        const { connection, reused } = await acquire();
        try {
          const result = await operation(connection.client);
          release(connection, true);
          return result;
        } catch (error) {
          // An LDAP result means the connection itself is fine.
          const answered = error instanceof ResultCodeError;
          release(connection, answered);
          if (!answered && reused && attempt === 0) continue;
          throw error;
        }
      }
    },
    async close(): Promise<void> {
      closed = true;
      await Promise.all(idle.splice(0).map((connection) => quietUnbind(connection.client)));
    },
  };
}
