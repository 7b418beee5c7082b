/** Tables of two-factor sign-in (migration 20261208T150000-two-factor). */
import type { Generated, Selectable } from 'kysely';

export interface TwoFactorTotpTable {
  user_id: number;
  secret: string;
  confirmed_at: string | null;
  last_step: number | null;
  created_at: string;
}

export interface TwoFactorRecoveryCodesTable {
  /** SHA-256 (hex) of the code as shown, without its dashes. */
  code_hash: string;
  user_id: number;
  created_at: string;
  used_at: string | null;
}

export interface TwoFactorKeysTable {
  id: string;
  user_id: number;
  name: string;
  credential_id: string;
  public_key: string;
  counter: Generated<number>;
  transports: Generated<string>;
  created_at: string;
  last_used_at: string | null;
}

export interface TwoFactorChallengesTable {
  session_id: string;
  challenge: string;
  expires_at: string;
}

export interface TwoFactorTables {
  two_factor_totp: TwoFactorTotpTable;
  two_factor_recovery_codes: TwoFactorRecoveryCodesTable;
  two_factor_keys: TwoFactorKeysTable;
  two_factor_challenges: TwoFactorChallengesTable;
}

export type TwoFactorKeyRow = Selectable<TwoFactorKeysTable>;
