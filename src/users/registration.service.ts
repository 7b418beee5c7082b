/**
 * Self-registration of internal users (off by default; Admin Console → Options). A visitor's
 * registration waits in the registrations table until the link emailed to them is followed; only
 * then is the internal user created. An unverified registration therefore cannot sign in at all —
 * sign-in finds no user and answers with its one generic message.
 *
 *   const { delivered } = await registration.register({ username, fullName, email, password, confirmPassword }, ip, 'de');
 *   const link = await registration.check(token);   // 'valid' | 'invalid' | 'expired' before showing the button
 *   const outcome = await registration.verify(token, ip); // { status: 'verified', username } or why not
 *
 * Names: a registration may never take a name that a user of any kind already has. Every user a
 * directory source provides is a row in `users` after its first sync (kept while disabled or
 * missing), so checking `users` — at registration and again at activation — refuses every name a
 * source holds. A name that a directory gains later meets the existing sync-conflict handling,
 * where the administrator decides. Asking each source live for every attempt is not done: it
 * would let anonymous visitors drive directory queries.
 */
import { storableText } from '../text.js';
import type { AuditService } from '../audit/audit.service.js';
import type { PasswordHasher } from '../passwords/password-hasher.js';
import { AppError, NotFoundError, ValidationError } from '../errors.js';
import type { MailService } from '../mail/mail.service.js';
import { sha256, type Clock, type Random } from '../ports.js';
import { registrationDomains, type Options, type SettingsService } from '../settings/settings.service.js';
import { passwordProblem, policyFor } from '../passwords/password-policy.js';
import { localText, type Problem } from '../i18n/local-text.js';
import type { RegistrationRepository } from './registration.repository.js';
import { lookalikeProblem, newUsernameProblem, normalizeNewUsername } from './username.js';
import type { UsersRepository } from './users.repository.js';
import { cleanDetails, detailsToRow, newUserRow } from './user-details.js';

export interface RegistrationInput {
  username: string;
  fullName: string;
  email: string;
  password: string;
  confirmPassword: string;
}

export type VerifyOutcome =
  { status: 'verified'; username: string } | { status: 'invalid' | 'expired' | 'taken' };

/** Too many registrations from one address: 429, a page that says to try later. */
export class RegistrationLimited extends AppError {
  constructor() {
    super(
      'rate_limited',
      429,
      'Too many accounts have been registered from your network recently. Please try again in an hour.',
    );
  }
}

/** 32 random bytes: 256 bits, well above the 120 the link must resist guessing with. */
const TOKEN_BYTES = 32;
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;
const LINK_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** Registrations per source address per hour; enough for a classroom behind one NAT to retry. */
export const REGISTRATIONS_PER_ADDRESS_PER_HOUR = 10;
const HOUR_MS = 60 * 60 * 1000;

/** Why an email address may not register: none given, or outside the allowed domains. */
function emailProblem(email: string, options: Options): Problem | undefined {
  if (email === '') return localText('problem.register.enterEmail');
  const domains = registrationDomains(options);
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  if (domains.length === 0 || domains.includes(domain)) return undefined;
  return domains.length === 1
    ? localText('problem.register.emailDomain', { domain: domains[0]! })
    : localText('problem.register.emailDomains', { domains: domains.join(', ') });
}

export function createRegistrationService(deps: {
  registrations: RegistrationRepository;
  users: UsersRepository;
  settings: SettingsService;
  mail: MailService;
  audit: AuditService;
  hasher: PasswordHasher;
  clock: Clock;
  random: Random;
  publicUrl: string;
}) {
  const { registrations, users, settings, mail, audit, hasher, clock, random } = deps;

  /** Registration switched off looks like no registration at all. */
  async function requireEnabled() {
    const options = await settings.get();
    if (!options.selfRegistration) throw new NotFoundError('There is no page at this address.');
    return options;
  }

  const taken = (username: string) => localText('problem.register.taken', { username });

  /** Every problem with the form (empty when none), and the cleaned values. */
  async function validate(input: RegistrationInput, options: Options) {
    const fields: Record<string, Problem> = {};
    const username = normalizeNewUsername(input.username);
    const usernameError = newUsernameProblem(username);
    if (usernameError) fields.username = usernameError;
    const details = cleanDetails({ fullName: input.fullName, email: input.email }, fields);
    if (!fields.fullName && !details.fullName) fields.fullName = localText('problem.register.enterFullName');
    const email = details.email ?? '';
    if (!fields.email) {
      const emailError = emailProblem(email, options);
      if (emailError) fields.email = emailError;
    }
    const problem = passwordProblem(input.password, policyFor(options, username));
    if (problem) fields.password = problem;
    if (input.confirmPassword !== input.password)
      fields.confirmPassword = localText('problem.password.mismatch');
    if (!fields.username && (await users.findByUsername(username))) fields.username = taken(username);
    if (!fields.username) {
      const lookalike = await users.findLookalike(username);
      if (lookalike) fields.username = lookalikeProblem(lookalike);
    }
    return { fields, username, fullName: details.fullName ?? '', email };
  }

  /**
   * Records a refused attempt as an already used registration with a token nobody knows, so
   * refused attempts count toward the limit too.
   */
  async function recordRefused(username: string, ip: string, now: Date) {
    await registrations.insert({
      token_hash: sha256(random.token(TOKEN_BYTES)),
      username: storableText(username),
      full_name: '',
      email: '',
      password_hash: '',
      ip,
      created_at: now.toISOString(),
      expires_at: now.toISOString(),
      used_at: now.toISOString(),
    });
  }

  /** Emails the verification link; false when the mail server did not accept the message. */
  function mailLink(link: {
    email: string;
    language: string | undefined;
    username: string;
    token: string;
    organization: string;
  }): Promise<boolean> {
    const { username, token, organization } = link;
    return mail.send({
      to: link.email,
      language: link.language,
      subject: localText('mail.register.subject', { organization }),
      paragraphs: [
        localText('mail.register.body', { organization, username }),
        localText('mail.register.open'),
        localText('mail.register.ignore'),
      ],
      link: {
        label: localText('mail.register.link'),
        url: `${deps.publicUrl.replace(/\/$/, '')}/user/register/verify/${token}`,
      },
    });
  }

  return {
    /** Whether the Log in page offers "Register". */
    enabled: async () => (await settings.get()).selfRegistration,

    /**
     * Validates, stores the pending registration and emails its link, in `language` (the page the
     * visitor registered on; else the organisation's default). `delivered` is false when the
     * mail server did not accept the message; the registration is then dropped so the visitor can
     * simply try again.
     */
    async register(
      input: RegistrationInput,
      ip: string,
      language?: string,
    ): Promise<{ delivered: boolean; email: string }> {
      const options = await requireEnabled();
      const now = clock.now();
      const since = new Date(now.getTime() - HOUR_MS).toISOString();
      // Counted before validation so that probing for taken names is limited as well.
      if ((await registrations.countFromAddressSince(ip, since)) >= REGISTRATIONS_PER_ADDRESS_PER_HOUR)
        throw new RegistrationLimited();

      const { fields, username, fullName, email } = await validate(input, options);
      if (Object.keys(fields).length > 0) {
        await recordRefused(username, ip, now);
        throw new ValidationError(fields);
      }

      await registrations.deleteExpiredBefore(new Date(now.getTime() - LINK_LIFETIME_MS).toISOString());
      const token = random.token(TOKEN_BYTES);
      const tokenHash = sha256(token);
      await registrations.insert({
        token_hash: tokenHash,
        username,
        full_name: fullName,
        email,
        password_hash: await hasher.hash(input.password),
        ip,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + LINK_LIFETIME_MS).toISOString(),
        used_at: null,
      });
      // No user yet, so no stored choice: the language the visitor read the form in.
      const delivered = await mailLink({
        email,
        language,
        username,
        token,
        organization: options.organizationName,
      });
      if (!delivered) await registrations.delete(tokenHash);
      await audit.record({
        actor: username,
        action: 'user.register',
        target: username,
        ip,
        details: { emailDomain: email.slice(email.lastIndexOf('@') + 1), delivered },
      });
      return { delivered, email };
    },

    /** Says whether a link can still be used, without using it (for the confirmation page). */
    async check(token: string): Promise<'valid' | 'invalid' | 'expired'> {
      await requireEnabled();
      if (!TOKEN_FORMAT.test(token)) return 'invalid';
      const row = await registrations.findByTokenHash(sha256(token));
      if (!row || row.used_at !== null) return 'invalid';
      return row.expires_at <= clock.now().toISOString() ? 'expired' : 'valid';
    },

    /** Uses the link: creates the internal user. Every outcome is a result, never an error page. */
    async verify(token: string, ip: string): Promise<VerifyOutcome> {
      await requireEnabled();
      if (!TOKEN_FORMAT.test(token)) return { status: 'invalid' };
      const now = clock.now().toISOString();
      const row = await registrations.take(sha256(token), now);
      if (!row) return { status: 'invalid' };
      if (row.expires_at <= now) return { status: 'expired' };
      // Checked again: a sync or an administrator may have given the name away since.
      if (await users.findByUsername(row.username)) return { status: 'taken' };
      try {
        await users.insert(
          newUserRow(row.username, now, {
            ...detailsToRow({ fullName: row.full_name, email: row.email }),
            password_hash: row.password_hash,
          }),
        );
      } catch (error) {
        // Two links for one name followed at once: the unique index decides.
        if (await users.findByUsername(row.username)) return { status: 'taken' };
        throw error;
      }
      await audit.record({ actor: row.username, action: 'user.register.verified', target: row.username, ip });
      return { status: 'verified', username: row.username };
    },
  };
}

export type RegistrationService = ReturnType<typeof createRegistrationService>;
