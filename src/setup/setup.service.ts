/**
 * First run. While no administrator exists, the server prints a one-time link with a random
 * token; that page creates the first administrator. Once it has been used, or once any
 * administrator exists, setup is closed for good: the `setup.completed` flag is written in the
 * same transaction as the administrator and is never cleared, so no request — whatever its path,
 * headers or parameters — can reopen it (PaperCut's CVE-2023-27350 was such a bypass).
 *
 *   const link = await setup.prepare(); // 'http://localhost:9191/setup?token=…' or null
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { sha256, type Random } from '../ports.js';
import type { SettingsRepository } from '../settings/settings.repository.js';
import type { UsersRepository } from '../users/users.repository.js';
import type { NewInternalUser } from '../users/user-records.service.js';
import type { UsersService } from '../users/users.service.js';

const COMPLETED = 'setup.completed';
/**
 * One key per issued token (`setup.token.<sha256>`): every server sharing the database prints its
 * own link at start-up, and each stays valid until one of them creates the administrator.
 */
const TOKEN_PREFIX = 'setup.token.';
const tokenKey = (token: string) => `${TOKEN_PREFIX}${sha256(token)}`;
/** Where a single token's hash was kept before several servers could share a database. */
const LEGACY_TOKEN_HASH = 'setup.token_sha256';

export function createSetupService(deps: {
  db: Kysely<DB>;
  settings: SettingsRepository;
  users: UsersRepository;
  usersService: UsersService;
  random: Random;
}) {
  const { settings, users, usersService, random } = deps;

  async function isOpen(): Promise<boolean> {
    if ((await settings.get(COMPLETED)) !== undefined) return false;
    if ((await users.countAdmins()) > 0) {
      await close();
      return false;
    }
    return true;
  }

  async function close(): Promise<void> {
    await settings.set(COMPLETED, JSON.stringify(new Date().toISOString()));
    await settings.deletePrefix(TOKEN_PREFIX);
    await settings.delete(LEGACY_TOKEN_HASH);
  }

  return {
    isOpen,
    close,
    /** Issues a fresh token when setup is open and returns it; null when setup is closed. */
    async prepare(): Promise<string | null> {
      if (!(await isOpen())) return null;
      const token = random.token(32);
      await settings.set(tokenKey(token), 'open');
      return token;
    },
    /** Whether `token` is the current setup token (and setup is open). */
    async checkToken(token: string): Promise<boolean> {
      if (!token || !(await isOpen())) return false;
      // The key is the token's hash, so the look-up itself compares hashes, never the token.
      return (await settings.get(tokenKey(token))) === 'open';
    },
    /** Creates the first administrator with the token; closes setup for good. */
    async complete(token: string, input: Omit<NewInternalUser, 'isAdmin'>, ip: string) {
      if (!(await this.checkToken(token))) throw new NotFoundError();
      // Consume the token atomically first: of two requests racing with it, only one proceeds.
      if (!(await settings.take(tokenKey(token), 'open'))) throw new NotFoundError();
      try {
        const user = await usersService.createInternal(
          { ...input, isAdmin: true },
          { username: 'setup', ip },
        );
        await close();
        return user;
      } catch (error) {
        // A validation problem (weak password…) leaves the token usable for another try.
        if (error instanceof ValidationError && !(await users.countAdmins()))
          await settings.set(tokenKey(token), 'open');
        throw error;
      }
    },
  };
}

export type SetupService = ReturnType<typeof createSetupService>;
