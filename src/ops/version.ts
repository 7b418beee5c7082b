/**
 * This release's version, from package.json (one place: `quire --version`, backups, the
 * operations page and the server-instances table all say the same).
 *
 *   QUIRE_VERSION; // '0.1.0'
 */
import { readFileSync } from 'node:fs';

export const QUIRE_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
