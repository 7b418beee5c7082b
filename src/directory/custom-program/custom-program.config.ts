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
  /** Arguments given to the user program before the protocol's own ("- all-users"). */
  programArgs: string[];
  authProgram: string | null;
  /** Arguments given to the authentication program. */
  authProgramArgs: string[];
}

export interface CustomProgramInput {
  name: string;
  program: string;
  programArgs?: string[];
  authProgram?: string | null;
  authProgramArgs?: string[];
}

const MAX_ARGS = 32;
const MAX_ARG_LENGTH = 1000;

/** Arguments are passed as they are, one argv element each (never through a shell). */
function argumentsProblem(args: string[]): string | null {
  if (args.length > MAX_ARGS) return `Give at most ${MAX_ARGS} arguments.`;
  if (args.some((arg) => arg.length > MAX_ARG_LENGTH))
    return `An argument is at most ${MAX_ARG_LENGTH} characters.`;
  if (args.some((arg) => arg.includes('\u0000'))) return 'An argument cannot contain a NUL character.';
  return null;
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
  return {
    program: stored.string('program'),
    programArgs: stored.strings('programArgs', []),
    authProgram: stored.nullableString('authProgram'),
    authProgramArgs: stored.strings('authProgramArgs', []),
  };
}

/** The validated configuration, or a ValidationError naming each bad field. */
export function customProgramConfig(input: CustomProgramInput): CustomProgramConfig {
  const problems = fieldProblems();
  const program = input.program.trim();
  problems.add('program', executableProblem(program));
  const programArgs = input.programArgs ?? [];
  problems.add('programArgs', argumentsProblem(programArgs));
  const authProgram = input.authProgram?.trim() || null;
  if (authProgram) problems.add('authProgram', executableProblem(authProgram));
  // Without an authentication program its arguments mean nothing: they are not kept.
  const authProgramArgs = authProgram ? (input.authProgramArgs ?? []) : [];
  problems.add('authProgramArgs', argumentsProblem(authProgramArgs));
  problems.throwIfAny();
  return { program, programArgs, authProgram, authProgramArgs };
}
