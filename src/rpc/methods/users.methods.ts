/**
 * PaperCut's user methods: existence, counts and lists, properties, adding (internal or from a
 * directory source), renaming, deleting, look-ups by card/ID, email or name, admin rights.
 */
import { ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import { localText } from '../../i18n/local-text.js';
import type { UserRow } from '../../db/schema.js';
import { normalizeUsername } from '../../users/username.js';
import type { ApiContext, ApiMethod } from '../papercut-call.js';
import { b, bool, int, listLimit, n, propertyNames, propertyPairs, s, str } from './args.js';
import { checkSettable, getProperty, setProperty } from './user-properties.js';

/** Reads each source until it lists the name (PaperCut's addNewUser): fine for one user, a sync is better for many. */
async function addFromDirectory(context: ApiContext, username: string): Promise<void> {
  const { sources, users } = context.services;
  const wanted = normalizeUsername(username);
  if (await users.findByUsername(wanted)) throw new ConflictError(`A user named "${wanted}" already exists.`);
  for (const source of await sources.list()) {
    for await (const page of sources.clientFor(source).users()) {
      const entry = page.find((candidate) => normalizeUsername(candidate.username) === wanted);
      if (entry) {
        await users.addFromDirectory(source, entry, context.actor);
        return;
      }
    }
  }
  throw new NotFoundError(`No directory source lists a user named "${wanted}".`);
}

/** addNewInternalUser's optional welcome message; like every message, it never waits for the mail server. */
async function sendWelcome(context: ApiContext, user: UserRow): Promise<void> {
  const { organizationName } = await context.services.settings.get();
  void context.services.mail.send({
    to: user.email,
    language: user.language,
    subject: localText('mail.welcome.subject', { organization: organizationName }),
    paragraphs: [localText('mail.welcome.body', { username: user.username })],
    link: { label: localText('mail.welcome.link'), url: `${context.publicUrl}/user/login` },
  });
}

export const USER_METHODS: ApiMethod[] = [
  {
    name: 'api.isUserExists',
    params: [str('username')],
    run: async (c, [u]) => (await c.services.users.findByUsername(s(u))) !== undefined,
  },
  { name: 'api.getTotalUsers', params: [], run: async (c) => c.services.users.count() },
  {
    name: 'api.listUserAccounts',
    params: [int('offset'), int('limit')],
    run: async (c, [o, l]) => c.services.users.usernames(n(o), listLimit(n(l))),
  },
  {
    name: 'api.getUserProperty',
    params: [str('username'), str('propertyName')],
    run: async (c, [u, p]) => getProperty(c, await c.services.users.requireUser(s(u)), s(p)),
  },
  {
    name: 'api.getUserProperties',
    params: [str('username'), { name: 'propertyNames', type: 'array' }],
    run: async (c, [u, names]) => {
      const user = await c.services.users.requireUser(s(u));
      return Promise.all(propertyNames(names).map((name) => getProperty(c, user, name)));
    },
  },
  {
    name: 'api.setUserProperty',
    params: [str('username'), str('propertyName'), str('propertyValue')],
    run: async (c, [u, p, v]) => {
      await setProperty(c, s(u), s(p), s(v));
      return true;
    },
  },
  {
    name: 'api.setUserProperties',
    params: [str('username'), { name: 'propertyNamesAndValues', type: 'array' }],
    run: async (c, [u, pairs]) => {
      const list = propertyPairs(pairs);
      const user = await c.services.users.requireUser(s(u));
      // Checked first, so that one unknown name changes nothing.
      for (const [name] of list) checkSettable(name);
      for (const [name, value] of list) await setProperty(c, user.username, name, value);
      return true;
    },
  },
  {
    name: 'api.addNewUser',
    params: [str('username')],
    run: async (c, [u]) => {
      await addFromDirectory(c, s(u));
      return true;
    },
  },
  {
    name: 'api.addNewInternalUser',
    params: [
      str('username'),
      str('password'),
      str('fullName'),
      str('email'),
      str('cardId'),
      str('pin'),
      bool('sendEmail', true),
    ],
    run: async (c, [u, password, fullName, email, cardId, pin, sendEmail]) => {
      // Checked first: a refused PIN must not leave a half-made user behind.
      if (s(pin) !== '' && !/^\d{1,16}$/.test(s(pin)))
        throw new ValidationError({ cardPin: 'A card PIN is 1 to 16 digits.' });
      const user = await c.services.users.createInternal(
        {
          username: s(u),
          password: s(password),
          fullName: s(fullName),
          email: s(email),
          cardNumber: s(cardId),
        },
        c.actor,
      );
      if (s(pin) !== '') await c.services.users.setCardPin(user.username, s(pin), c.actor);
      if (b(sendEmail) && user.email !== '') await sendWelcome(c, user);
      return true;
    },
  },
  {
    name: 'api.renameUserAccount',
    params: [str('currentUserName'), str('newUserName')],
    run: async (c, [from, to]) => {
      await c.services.users.rename(s(from), s(to), c.actor);
      return true;
    },
  },
  {
    name: 'api.deleteExistingUser',
    params: [str('username'), bool('redactUserData', true)],
    run: async (c, [u]) => {
      // Quire keeps no print history to redact; the audit log is append-only and keeps the name.
      await c.services.users.delete(s(u), c.actor);
      return true;
    },
  },
  {
    name: 'api.lookUpUserNameByIDNo',
    params: [str('idNo')],
    run: async (c, [id]) =>
      s(id) === '' ? '' : ((await c.services.users.findByPrimaryCard(s(id)))?.username ?? ''),
  },
  {
    name: 'api.lookUpUserNameByCardNo',
    params: [str('cardNo')],
    run: async (c, [card]) =>
      s(card) === '' ? '' : ((await c.services.users.findByAnyCard(s(card)))?.username ?? ''),
  },
  {
    name: 'api.lookUpUserNameByEmail',
    params: [str('email')],
    run: async (c, [email]) =>
      s(email) === '' ? '' : ((await c.services.users.findByEmail(s(email)))?.username ?? ''),
  },
  {
    name: 'api.lookUpUsersByFullName',
    params: [str('fullName')],
    run: async (c, [name]) => (await c.services.users.findByFullName(s(name))).map((u) => u.username),
  },
  {
    name: 'api.addAdminAccessUser',
    params: [str('username')],
    run: async (c, [u]) => {
      await c.services.users.setAdmin(s(u), true, c.actor);
      return true;
    },
  },
  {
    name: 'api.removeAdminAccessUser',
    params: [str('username')],
    run: async (c, [u]) => {
      await c.services.users.setAdmin(s(u), false, c.actor);
      return true;
    },
  },
];
