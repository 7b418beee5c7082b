/**
 * `quire source set <name> --<field> <value> …`: changes any setting of a directory source of any
 * kind, driven by the kind's form (kind.ts): the fields are those of its Edit page in the Admin
 * Console, named in kebab case; the rest keep their saved values, and the service checks the
 * whole as it checks a saved form. A secret comes from stdin only (`--<secret>-stdin`), never argv.
 * Without a field it prints the source's fields and their values (never a secret).
 *
 *   quire source set 'HR Directory' --program /opt/hr/users.sh --program-args --config --program-args /etc/hr.conf
 *   printf '%s\n' "$BIND_PW" | quire source set 'Corporate AD' --bind-password-stdin --urls ldaps://dc2.example.org
 *   quire source set 'HR Directory' --name 'Human Resources'
 */
import type { Command } from 'commander';
import type { SourceFormValues } from '../directory/kind.js';
import { sourceKind } from '../directory/kinds.js';
import { NotFoundError } from '../errors.js';
import { cliActor, print, printFields, printable, readFirstLine, withApp } from './io.js';

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const BOOLEANS: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['yes', true],
  ['on', true],
  ['false', false],
  ['no', false],
  ['off', false],
]);

/** The `--field value` pairs after the source's name; a repeated field adds a line (a list field). */
export function parseFieldOptions(
  args: readonly string[],
  values: SourceFormValues,
  secretFields: readonly string[],
): { changes: Map<string, string | boolean>; secrets: string[] } {
  const byOption = new Map(Object.keys(values).map((name) => [kebab(name), name]));
  const secretsByOption = new Map(secretFields.map((name) => [`${kebab(name)}-stdin`, name]));
  const changes = new Map<string, string | boolean>();
  const secrets: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected "${arg}": give each field as --<field> <value>`);
    const [option = '', inline] = arg.slice(2).split(/=(.*)/s, 2);
    const secret = secretsByOption.get(option);
    if (secret !== undefined) {
      secrets.push(secret);
      continue;
    }
    const name = byOption.get(option);
    if (name === undefined)
      throw new Error(
        `this source has no field --${option}; its fields: ${[...byOption.keys(), ...secretsByOption.keys()].map((o) => `--${o}`).join(', ')}`,
      );
    const value = inline ?? args[++i];
    if (value === undefined) throw new Error(`--${option} needs a value`);
    if (typeof values[name] === 'boolean') {
      const flag = BOOLEANS.get(value.toLowerCase());
      if (flag === undefined) throw new Error(`--${option} is yes or no`);
      changes.set(name, flag);
    } else {
      const before = changes.get(name);
      changes.set(name, typeof before === 'string' ? `${before}\n${value}` : value);
    }
  }
  return { changes, secrets };
}

/** The body a browser would post for these values: a ticked checkbox is "on", an unticked one absent. */
function asBody(values: SourceFormValues): Record<string, string> {
  const body: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string') body[name] = value;
    else if (value) body[name] = 'on';
  }
  return body;
}

export function registerSetCommand(source: Command): void {
  source
    .command('set <name>')
    .description(
      'change a source’s settings: --<field> <value> for each field of its Edit page (a list field: repeat it); ' +
        'a secret with --<field>-stdin; without a field, print the fields',
    )
    .allowUnknownOption()
    .allowExcessArguments()
    .helpOption(false)
    .action(async (name: string, _options: unknown, command: Command) => {
      const args = command.args.slice(1);
      await withApp(async ({ services }) => {
        const row = await services.sources.findByName(name);
        if (!row) throw new NotFoundError(`No directory source named "${name}".`);
        const kind = sourceKind(row.kind);
        const { presented } = services.sources.present(row);
        const form = await kind.loadForm();
        const values = form.fromConfig(row.name, presented);
        if (args.length === 0) {
          printFields([
            ...Object.entries(values).map(([field, value]): [string, string] => [
              `--${kebab(field)}`,
              printable(typeof value === 'boolean' ? (value ? 'yes' : 'no') : value.replace(/\n/g, ' | ')),
            ]),
            ...form.secretFields.map((secret): [string, string] => [
              `--${kebab(secret)}-stdin`,
              '(never shown)',
            ]),
          ]);
          return;
        }
        const { changes, secrets } = parseFieldOptions(args, values, form.secretFields);
        if (secrets.length > 1) throw new Error('give one secret at a time: stdin holds one line');
        const body = asBody({ ...values, ...Object.fromEntries(changes) });
        for (const secret of secrets) {
          const line = await readFirstLine();
          if (!line)
            throw new Error(`no ${kebab(secret).replace(/-/g, ' ')} on stdin: write it as the first line`);
          body[secret] = line;
        }
        const input = form.input(form.values(body), body);
        const saved = await services.sources.update(kind, row.id, input, cliActor());
        print(`Saved the settings of "${printable(saved.name)}".`);
      });
    });
}
