/**
 * The Users list's status filters (disabled, locked out, admin rights, never logged in,
 * department) as one condition on the users table, added next to quick find's (`whereUsers`), and
 * the list's bounded count.
 *
 *   query.where(whereFilters({ disabled: true, admin: false }, now));
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DB } from '../db/schema.js';

/** Each filter is off when undefined; true keeps the users it names, false the others. */
export interface UserFilters {
  disabled?: boolean;
  /** Log-in blocked now by the failed log-in counter (auth/throttle.service.ts). */
  locked?: boolean;
  /** Admin rights of their own, or through a group with Admin Console access. */
  admin?: boolean;
  /** No log-in since the column was added (users.last_sign_in_at is null). */
  neverSignedIn?: boolean;
  /** Exactly this department. */
  department?: string;
}

export function hasFilters(filters: UserFilters | undefined): boolean {
  return filters !== undefined && Object.values(filters).some((value) => value !== undefined);
}

type UsersWhere = ExpressionBuilder<DB, 'users'>;

/**
 * The filters as one condition; `now` (ISO) decides which log-in blocks are still running. Each
 * "in (…)" reads a small table (blocked counters, admin groups' members) once, not once a user.
 */
export function whereFilters(filters: UserFilters, now: string) {
  return (eb: UsersWhere) => {
    const all: Expression<SqlBool>[] = [];
    const either = (yes: boolean, condition: Expression<SqlBool>) =>
      all.push(yes ? condition : eb.not(condition));
    if (filters.disabled !== undefined) all.push(eb('users.disabled', '=', filters.disabled ? 1 : 0));
    if (filters.neverSignedIn !== undefined)
      all.push(eb('users.last_sign_in_at', filters.neverSignedIn ? 'is' : 'is not', null));
    if (filters.department !== undefined) all.push(eb('users.department', '=', filters.department));
    if (filters.locked !== undefined)
      // The account's counter is keyed `user:<username>` (throttle.service.ts).
      either(
        filters.locked,
        eb(
          'users.username',
          'in',
          sql<string>`(select substr(throttle.key, 6) from throttle where throttle.key like 'user:%' and throttle.blocked_until > ${now})`,
        ),
      );
    if (filters.admin !== undefined)
      either(
        filters.admin,
        eb.or([
          eb('users.is_admin', '=', 1),
          eb(
            'users.id',
            'in',
            eb
              .selectFrom('group_members')
              .innerJoin('admin_groups', 'admin_groups.group_id', 'group_members.group_id')
              .select('group_members.user_id'),
          ),
        ]),
      );
    return eb.and(all);
  };
}
