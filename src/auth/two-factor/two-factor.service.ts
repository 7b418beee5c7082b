/**
 * Two-factor sign-in: an authenticator app (TOTP) with ten one-time recovery codes, and security
 * keys (security-keys.service.ts). After a right password, a user with a second factor proves it
 * here before the session becomes a full one (web/user/second-factor.routes.tsx).
 *
 *   const { secret, uri } = await twoFactor.startTotp(user);
 *   const recoveryCodes = await twoFactor.confirmTotp(user, '123456', actor); // shown once
 *   await twoFactor.verifyCode(user, typed, ip); // throws SignInError (wrong, replayed, throttled)
 */
import type { Actor } from '../../audit/actor.js';
import type { AuditService } from '../../audit/audit.service.js';
import type { UserRow } from '../../db/schema.js';
import { ValidationError } from '../../errors.js';
import { localText, type LocalText } from '../../i18n/local-text.js';
import { sha256, type Clock, type Random } from '../../ports.js';
import { SignInError } from '../auth.service.js';
import type { ThrottleService } from '../throttle.service.js';
import { base32Encode, DIGITS, groupsOfFour, matchingStep, otpauthUri } from './totp.js';
import type { TwoFactorRepository } from './two-factor.repository.js';

export const RECOVERY_CODE_COUNT = 10;
const WRONG_CODE = localText('secondFactor.wrongCode');
const THROTTLED = localText('login.throttled');

export interface TwoFactorDeps {
  repository: TwoFactorRepository;
  audit: AuditService;
  throttle: ThrottleService;
  clock: Clock;
  random: Random;
  issuer: () => Promise<string>;
}

/** A recovery code as typed or shown, reduced to what is hashed: upper case, no dashes or spaces. */
const canonicalCode = (typed: string) => typed.toUpperCase().replace(/[\s-]/g, '').slice(0, 64);

/**
 * Second-step attempts are throttled like passwords but under their own key (`/2fa/<username>`;
 * no username holds "/"): a right password clears the account's password counter, and must not
 * hand someone who knows the password a fresh set of code guesses. `refused` is what a wrong
 * attempt is told (a code's words by default; a security key says its own).
 */
export async function throttledStep(
  deps: Pick<TwoFactorDeps, 'audit' | 'throttle'>,
  user: UserRow,
  ip: string,
  method: string,
  check: () => Promise<boolean>,
  refused: LocalText = WRONG_CODE,
): Promise<void> {
  const started = await deps.throttle.begin(ip, `/2fa/${user.username}`);
  const event = { actor: user.username, target: user.username, ip };
  if ('retryAfter' in started) {
    await deps.audit.record({ ...event, action: 'signin.throttled', details: { step: 'second-factor' } });
    throw new SignInError(THROTTLED, 429);
  }
  if (!(await check())) {
    await deps.audit.record({
      ...event,
      action: 'signin.failure',
      details: { step: 'second-factor', method },
    });
    throw new SignInError(refused);
  }
  await started.attempt.succeeded();
  await deps.audit.record({ ...event, action: 'signin.second-factor', details: { method } });
}

export function createTwoFactorService(deps: TwoFactorDeps) {
  const { repository, audit, clock, random } = deps;
  const now = () => clock.now().toISOString();

  async function totpDisplay(user: UserRow, secret: string) {
    return { secret: groupsOfFour(secret), uri: otpauthUri(secret, await deps.issuer(), user.username) };
  }

  /** Ten fresh codes (80 bits each), replacing any before; only their SHA-256 is stored. */
  async function issueRecoveryCodes(user: UserRow): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () =>
      groupsOfFour(base32Encode(Buffer.from(random.token(10), 'base64url'))).replaceAll(' ', '-'),
    );
    await repository.replaceRecoveryCodes(
      user.id,
      codes.map((code) => sha256(canonicalCode(code))),
      now(),
    );
    return codes;
  }

  return {
    /** What the user's pages show: which factors are set up (never a secret). */
    async status(userId: number) {
      const totp = await repository.totpOf(userId);
      const keys = await repository.keysOf(userId);
      return {
        totp: totp?.confirmed_at != null,
        recoveryCodesLeft: await repository.unusedRecoveryCodes(userId),
        keys: keys.map((key) => ({
          id: key.id,
          name: key.name,
          createdAt: key.created_at,
          lastUsedAt: key.last_used_at,
        })),
      };
    },

    /** Whether sign-in asks this user for a second step. */
    isEnrolled: (userId: number): Promise<boolean> => repository.hasSecondFactor(userId),

    /** A new secret for the app (unconfirmed until its first code); refused while one is confirmed. */
    async startTotp(user: UserRow) {
      const existing = await repository.totpOf(user.id);
      if (existing?.confirmed_at != null)
        throw new ValidationError({ code: localText('secondFactor.alreadyOn') });
      const secret = base32Encode(Buffer.from(random.token(20), 'base64url'));
      await repository.startTotp(user.id, secret, now());
      return totpDisplay(user, secret);
    },

    /** The unconfirmed secret again (the form is shown again after a wrong first code). */
    async pendingTotp(user: UserRow) {
      const row = await repository.totpOf(user.id);
      return row && row.confirmed_at === null ? totpDisplay(user, row.secret) : undefined;
    },

    /** The app's first code turns it on; returns the recovery codes, shown once. */
    async confirmTotp(user: UserRow, code: string, actor: Actor): Promise<string[]> {
      const row = await repository.totpOf(user.id);
      const step =
        row && row.confirmed_at === null ? matchingStep(row.secret, code, clock.now().getTime()) : null;
      if (step === null || !(await repository.takeStep(user.id, step, now())))
        throw new ValidationError({ code: localText('secondFactor.wrongFirstCode', { digits: DIGITS }) });
      await audit.record({
        actor: actor.username,
        action: 'twofactor.totp.enrol',
        target: user.username,
        ip: actor.ip,
      });
      return issueRecoveryCodes(user);
    },

    async newRecoveryCodes(user: UserRow, actor: Actor): Promise<string[]> {
      const codes = await issueRecoveryCodes(user);
      await audit.record({
        actor: actor.username,
        action: 'twofactor.recovery_codes.new',
        target: user.username,
        ip: actor.ip,
      });
      return codes;
    },

    /** The user turns the app off (with its recovery codes); security keys stay. */
    async removeTotp(user: UserRow, actor: Actor): Promise<void> {
      await repository.removeAll(user.id, { keys: false });
      await audit.record({
        actor: actor.username,
        action: 'twofactor.totp.remove',
        target: user.username,
        ip: actor.ip,
      });
    },

    /** An administrator removes every second factor of `user` (who lost them): password only again. */
    async reset(user: UserRow, actor: Actor): Promise<void> {
      await repository.removeAll(user.id, { keys: true });
      await audit.record({
        actor: actor.username,
        action: 'twofactor.reset',
        target: user.username,
        ip: actor.ip,
      });
    },

    /**
     * The second step with a typed code: six digits are the app's code, anything else a recovery
     * code. A code's step is taken in one conditional UPDATE, so it works once (no replay), and a
     * recovery code is marked used the same way. Throws SignInError when refused.
     */
    async verifyCode(user: UserRow, typed: string, ip: string): Promise<void> {
      const code = typed.trim().slice(0, 64);
      const isAppCode = /^[0-9]{6}$/.test(code.replace(/\s/g, ''));
      await throttledStep(deps, user, ip, isAppCode ? 'totp' : 'recovery-code', async () => {
        if (!isAppCode) return repository.useRecoveryCode(user.id, sha256(canonicalCode(code)), now());
        const row = await repository.totpOf(user.id);
        if (!row?.confirmed_at) return false;
        const step = matchingStep(row.secret, code, clock.now().getTime());
        return step !== null && (await repository.takeStep(user.id, step, now()));
      });
    },
  };
}

export type TwoFactorService = ReturnType<typeof createTwoFactorService>;
