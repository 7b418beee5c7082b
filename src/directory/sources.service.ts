/**
 * Directory sources: adding them, listing them, and building the client that talks to each.
 * A data table maps each kind to its client factory and its display name.
 *
 *   const source = await sources.addCustom({ name: 'Corporate Directory', program: '/opt/dir/users.sh' }, actor);
 *   const client = sources.clientFor(source);
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import type { AuditService } from '../audit/audit.service.js';
import type { SourceRow } from '../db/schema.js';
import { ValidationError } from '../errors.js';
import type { Clock } from '../ports.js';
import { normalizeUsername } from '../users/username.js';
import type { Actor } from '../users/users.service.js';
import { createCustomProgramClient } from './custom-program.client.js';
import type { DirectoryClient } from './directory.port.js';
import type { SourcesRepository } from './sources.repository.js';

export interface CustomSourceConfig {
  program: string;
  authProgram: string | null;
}

const CLIENT_FACTORIES: Record<string, (config: unknown) => DirectoryClient> = {
  custom: (config) => {
    const c = config as CustomSourceConfig;
    const client = createCustomProgramClient({ program: c.program, authProgram: c.authProgram });
    // The protocol has no immutable id; the (case-insensitive) username is the identity.
    return { ...client, canAuthenticate: client.canAuthenticate, listUsers: async () => (await client.listUsers()).map((u) => ({ ...u, externalId: normalizeUsername(u.username) })) };
  },
};

export const SOURCE_KIND_LABELS: Record<string, string> = {
  custom: 'Custom program',
};

function executableProblem(file: string): string | null {
  if (!path.isAbsolute(file)) return 'Give the absolute path of the program.';
  try {
    if (!statSync(file).isFile()) return 'This path is not a file.';
    accessSync(file, constants.X_OK);
    return null;
  } catch {
    return 'No executable program at this path (check that it exists and is executable by the server).';
  }
}

export function createSourcesService(deps: { sources: SourcesRepository; audit: AuditService; clock: Clock }) {
  const { sources, audit, clock } = deps;
  return {
    list: () => sources.list(),
    findById: (id: number) => sources.findById(id),
    findByName: (name: string) => sources.findByName(name.trim()),

    /** id → name, for presenting users. */
    async names(): Promise<Map<number, string>> {
      return new Map((await sources.list()).map((s) => [s.id, s.name]));
    },

    async addCustom(input: { name: string; program: string; authProgram?: string | null }, actor: Actor): Promise<SourceRow> {
      const fields: Record<string, string> = {};
      const name = input.name.trim();
      if (name === '') fields.name = 'Enter a name for the source, such as "Corporate Directory".';
      else if (name.length > 100) fields.name = 'The name is at most 100 characters.';
      else if (await sources.findByName(name)) fields.name = `A source named "${name}" already exists.`;
      const program = input.program.trim();
      const programProblem = executableProblem(program);
      if (programProblem) fields.program = programProblem;
      const authProgram = input.authProgram?.trim() || null;
      if (authProgram) {
        const authProblem = executableProblem(authProgram);
        if (authProblem) fields.authProgram = authProblem;
      }
      if (Object.keys(fields).length > 0) throw new ValidationError(fields);
      const config: CustomSourceConfig = { program, authProgram };
      const row = await sources.insert({ name, kind: 'custom', config: JSON.stringify(config), created_at: clock.now().toISOString() });
      await audit.record({ actor: actor.username, action: 'source.create', target: name, ip: actor.ip, details: { kind: 'custom', program, authProgram } });
      return row;
    },

    clientFor(source: SourceRow): DirectoryClient {
      const factory = CLIENT_FACTORIES[source.kind];
      if (!factory) throw new Error(`Unknown source kind ${source.kind}`);
      return factory(JSON.parse(source.config));
    },
  };
}

export type SourcesService = ReturnType<typeof createSourcesService>;
