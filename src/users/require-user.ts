/**
 * The look-up every users flow starts with: a name as typed (any case) → the stored user, or a
 * NotFoundError naming it.
 *
 *   const requireUser = userFinder(usersRepository);
 *   const alice = await requireUser('Alice');
 */
import type { UserRow } from '../db/schema.js';
import { NotFoundError } from '../errors.js';
import { normalizeUsername } from './username.js';
import type { UsersRepository } from './users.repository.js';

export type RequireUser = (username: string) => Promise<UserRow>;

export function userFinder(users: Pick<UsersRepository, 'findByUsername'>): RequireUser {
  return async (username) => {
    const user = await users.findByUsername(normalizeUsername(username));
    if (!user) throw new NotFoundError(`No user named "${username}".`);
    return user;
  };
}
