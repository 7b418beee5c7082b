/**
 * The stored configuration of a custom program source and what an administrator types for it:
 * the user/group program and the optional authentication program, both absolute paths.
 *
 *   decodeCustomProgramConfig(JSON.parse(row.config)); // { program: '/opt/hr/users.sh', authProgram: null }
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { fieldProblems, storedConfig } from '../config-reader.js';

export interface CustomProgramConfig {
  program: string;
  authProgram: string | null;
}

export interface CustomProgramInput {
  name: string;
  program: string;
  authProgram?: string | null;
}

export function executableProblem(file: string): string | null {
  if (!path.isAbsolute(file)) return 'Give the absolute path of the program.';
  try {
    if (!statSync(file).isFile()) return 'This path is not a file.';
    accessSync(file, constants.X_OK);
    return null;
  } catch {
    return 'No executable program at this path (check that it exists and is executable by the server).';
  }
}

export function decodeCustomProgramConfig(json: unknown): CustomProgramConfig {
  const stored = storedConfig(json, 'custom program');
  return { program: stored.string('program'), authProgram: stored.nullableString('authProgram') };
}

/** The validated configuration, or a ValidationError naming each bad field. */
export function customProgramConfig(input: CustomProgramInput): CustomProgramConfig {
  const problems = fieldProblems();
  const program = input.program.trim();
  problems.add('program', executableProblem(program));
  const authProgram = input.authProgram?.trim() || null;
  if (authProgram) problems.add('authProgram', executableProblem(authProgram));
  problems.throwIfAny();
  return { program, authProgram };
}
