/**
 * Administrator-editable options with their defaults. Values live in the database so every server
 * on it agrees; reads are cached for two seconds.
 *
 *   const { organizationName } = await settings.get();
 */
import { ValidationError } from '../errors.js';
import type { Clock } from '../ports.js';
import { DEFAULT_MIN_PASSWORD_LENGTH, MAX_MIN_PASSWORD_LENGTH } from '../users/password-policy.js';
import type { SettingsRepository } from './settings.repository.js';

export interface Options {
  organizationName: string;
  /** Shown to standard users and on "Forgot your password?": where to get help. */
  passwordHelpText: string;
  minPasswordLength: number;
}

export const DEFAULT_OPTIONS: Options = {
  organizationName: 'Quire',
  passwordHelpText: 'Contact your IT department for help with your password.',
  minPasswordLength: DEFAULT_MIN_PASSWORD_LENGTH,
};

const OPTION_KEYS = Object.keys(DEFAULT_OPTIONS) as (keyof Options)[];
const CACHE_MS = 2000;

export function createSettingsService(repository: SettingsRepository, clock: Clock) {
  let cache: { at: number; options: Options } | null = null;

  async function get(): Promise<Options> {
    const now = clock.now().getTime();
    if (cache && now - cache.at < CACHE_MS) return cache.options;
    const stored = await repository.all();
    const options = { ...DEFAULT_OPTIONS };
    for (const key of OPTION_KEYS) {
      const raw = stored[`option.${key}`];
      if (raw !== undefined) (options as Record<string, unknown>)[key] = JSON.parse(raw);
    }
    cache = { at: now, options: Object.freeze(options) };
    return cache.options;
  }

  return {
    get,
    /** Validates and stores options; returns the stored values. */
    async update(input: { organizationName: string; passwordHelpText: string; minPasswordLength: string | number }): Promise<Options> {
      const fields: Record<string, string> = {};
      const organizationName = input.organizationName.trim();
      if (organizationName === '') fields.organizationName = 'Enter the organisation name.';
      else if (organizationName.length > 100) fields.organizationName = 'The organisation name is at most 100 characters.';
      const passwordHelpText = input.passwordHelpText.trim();
      if (passwordHelpText.length > 2000) fields.passwordHelpText = 'The help text is at most 2,000 characters.';
      const min = Number(input.minPasswordLength);
      if (!Number.isInteger(min) || min < 1 || min > MAX_MIN_PASSWORD_LENGTH) {
        fields.minPasswordLength = `Enter a whole number from 1 to ${MAX_MIN_PASSWORD_LENGTH}.`;
      }
      if (Object.keys(fields).length > 0) throw new ValidationError(fields);
      const options: Options = { organizationName, passwordHelpText, minPasswordLength: min };
      for (const key of OPTION_KEYS) await repository.set(`option.${key}`, JSON.stringify(options[key]));
      cache = null;
      return options;
    },
    /** Raw internal flags (setup state); not cached, since they guard security decisions. */
    getFlag: (key: string) => repository.get(key),
    setFlag: (key: string, value: string) => repository.set(key, value),
    deleteFlag: (key: string) => repository.delete(key),
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
