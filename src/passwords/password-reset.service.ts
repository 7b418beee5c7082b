/**
 * "Forgot your password?" for internal users, after PaperCut and Keycloak: a request by username
 * or email always gets the same answer; an internal, enabled user with an email address gets a
 * single-use link valid for an hour, which lets them choose a new password. Requests are limited
 * per address and per account; a mail server that is down changes nothing the requester sees.
 *
 *   await resets.request('ada@example.org', ip);            // never reveals whether anyone matched
 *   await resets.isValid(token);                              // the reset page's GET
 *   const done = await resets.reset(token, { newPassword, confirmPassword }, ip); // false: link invalid
 *   await resets.sendByAdministrator('ada', 'reset', actor); // the console's button; false: not delivered
 */
import type { Actor } from '../audit/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { UserRow } from '../db/schema.js';
import { ConflictError, ValidationError } from '../errors.js';
import { adminEnglish } from '../i18n/admin-translator.js';
import { localText, type Problem } from '../i18n/local-text.js';
import type { MailService } from '../mail/mail.service.js';
import { sha256, type Clock, type Random } from '../ports.js';
import type { SessionsService } from '../sessions/sessions.service.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { PasswordsService } from './passwords.service.js';
import type { UsersRepository } from '../users/users.repository.js';
import { normalizeUsername } from '../users/username.js';
import type { PasswordResetRepository } from './password-reset.repository.js';
import type { ThrottleService } from '../auth/throttle.service.js';
import { adminLinkMail, adminLinkProblem, RESET_LINK_MINUTES, type AdminLinkPurpose } from './admin-link.js';

/** Requests per hour before further ones are answered as usual but send nothing. */
export const RESET_LIMITS = { perAccount: 5, perAddress: 20 } as const;
const HOUR_MS = 3_600_000;
/** 256 random bits as base64url: 43 characters. */
const TOKEN_BYTES = 32;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface PasswordResetDeps {
  resets: PasswordResetRepository;
  users: UsersRepository;
  sessions: SessionsService;
  settings: Pick<SettingsService, 'get'>;
  audit: AuditService;
  passwords: Pick<PasswordsService, 'problem' | 'store'>;
  throttle: Pick<ThrottleService, 'clearAccount'>;
  mail: Pick<MailService, 'send' | 'isConfigured'>;
  clock: Clock;
  random: Random;
  /** The configured public URL, which links in messages start with. */
  publicUrl: string;
}

/** Why no link was sent, for the audit log only (the requester never sees it). */
type Skipped = 'no match' | 'ambiguous email' | 'standard user' | 'no email' | 'disabled' | 'rate limited';

/** A token as it can appear in a link: anything else is refused before any look-up. */
export function isTokenShaped(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}

export function createPasswordResetService(deps: PasswordResetDeps) {
  const { resets, users, sessions, settings, audit, passwords, throttle, mail, clock, random } = deps;

  async function findAccount(identifier: string): Promise<UserRow | 'ambiguous' | undefined> {
    const typed = identifier.trim();
    if (typed === '' || typed.length > 254) return undefined;
    // Usernames never contain "@", so an "@" means an email address. One query either way.
    if (typed.includes('@')) {
      const matches = await resets.internalUsersByEmail(typed.toLowerCase());
      return matches.length > 1 ? 'ambiguous' : matches[0];
    }
    return users.findByUsername(normalizeUsername(typed));
  }

  function skipReason(user: UserRow | 'ambiguous' | undefined): Skipped | null {
    if (user === undefined) return 'no match';
    if (user === 'ambiguous') return 'ambiguous email';
    if (user.source_id !== null) return 'standard user';
    if (user.disabled) return 'disabled';
    if (user.email.trim() === '') return 'no email';
    return null;
  }

  /** Stores a new link for the user, replacing older ones. */
  async function issueLink(user: UserRow, token: string, minutes: number, now: Date): Promise<void> {
    await resets.replaceForUser(user.id, {
      tokenHash: sha256(token),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + minutes * 60_000).toISOString(),
    });
  }

  const linkUrl = (token: string) => `${deps.publicUrl}/user/reset-password/${token}`;

  return {
    /**
     * Handles a "Forgot your password?" request. Does the same work whoever matches — a look-up,
     * the rate-limit count, a token, an audit record — and never waits for the mail server, so
     * neither the answer nor its timing tells whether an account exists.
     */
    async request(identifier: string, ip: string): Promise<void> {
      const now = clock.now();
      const account = await findAccount(identifier);
      const user = typeof account === 'object' ? account : undefined;
      const accountKey = user ? `user:${user.id}` : `name:${identifier.trim().toLowerCase().slice(0, 254)}`;
      const counts = await resets.countAndRecord(
        [`ip:${ip}`, accountKey],
        new Date(now.getTime() - HOUR_MS).toISOString(),
        now.toISOString(),
      );
      const limited =
        (counts.get(`ip:${ip}`) ?? 0) >= RESET_LIMITS.perAddress ||
        (counts.get(accountKey) ?? 0) >= RESET_LIMITS.perAccount;
      // Generated for everyone, stored only for a match.
      const token = random.token(TOKEN_BYTES);
      const skipped = skipReason(account) ?? (limited ? 'rate limited' : null);

      if (skipped === null && user) {
        await issueLink(user, token, RESET_LINK_MINUTES, now);
        const { organizationName } = await settings.get();
        // Not awaited: the answer must not wait for (or reveal) a mail server.
        const about = { organization: organizationName, username: user.username };
        void mail.send({
          to: user.email,
          language: user.language,
          subject: localText('mail.reset.subject', about),
          paragraphs: [
            localText('mail.reset.body', { ...about, minutes: RESET_LINK_MINUTES }),
            localText('mail.reset.ignore'),
          ],
          link: {
            label: localText('mail.reset.link'),
            url: linkUrl(token),
          },
        });
      }
      // The typed text is not recorded for unknown names: people sometimes type a password there.
      await audit.record({
        actor: '-',
        action: 'user.password.reset_requested',
        target: user?.username ?? '',
        ip,
        details: { sent: skipped === null, ...(skipped ? { reason: skipped } : {}) },
      });
      await resets.purge(new Date(now.getTime() - HOUR_MS).toISOString());
    },

    /**
     * An administrator's "Send password reset email" (`reset`) or the new user's log-in link
     * (`welcome`, valid longer: the user may not read mail for days). Throws ConflictError when the
     * user cannot get one (see adminLinkProblem). Waits for the mail server and returns whether it
     * took the message, so the console can say so: unlike "Forgot your password?", the answer
     * reveals nothing an administrator cannot already see.
     *
     * Not counted against the user's own hourly limit, and not limited itself: the limit keeps
     * anonymous visitors from flooding a mailbox, while this is a signed-in administrator, every
     * send is audited, and each link replaces the previous one.
     */
    async sendByAdministrator(username: string, purpose: AdminLinkPurpose, actor: Actor): Promise<boolean> {
      const user = await users.findByUsername(normalizeUsername(username));
      if (!user) throw new ConflictError(`There is no user named "${username}".`);
      const problem = adminLinkProblem(
        { internal: user.source_id === null, email: user.email, disabled: user.disabled === 1 },
        await mail.isConfigured(),
      );
      if (problem) throw new ConflictError(adminEnglish.t(problem, { name: user.username }));
      const { minutes, content } = adminLinkMail(purpose);
      const token = random.token(TOKEN_BYTES);
      await issueLink(user, token, minutes, clock.now());
      const { organizationName } = await settings.get();
      const words = content({ organization: organizationName, username: user.username });
      const delivered = await mail.send({
        to: user.email,
        language: user.language,
        ...words,
        link: { ...words.link, url: linkUrl(token) },
      });
      await audit.record({
        actor: actor.username,
        action: 'user.password.link_sent',
        target: user.username,
        ip: actor.ip,
        details: { purpose, delivered, validMinutes: minutes },
      });
      return delivered;
    },

    /** Whether a link can still be used (the reset page shows the form only then). */
    async isValid(token: string): Promise<boolean> {
      if (!isTokenShaped(token)) return false;
      const userId = await resets.peek(sha256(token), clock.now().toISOString());
      if (userId === undefined) return false;
      const user = await users.findById(userId);
      return user !== undefined && user.source_id === null && !user.disabled;
    },

    /**
     * Sets a new password through a link. Throws ValidationError for a password the policy refuses
     * (the link stays usable); returns false when the link is unknown, used, replaced or expired.
     * Ends every session of the user and tells them by email.
     */
    async reset(
      token: string,
      input: { newPassword: string; confirmPassword: string },
      ip: string,
    ): Promise<boolean> {
      if (!isTokenShaped(token)) return false;
      const tokenHash = sha256(token);
      const userId = await resets.peek(tokenHash, clock.now().toISOString());
      const user = userId === undefined ? undefined : await users.findById(userId);
      if (!user || user.source_id !== null || user.disabled) return false;

      const options = await settings.get();
      const fields: Record<string, Problem> = {};
      const problem =
        input.newPassword === ''
          ? localText('problem.password.enterNew')
          : await passwords.problem(user, input.newPassword);
      if (problem) fields.newPassword = problem;
      else if (input.confirmPassword !== input.newPassword)
        fields.confirmPassword = localText('problem.password.mismatch');
      if (Object.keys(fields).length > 0) throw new ValidationError(fields);

      // Taking the link deletes it: of two submissions racing with one link, only one gets here.
      if ((await resets.take(tokenHash, clock.now().toISOString())) !== user.id) return false;
      await passwords.store(user, input.newPassword, { mustChange: false });
      await resets.deleteForUser(user.id);
      const ended = await sessions.destroyAllForUser(user.id);
      // Whoever proved they read the mailbox may sign in at once, whatever a guesser did before.
      await throttle.clearAccount(user.username);
      await audit.record({
        actor: user.username,
        action: 'user.password.reset_by_email',
        target: user.username,
        ip,
        details: { sessionsEnded: ended },
      });
      const about = { organization: options.organizationName, username: user.username };
      void mail.send({
        to: user.email,
        language: user.language,
        subject: localText('mail.passwordChanged.subject', about),
        paragraphs: [
          localText('mail.passwordChanged.body', about),
          localText('mail.notYou', { help: options.passwordHelpText }),
        ],
      });
      return true;
    },
  };
}

export type PasswordResetService = ReturnType<typeof createPasswordResetService>;
