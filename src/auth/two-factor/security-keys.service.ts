/**
 * Security keys and passkeys (WebAuthn, through @simplewebauthn/server) as a second factor: several
 * per user, each with a name. The challenge of a ceremony is kept per session and taken as it is
 * answered, so each works once; the signature counter must grow (when the key keeps one).
 *
 *   const options = await keys.registrationOptions(user, session.id); // JSON for webauthn.js
 *   await keys.add(user, session.id, 'Blue YubiKey', responseJson, actor);
 */
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { Actor } from '../../audit/actor.js';
import type { AuditService } from '../../audit/audit.service.js';
import type { UserRow } from '../../db/schema.js';
import { ValidationError } from '../../errors.js';
import { localText } from '../../i18n/local-text.js';
import type { Clock, Random } from '../../ports.js';
import type { ThrottleService } from '../throttle.service.js';
import { throttledStep } from './two-factor.service.js';
import type { TwoFactorRepository } from './two-factor.repository.js';

const CHALLENGE_MINUTES = 10;
/** Loaded on first use: most servers never see a security key (and the CLI never does). */
const webauthn = () => import('@simplewebauthn/server');
const MAX_NAME = 60;
/** A refused key, worded by what else the user has: a code to type only with the app. */
const KEY_REFUSED = {
  withApp: localText('secondFactor.keyFailed'),
  keysOnly: localText('secondFactor.keyOnlyFailed'),
};

export interface SecurityKeysDeps {
  repository: TwoFactorRepository;
  audit: AuditService;
  throttle: ThrottleService;
  clock: Clock;
  random: Random;
  rpName: () => Promise<string>;
  /**
   * The relying party ID (QUIRE_WEBAUTHN_RP_ID, by default the public host name), and the origins
   * a ceremony may come from (the public URL's and the trusted ones).
   */
  rpID: string;
  origins: string[];
}

function parseJson<T>(text: string): T | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as T) : undefined;
  } catch {
    return undefined;
  }
}

const transportsOf = (stored: string) => (stored ? stored.split(',') : undefined);

export function createSecurityKeysService(deps: SecurityKeysDeps) {
  const { repository, audit, clock, random } = deps;
  const now = () => clock.now().toISOString();
  const expiry = () => new Date(clock.now().getTime() + CHALLENGE_MINUTES * 60_000).toISOString();

  return {
    /** Options for adding a key (JSON), its challenge kept for `sessionId`. */
    async registrationOptions(user: UserRow, sessionId: string): Promise<string> {
      const existing = await repository.keysOf(user.id);
      const options = await (
        await webauthn()
      ).generateRegistrationOptions({
        rpName: await deps.rpName(),
        rpID: deps.rpID,
        userName: user.username,
        userDisplayName: user.full_name || user.username,
        userID: new TextEncoder().encode(`quire-user-${user.id}`),
        attestationType: 'none',
        excludeCredentials: existing.map((key) => ({
          id: key.credential_id,
          transports: transportsOf(key.transports),
        })),
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
      });
      await repository.saveChallenge(sessionId, options.challenge, expiry());
      return JSON.stringify(options);
    },

    /** Verifies the browser's answer and stores the key under `name`. ValidationError when refused. */
    async add(user: UserRow, sessionId: string, name: string, responseJson: string, actor: Actor) {
      const trimmed = name.trim();
      if (trimmed === '') throw new ValidationError({ name: localText('twoFactor.keys.nameMissing') });
      if (trimmed.length > MAX_NAME)
        throw new ValidationError({ name: localText('twoFactor.keys.nameTooLong') });
      const challenge = await repository.takeChallenge(sessionId, now());
      const response = parseJson<RegistrationResponseJSON>(responseJson);
      const failed = new ValidationError({ name: localText('twoFactor.keys.failed') });
      if (!challenge || !response) throw failed;
      const result = await (
        await webauthn()
      )
        .verifyRegistrationResponse({
          response,
          expectedChallenge: challenge,
          expectedOrigin: deps.origins,
          expectedRPID: deps.rpID,
          requireUserVerification: false,
        })
        .catch(() => undefined);
      if (!result?.verified) throw failed;
      const { credential } = result.registrationInfo;
      await repository.addKey({
        id: random.token(12),
        user_id: user.id,
        name: trimmed,
        credential_id: credential.id,
        public_key: Buffer.from(credential.publicKey).toString('base64url'),
        counter: credential.counter,
        transports: (credential.transports ?? []).join(','),
        created_at: now(),
        last_used_at: null,
      });
      await audit.record({
        actor: actor.username,
        action: 'twofactor.key.add',
        target: user.username,
        ip: actor.ip,
        details: { name: trimmed },
      });
    },

    /** Options for signing in with one of the user's keys (JSON), or undefined when they have none. */
    async authenticationOptions(user: UserRow, sessionId: string): Promise<string | undefined> {
      const keys = await repository.keysOf(user.id);
      if (keys.length === 0) return undefined;
      const options = await (
        await webauthn()
      ).generateAuthenticationOptions({
        rpID: deps.rpID,
        allowCredentials: keys.map((key) => ({
          id: key.credential_id,
          transports: transportsOf(key.transports),
        })),
        userVerification: 'preferred',
      });
      await repository.saveChallenge(sessionId, options.challenge, expiry());
      return JSON.stringify(options);
    },

    /** The second step with a key. Throws SignInError (throttled like a code) when refused. */
    async verify(user: UserRow, sessionId: string, responseJson: string, ip: string): Promise<void> {
      const hasApp = (await repository.totpOf(user.id))?.confirmed_at != null;
      const refused = hasApp ? KEY_REFUSED.withApp : KEY_REFUSED.keysOnly;
      const check = async (): Promise<boolean> => {
        const challenge = await repository.takeChallenge(sessionId, now());
        const response = parseJson<AuthenticationResponseJSON>(responseJson);
        const key = (await repository.keysOf(user.id)).find((k) => k.credential_id === response?.id);
        if (!challenge || !response || !key) return false;
        const result = await (
          await webauthn()
        )
          .verifyAuthenticationResponse({
            response,
            expectedChallenge: challenge,
            expectedOrigin: deps.origins,
            expectedRPID: deps.rpID,
            credential: {
              id: key.credential_id,
              publicKey: Buffer.from(key.public_key, 'base64url'),
              counter: Number(key.counter),
              transports: transportsOf(key.transports),
            },
            requireUserVerification: false,
          })
          .catch(() => undefined);
        if (!result?.verified) return false;
        // A counter that did not grow means a cloned key: refused.
        return repository.useKey(key.id, result.authenticationInfo.newCounter, now());
      };
      await throttledStep(deps, user, ip, 'security-key', check, refused);
    },

    async remove(user: UserRow, id: string, actor: Actor): Promise<boolean> {
      const key = (await repository.keysOf(user.id)).find((k) => k.id === id);
      if (!key || !(await repository.removeKey(user.id, id))) return false;
      await audit.record({
        actor: actor.username,
        action: 'twofactor.key.remove',
        target: user.username,
        ip: actor.ip,
        details: { name: key.name },
      });
      return true;
    },
  };
}

export type SecurityKeysService = ReturnType<typeof createSecurityKeysService>;
