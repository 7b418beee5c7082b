/**
 * The REST API's schemas: they validate requests (ajv, through Fastify), serialize responses
 * (fast-json-stringify keeps only the fields named here, so nothing else a row holds can reach
 * JSON), generate the OpenAPI document, and give the handlers their types through `Static<>`.
 *
 *   server.get<{ Querystring: UserListQuery }>('/users', { schema: { querystring: UserListQuery, response: { 200: UserPage } } }, …);
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { SOURCE_KINDS } from '../directory/kinds.js';

// ---------------------------------------------------------------------------------------------
// Shared

/** RFC 9457 problem details, plus the stable `code` of src/errors.ts and per-field messages. */
export const Problem = Type.Object(
  {
    type: Type.String({ description: 'A URI naming the kind of problem: `urn:quire:problem:<code>`.' }),
    title: Type.String({ description: 'The HTTP status phrase.' }),
    status: Type.Integer(),
    detail: Type.String({ description: 'What went wrong, readably.' }),
    instance: Type.Optional(Type.String({ description: 'The request path.' })),
    code: Type.String({
      description: 'Stable identifier, e.g. `validation_failed`, `invalid_token`, `conflict`.',
    }),
    errors: Type.Optional(
      Type.Record(Type.String(), Type.String(), {
        description: 'Field name → message, for validation failures.',
      }),
    ),
  },
  { title: 'Problem' },
);
export type Problem = Static<typeof Problem>;

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

export const paging = {
  limit: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_PAGE_SIZE,
      default: DEFAULT_PAGE_SIZE,
      description: `Page size, 1–${MAX_PAGE_SIZE}.`,
    }),
  ),
  cursor: Type.Optional(
    Type.String({ maxLength: 1024, description: 'The `nextCursor` of the previous page; opaque.' }),
  ),
};

/** `{ items, nextCursor }`: `nextCursor` is null on the last page. */
export function Page<T extends TSchema>(item: T, name: string) {
  return Type.Object(
    {
      items: Type.Array(item),
      nextCursor: Type.Union([Type.String(), Type.Null()], {
        description: 'Pass as `?cursor=` for the next page; null on the last page.',
      }),
    },
    { title: name },
  );
}

const BooleanText = Type.Union([Type.Literal('true'), Type.Literal('false')]);

// ---------------------------------------------------------------------------------------------
// Users

export const User = Type.Object(
  {
    id: Type.Integer(),
    username: Type.String(),
    fullName: Type.String(),
    email: Type.String(),
    department: Type.String(),
    office: Type.String(),
    notes: Type.String(),
    cardNumber: Type.String(),
    cardNumber2: Type.String(),
    usernameAlias: Type.Optional(Type.String()),
    homeFolder: Type.Optional(Type.String()),
    otherEmails: Type.Optional(
      Type.String({ description: 'Further addresses from the directory, one per line.' }),
    ),
    hasCardPin: Type.Optional(
      Type.Boolean({ description: 'Whether a card PIN is set; the PIN is never returned.' }),
    ),
    internal: Type.Boolean({
      description: 'true when the password lives in Quire; false for a user synced from a directory source.',
    }),
    source: Type.String({
      description: '"Internal" or the name of the directory source that owns the user.',
    }),
    sourceId: Type.Union([Type.Integer(), Type.Null()]),
    isAdmin: Type.Boolean(),
    disabled: Type.Boolean(),
    mustChangePassword: Type.Boolean(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { title: 'User' },
);
export type User = Static<typeof User>;
export const UserPage = Page(User, 'UserPage');
export type UserPage = Static<typeof UserPage>;

export const UserListQuery = Type.Object(
  {
    ...paging,
    q: Type.Optional(
      Type.String({
        maxLength: 200,
        description:
          'Quick find: a prefix of the username, full name, email or a card number (as in the Admin Console).',
      }),
    ),
    source: Type.Optional(
      Type.String({ maxLength: 100, description: 'A directory source name, or `internal`.' }),
    ),
    disabled: Type.Optional(BooleanText),
  },
  { additionalProperties: false },
);
export type UserListQuery = Static<typeof UserListQuery>;

export const UsernameParams = Type.Object({ username: Type.String({ minLength: 1, maxLength: 200 }) });
export type UsernameParams = Static<typeof UsernameParams>;

const details = {
  fullName: Type.Optional(Type.String({ maxLength: 1000 })),
  email: Type.Optional(Type.String({ maxLength: 1000 })),
  department: Type.Optional(Type.String({ maxLength: 1000 })),
  office: Type.Optional(Type.String({ maxLength: 1000 })),
  notes: Type.Optional(Type.String({ maxLength: 10000 })),
  cardNumber: Type.Optional(Type.String({ maxLength: 1000 })),
  cardNumber2: Type.Optional(Type.String({ maxLength: 1000 })),
};

export const NewUserBody = Type.Object(
  {
    username: Type.String({ maxLength: 200 }),
    password: Type.String({ maxLength: 1024 }),
    ...details,
    isAdmin: Type.Optional(Type.Boolean()),
    mustChangePassword: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, title: 'NewUser' },
);
export type NewUserBody = Static<typeof NewUserBody>;

export const UserPatchBody = Type.Object(
  {
    ...details,
    disabled: Type.Optional(Type.Boolean()),
    admin: Type.Optional(Type.Boolean({ description: 'Grant or revoke Admin Console access.' })),
  },
  {
    additionalProperties: false,
    title: 'UserPatch',
    description:
      'Only the fields given change. Fields a directory source owns (full name, email, department, office, card numbers) are refused for its users.',
  },
);
export type UserPatchBody = Static<typeof UserPatchBody>;

export const PasswordBody = Type.Object(
  {
    password: Type.String({ maxLength: 1024 }),
    mustChangePassword: Type.Optional(
      Type.Boolean({ description: 'The user must choose a new password at next login (default false).' }),
    ),
  },
  { additionalProperties: false, title: 'PasswordChange' },
);
export type PasswordBody = Static<typeof PasswordBody>;

// ---------------------------------------------------------------------------------------------
// Groups

export const Group = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    source: Type.String({
      description: '"Internal" or the name of the directory source the group comes from.',
    }),
    sourceId: Type.Union([Type.Integer(), Type.Null()]),
    memberCount: Type.Integer(),
    createdAt: Type.String(),
  },
  { title: 'Group' },
);
export type Group = Static<typeof Group>;
export const GroupPage = Page(Group, 'GroupPage');
export type GroupPage = Static<typeof GroupPage>;

export const GroupListQuery = Type.Object(
  {
    ...paging,
    q: Type.Optional(
      Type.String({ maxLength: 200, description: 'A prefix of the group name (case-sensitive).' }),
    ),
  },
  { additionalProperties: false },
);
export type GroupListQuery = Static<typeof GroupListQuery>;
export const PageQuery = Type.Object(paging, { additionalProperties: false });
export type PageQuery = Static<typeof PageQuery>;

export const GroupNameParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 300 }) });
export type GroupNameParams = Static<typeof GroupNameParams>;

// ---------------------------------------------------------------------------------------------
// Sources

/** Each kind's own part of a Source (`ldap`, `entra`, `program` …): from the registry, never a secret. */
const KIND_PROPERTIES = Object.fromEntries(
  [...SOURCE_KINDS.values()].flatMap((kind) => Object.entries(kind.api.properties(Type))),
);
const KIND_NAMES = [...SOURCE_KINDS.values()].map((kind) => `\`${kind.name}\` (${kind.label})`).join(', ');

export const Source = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    kind: Type.String({ description: `One of ${KIND_NAMES}.` }),
    kindLabel: Type.String(),
    priority: Type.Integer({ description: '1 = primary, 2 = secondary…' }),
    ...KIND_PROPERTIES,
    missingPolicy: Type.String({
      description: '`keep`, `disable` or `delete`: what a sync does with users the source no longer lists.',
    }),
    maxRemovals: Type.Integer(),
    maxRemovalsPercent: Type.Integer(),
    schedule: Type.String({ description: 'Cron expression; empty for on demand only.' }),
    importDisabled: Type.Boolean(),
    importGroups: Type.Array(Type.String()),
    userCount: Type.Integer(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { title: 'Source' },
);
export type Source = Static<typeof Source>;
export const SourceList = Type.Object({ items: Type.Array(Source) }, { title: 'SourceList' });
export type SourceList = Static<typeof SourceList>;

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) });
export type IdParams = Static<typeof IdParams>;

export const SyncStartBody = Type.Object(
  {
    dryRun: Type.Optional(
      Type.Boolean({ description: 'Report what would change and change nothing (default false).' }),
    ),
  },
  { additionalProperties: false, title: 'SyncStart' },
);
export type SyncStartBody = Static<typeof SyncStartBody>;

// ---------------------------------------------------------------------------------------------
// Sync runs

export const SyncRun = Type.Object(
  {
    id: Type.Integer(),
    sourceId: Type.Integer(),
    source: Type.String(),
    status: Type.Union([
      Type.Literal('running'),
      Type.Literal('succeeded'),
      Type.Literal('failed'),
      Type.Literal('cancelled'),
    ]),
    phase: Type.String({ description: 'What a running run is doing now; empty when it has ended.' }),
    progress: Type.Integer({ description: 'Directory entries read so far.' }),
    dryRun: Type.Boolean(),
    startedAt: Type.String(),
    finishedAt: Type.Union([Type.String(), Type.Null()]),
    actor: Type.String(),
    message: Type.String(),
    thresholdExceeded: Type.Boolean(),
    counts: Type.Object({
      added: Type.Integer(),
      updated: Type.Integer(),
      renamed: Type.Integer(),
      disabled: Type.Integer(),
      deleted: Type.Integer(),
      unchanged: Type.Integer(),
      conflicts: Type.Integer(),
      errors: Type.Integer(),
      missing: Type.Integer(),
      groups: Type.Integer(),
    }),
  },
  { title: 'SyncRun' },
);
export type SyncRun = Static<typeof SyncRun>;
export const SyncRunPage = Page(SyncRun, 'SyncRunPage');
export type SyncRunPage = Static<typeof SyncRunPage>;

export const SyncRunListQuery = Type.Object(
  {
    ...paging,
    source: Type.Optional(Type.String({ maxLength: 100, description: 'A directory source name.' })),
  },
  { additionalProperties: false },
);
export type SyncRunListQuery = Static<typeof SyncRunListQuery>;

// ---------------------------------------------------------------------------------------------
// Audit log

export const AuditEntry = Type.Object(
  {
    id: Type.Integer(),
    at: Type.String(),
    actor: Type.String({ description: 'A username, `api-token:<name>`, `system`, `cli`…' }),
    action: Type.String(),
    target: Type.String(),
    ip: Type.String(),
    details: Type.Record(Type.String(), Type.Unknown()),
  },
  { title: 'AuditEntry' },
);
export type AuditEntry = Static<typeof AuditEntry>;
export const AuditPage = Page(AuditEntry, 'AuditPage');
export type AuditPage = Static<typeof AuditPage>;

export const AuditQuery = Type.Object(
  {
    ...paging,
    user: Type.Optional(
      Type.String({
        maxLength: 200,
        description: 'Entries whose actor or target is this user (or `api-token:<name>`).',
      }),
    ),
    action: Type.Optional(Type.String({ maxLength: 100, description: 'e.g. `user.create`.' })),
    since: Type.Optional(
      Type.String({ maxLength: 40, description: 'ISO 8601 time: only entries at or after it.' }),
    ),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;
