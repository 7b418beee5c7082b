/**
 * Sign-in for every kind of user: internal users against their argon2id hash, standard users
 * against their directory source. Every failure looks the same from outside: one message, and the
 * same work (an argon2id verification) whether or not the account exists.
 *
 *   const user = await auth.signIn({ username, password, ip }); // throws SignInError
 *   const atStation = await auth.signInByCard({ card: '0042', pin: '1234', ip });
 */
import { storableText } from '../text.js';
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { UserRow } from '../db/schema.js';
import type { SignInRefusal } from '../directory/directory.port.js';
import type { SourcesService } from '../directory/sources.service.js';
import { AppError, SourceError, TooManyAttemptsError, ValidationError } from '../errors.js';
import { LocalDay, localText, type LocalText } from '../i18n/local-text.js';
import type { ExpiryCheck } from '../users/account-expiry.js';
import { normalizeUsername } from '../users/username.js';
import type { UsersRepository } from '../users/users.repository.js';
import type { PasswordHasher } from '../passwords/password-hasher.js';
import type { ThrottleService } from './throttle.service.js';

const FAILED = localText('login.failed');
const THROTTLED = localText('login.throttled');
/** The English of the one failure message (the Admin Console's page and the tests compare it). */
export const GENERIC_SIGNIN_FAILURE = String(FAILED);
export const THROTTLED_SIGNIN = String(THROTTLED);

/** What a directory user is told when the directory refuses the account itself. */
export const DIRECTORY_REFUSALS: Record<Exclude<SignInRefusal, 'invalid'>, LocalText> = {
  disabled: localText('login.directory.disabled'),
  locked: localText('login.directory.locked'),
  'password-expired': localText('login.directory.passwordExpired'),
  'account-expired': localText('login.directory.accountExpired'),
  'must-change-password': localText('login.directory.mustChangePassword'),
};

/** A sign-in that did not happen: `text` for a page in its reader's language, `message` in English. */
export class SignInError extends AppError {
  constructor(
    readonly text: LocalText,
    status = 401,
  ) {
    super('signin_failed', status, String(text));
  }
}

export function createAuthService(deps: {
  users: UsersRepository;
  sources: SourcesService;
  throttle: ThrottleService;
  audit: AuditService;
  hasher: PasswordHasher;
  /** Refuses a guest or visitor account past its expiry day; no check when left out. */
  expired?: ExpiryCheck;
}) {
  const { users, sources, throttle, audit, hasher } = deps;

  /**
   * Refuses an expired account whose password, PIN or card was right, saying why: only the
   * account's owner gets this far. Not counted as a failure (the secret was right).
   */
  async function refuseIfExpired(
    user: UserRow,
    attempt: { notCounted(): Promise<void> },
    ip: string,
    method?: string,
  ): Promise<void> {
    const expiredOn = await deps.expired?.(user);
    if (!expiredOn) return;
    await attempt.notCounted();
    await audit.record({
      actor: user.username,
      action: 'signin.refused',
      target: user.username,
      ip,
      details: { reason: 'account-expired', expiryDate: expiredOn, ...(method ? { method } : {}) },
    });
    throw new SignInError(localText('login.expired', { date: new LocalDay(expiredOn) }), 403);
  }
  // A real argon2id hash of a random password, verified when the user does not exist so that
  // response time does not reveal whether an account exists.
  let dummyHash: Promise<string> | null = null;
  // A failed hash is not kept: the next unknown name tries again rather than failing for good.
  const getDummyHash = () =>
    (dummyHash ??= hasher.hash(`dummy-${Math.random()}-${Date.now()}`).catch((error: unknown) => {
      dummyHash = null;
      throw error;
    }));

  /** 'ok', or why the directory refused. Throws SourceError when the directory cannot be asked. */
  async function verifyAgainstSource(
    user: UserRow,
    typed: string,
    password: string,
  ): Promise<'ok' | SignInRefusal> {
    const source = user.source_id === null ? undefined : await sources.findById(user.source_id);
    if (!source) return 'invalid';
    const client = sources.clientFor(source);
    if (!client.canAuthenticate) {
      await hasher.verify(await getDummyHash(), password);
      return 'invalid';
    }
    const outcome = await client.authenticate(typed, password);
    if (!outcome.ok) return outcome.reason;
    return normalizeUsername(outcome.username) === user.username ? 'ok' : 'invalid';
  }

  /** The password of an existing user, checked where it lives (see verifyAgainstSource). */
  async function passwordVerdict(user: UserRow, typed: string, password: string) {
    if (user.source_id !== null) return verifyAgainstSource(user, typed, password);
    return user.password_hash !== null && (await hasher.verify(user.password_hash, password))
      ? 'ok'
      : 'invalid';
  }

  return {
    async signIn(input: { username: string; password: string; ip: string }): Promise<UserRow> {
      // No user's name holds NUL or a broken character (usernames are printable): such a name is
      // simply unknown, and is recorded and throttled in a form both databases can store.
      const username = storableText(normalizeUsername(input.username).slice(0, 200));
      const password = input.password.slice(0, 1024);
      // Counted as a failure before the password is looked at (see throttle.begin).
      const started = await throttle.begin(input.ip, username);
      if ('retryAfter' in started) {
        await audit.record({
          actor: username || '-',
          action: 'signin.throttled',
          target: username,
          ip: input.ip,
        });
        throw new SignInError(THROTTLED, 429);
      }

      const user = username ? await users.findByUsername(username) : undefined;
      let verdict: 'ok' | SignInRefusal = 'invalid';
      try {
        if (!user) await hasher.verify(await getDummyHash(), password);
        else verdict = await passwordVerdict(user, input.username.trim(), password);
      } catch (error) {
        // The directory is down: say so (it is not a wrong password) without counting a failure.
        if (error instanceof SourceError) {
          await started.attempt.notCounted();
          await audit.record({
            actor: username,
            action: 'signin.source_error',
            target: username,
            ip: input.ip,
            details: { error: error.message },
          });
          throw new SignInError(localText('login.directoryUnreachable'), 503);
        }
        throw error;
      }

      // The directory verified the password but refuses the account (Active Directory's bind
      // sub-codes): say why, as Windows would, since only the account's owner gets this far
      // (AD answers "locked out" only for an existing account; an unknown name stays generic).
      if (user && verdict !== 'ok' && verdict !== 'invalid') {
        await audit.record({
          actor: username,
          action: 'signin.refused',
          target: username,
          ip: input.ip,
          details: { reason: verdict },
        });
        // Only a locked account stays counted: the others typed the right password.
        if (verdict !== 'locked') await started.attempt.notCounted();
        throw new SignInError(DIRECTORY_REFUSALS[verdict]);
      }
      const ok = verdict === 'ok';
      // A disabled account fails like a wrong password: the message must not confirm it exists.
      if (!user || !ok || user.disabled) {
        await audit.record({
          actor: username || '-',
          action: 'signin.failure',
          target: username,
          ip: input.ip,
          details: { reason: !user ? 'unknown-user' : !ok ? 'bad-password' : 'disabled' },
        });
        throw new SignInError(FAILED);
      }
      await refuseIfExpired(user, started.attempt, input.ip);
      await started.attempt.succeeded();
      await audit.record({
        actor: user.username,
        action: 'signin.success',
        target: user.username,
        ip: input.ip,
      });
      return user;
    },

    /** Whether confirmPassword can check this user's password (not for single sign-on only). */
    async canConfirmPassword(user: UserRow): Promise<boolean> {
      if (user.source_id === null) return user.password_hash !== null;
      const source = await sources.findById(user.source_id);
      return source !== undefined && sources.clientFor(source).canAuthenticate;
    },

    /**
     * A signed-in user types their password again before a sensitive change (removing a second
     * factor), checked as log-in checks it: against the hash, or the user's directory source.
     * Throttled under the account like log-in, so a browser left signed in gives no more guesses
     * than the log-in page; a wrong one is audited as a failed log-in. Throws ValidationError on
     * `currentPassword`, or TooManyAttemptsError.
     */
    async confirmPassword(user: UserRow, password: string, actor: Actor): Promise<void> {
      if (password === '')
        throw new ValidationError({ currentPassword: localText('problem.password.enterCurrent') });
      const event = { actor: user.username, target: user.username, ip: actor.ip };
      const step = 'confirm-password';
      const started = await throttle.begin(actor.ip, user.username);
      if ('retryAfter' in started) {
        await audit.record({ ...event, action: 'signin.throttled', details: { step } });
        throw new TooManyAttemptsError(started.retryAfter);
      }
      let verdict: 'ok' | SignInRefusal;
      try {
        verdict = await passwordVerdict(user, user.username, password.slice(0, 1024));
      } catch (error) {
        if (!(error instanceof SourceError)) throw error;
        await started.attempt.notCounted();
        throw new ValidationError({ currentPassword: localText('login.directoryUnreachable') });
      }
      // Only a wrong password (or a locked account) stays counted, as at log-in.
      if (verdict !== 'invalid' && verdict !== 'locked') await started.attempt.notCounted();
      if (verdict === 'ok') return;
      const reason = verdict === 'invalid' ? 'bad-password' : verdict;
      await audit.record({ ...event, action: 'signin.failure', details: { step, reason } });
      throw new ValidationError({
        currentPassword:
          verdict === 'invalid' ? localText('problem.password.currentWrong') : DIRECTORY_REFUSALS[verdict],
      });
    },

    /**
     * Sign-in at a release station by card/ID number (either of the user's two) and PIN. Throttled
     * like `signIn`, under the typed number (`/card/<number>`: no username holds "/", so a card
     * never shares a counter with an account); the same argon2id work and the same one message
     * whether the card is unknown, has no PIN, the PIN is wrong or the user is disabled.
     */
    async signInByCard(input: { card: string; pin: string; ip: string }): Promise<UserRow> {
      const card = storableText(input.card.trim().slice(0, 200));
      const pin = input.pin.slice(0, 1024);
      const started = await throttle.begin(input.ip, `/card/${card}`);
      if ('retryAfter' in started) {
        await audit.record({
          actor: '-',
          action: 'signin.throttled',
          target: '',
          ip: input.ip,
          details: { method: 'card' },
        });
        throw new SignInError(THROTTLED, 429);
      }
      const user = card ? await users.findByAnyCard(card) : undefined;
      const hash = user?.card_pin_hash ?? null;
      // The dummy hash when there is no PIN to check: the time taken says nothing about the card.
      const ok = hash !== null && pin !== '' ? await hasher.verify(hash, pin) : false;
      if (hash === null || pin === '') await hasher.verify(await getDummyHash(), pin);
      if (!user || !ok || user.disabled) {
        const reason = !user ? 'unknown-card' : hash === null ? 'no-pin' : !ok ? 'bad-pin' : 'disabled';
        await audit.record({
          actor: user?.username ?? '-',
          action: 'signin.failure',
          target: user?.username ?? '',
          ip: input.ip,
          details: { method: 'card', reason },
        });
        throw new SignInError(FAILED);
      }
      await refuseIfExpired(user, started.attempt, input.ip, 'card');
      await started.attempt.succeeded();
      await audit.record({
        actor: user.username,
        action: 'signin.success',
        target: user.username,
        ip: input.ip,
        details: { method: 'card' },
      });
      return user;
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
