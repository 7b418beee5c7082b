/**
 * PaperCut's `api.getConfigValue` / `api.setConfigValue` for the advanced-config keys that have a
 * meaning in Quire (docs/cli.md lists them). PaperCut's example custom user programs start with
 *
 *   proxy.api.getConfigValue(auth, 'user-source.update-user-details-card-id')
 *
 * and stop when the method is unknown. A key is looked up only in CONFIG_KEYS (a Map); any other
 * name, `constructor` included, is an unknown key. Values are checked as the Options page checks
 * them, and every change is audited as `options.update`, like a change made on that page.
 */
import { ValidationError } from '../../errors.js';
import type { OptionsInput } from '../../settings/settings.service.js';
import { ApiCallError, type ApiContext, type ApiMethod } from '../papercut-call.js';
import { s, str } from './args.js';

interface ConfigKey {
  get(context: ApiContext): Promise<string>;
  /** Stores the value after checking it; throws ApiCallError naming the key when it is refused. */
  set(context: ApiContext, value: string): Promise<void>;
  /** Settable over XML-RPC; otherwise only with `quire server-command set-config` on the server. */
  remote: boolean;
}

/** Where the Y/N flag is kept in the settings table (not an Options-page field). */
const CARD_ID_FLAG = 'papercut.user-source.update-user-details-card-id';

/**
 * Y (Quire's behaviour, and the default): a sync takes the card/ID numbers from the source, so a
 * custom program should print its long form (card numbers, other emails, secondary card). Quire
 * stores N and answers it, so a program prints the short form, but its sync still copies whatever
 * the source gives (an empty card number from a short-form line clears it).
 */
const updateCardId: ConfigKey = {
  get: async (c) => (await c.services.settings.getFlag(CARD_ID_FLAG)) ?? 'Y',
  async set(c, value) {
    const flag = value.trim().toUpperCase();
    if (flag !== 'Y' && flag !== 'N')
      throw new ApiCallError(
        `user-source.update-user-details-card-id takes Y or N, not "${value.slice(0, 100)}".`,
      );
    await c.services.settings.setFlag(CARD_ID_FLAG, flag);
  },
  remote: true,
};

/** A key that is one field of the Options page, validated by the same settings.update. */
function option(
  key: 'minPasswordLength' | 'webServicesAllowedAddresses',
  name: string,
  remote: boolean,
): ConfigKey {
  return {
    get: async (c) => String((await c.services.settings.get())[key]),
    async set(c, value) {
      try {
        await c.services.settings.update({ [key]: value } satisfies OptionsInput);
      } catch (error) {
        if (error instanceof ValidationError)
          throw new ApiCallError(`${name}: ${Object.values(error.fields).join(' ')}`);
        throw error;
      }
    },
    remote,
  };
}

export const CONFIG_KEYS: ReadonlyMap<string, ConfigKey> = new Map([
  ['user-source.update-user-details-card-id', updateCardId],
  [
    'internal-users.password-length-min',
    option('minPasswordLength', 'internal-users.password-length-min', true),
  ],
  // Not over XML-RPC: a token must not be able to widen the list of addresses it may be used from.
  [
    'auth.webservices.allowed-addresses',
    option('webServicesAllowedAddresses', 'auth.webservices.allowed-addresses', false),
  ],
]);

function configKey(name: string): ConfigKey {
  const key = CONFIG_KEYS.get(name);
  if (!key)
    throw new ApiCallError(
      `Unknown config key "${name.slice(0, 100)}". Known keys: ${[...CONFIG_KEYS.keys()].join(', ')}.`,
    );
  return key;
}

export const CONFIG_METHODS: ApiMethod[] = [
  {
    name: 'api.getConfigValue',
    params: [str('configName')],
    run: async (c, [name]) => configKey(s(name)).get(c),
  },
  {
    name: 'api.setConfigValue',
    params: [str('configName'), str('configValue')],
    run: async (c, [rawName, rawValue]) => {
      const name = s(rawName);
      const value = s(rawValue);
      const key = configKey(name);
      if (!key.remote && !c.local)
        throw new ApiCallError(
          `${name} can be changed only in the Admin Console (Options) or with quire server-command set-config on the server.`,
        );
      const before = await key.get(c);
      await key.set(c, value);
      const after = await key.get(c);
      await c.services.audit.record({
        actor: c.actor.username,
        action: 'options.update',
        target: name,
        ip: c.actor.ip,
        details: { changed: [name], before, after },
      });
      return true;
    },
  },
];
