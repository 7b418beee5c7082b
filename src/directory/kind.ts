/**
 * One kind of directory source (custom program, LDAP / Active Directory, Microsoft Entra ID,
 * Google Workspace …) behind one interface. Each kind lives in its own folder with its client, its
 * configuration decoding and validation, its Admin Console form and its tests; kinds.ts lists them.
 * Everything generic — sources.service.ts, the Admin Console source routes, `quire source
 * add-<kind>`, the REST API's Source schema — reads a kind through this interface only.
 *
 *   const kind = sourceKind(row.kind);              // from kinds.ts
 *   const config = kind.decode(JSON.parse(row.config)); // typed, or a SourceError naming the bad field
 *   const client = kind.client(config, { sourceId: row.id, graphMirror: null });
 */
import type { TSchema, Type } from '@sinclair/typebox';
import type { Command } from 'commander';
import type { VNode } from 'preact';
import type { DirectoryClient } from './directory.port.js';
import type { GraphMirror } from './entra-id/graph.mirror.js';

/** What every kind's input has: the source's name (checked by the service, shared by all kinds). */
export interface SourceInput {
  name: string;
}

/** What a client gets besides its configuration: the source's id (null for an unsaved form) and ports. */
export interface ClientDeps {
  sourceId: number | null;
  /** The delta-query mirror of a Microsoft Graph source, by source id (null: read everything each time). */
  graphMirror: ((sourceId: number) => GraphMirror) | null;
}

/** A form as typed: text fields and checkboxes by name. Secrets are never part of it (never sent back). */
export type SourceFormValues = Record<string, string | boolean>;

export interface SourceFormProps<Values, Presented> {
  values: Values;
  errors?: Record<string, string>;
  /** The saved source, as pages may show it (which secrets are stored); undefined on an Add page. */
  stored?: Presented;
  /** A secret was typed on the form just sent: it is not sent back, so the hint says to type it again. */
  secretNotResent: boolean;
  csrfToken: string;
}

/**
 * A kind's Admin Console form and its form ↔ input mapping. Every kind has an Edit page with Save
 * and "Test settings" (/admin/sources/:id/edit); where it adds a source is the kind's
 * `formPlacement`.
 */
export interface SourceForm<Input, Presented, Values extends SourceFormValues> {
  /** The Add page's title and the list's button: "Add LDAP / Active Directory source". */
  addTitle: string;
  /** What the list's add card says above the fields (a 'list' kind). */
  intro?: string;
  /** Field labels for the error summary, by field name. */
  labels: Record<string, string>;
  /** What "Test settings" says when the first page of users or groups is empty. */
  testTexts?: { noUsers: string; noGroups: string };
  /** Fields whose value is never sent back (passwords, keys): typed ones make the hint say "type it again". */
  secretFields: readonly string[];
  /** The form's values from a posted body, secrets left out. */
  values(body: unknown): Values;
  /** An empty Add form. */
  empty(): Values;
  /** An Edit form filled from the saved source. */
  fromConfig(name: string, presented: Presented): Values;
  /** What the service validates: the values and the secrets typed in the body. */
  input(values: Values, body: unknown): Input;
  /** The values as shown back after a post (a refused field may be left out of the page). */
  shownBack?(values: Values): Values;
  /** The form's fields, without the form element (the page or the list's card holds them). */
  Fields(props: SourceFormProps<Values, Presented>): VNode;
}

/** What a CLI command may read besides its options (the CLI's own io, passed in: no import of cli/). */
export interface CliIo {
  /** The first line of stdin, for a secret that must never be on the command line; null when empty. */
  readFirstLine(): Promise<string | null>;
  /** A file the administrator named; a missing one is an Error naming it (`what`: "key file"). */
  readFile(file: string, what: string): string;
  /** Parses a whole number of 1 or more (commander's InvalidArgumentError otherwise). */
  positiveInteger(raw: string): number;
}

/** `quire source add-<kind>`: the options it takes and how they become the kind's input. */
export interface SourceCli<Input> {
  description: string;
  /** Adds the command's options (commander). */
  options(command: Command, io: CliIo): Command;
  /** The input from the parsed options; reads stdin or files where an option says so. */
  input(options: Record<string, unknown>, io: CliIo): Promise<Input>;
}

/** TypeBox's builder, which the API passes to a kind (see SourceApi). */
export type TypeBuilder = typeof Type;

/** The kind's part of the REST API's (and `source list --json`'s) Source object. */
export interface SourceApi<Presented> {
  /**
   * TypeBox properties added to the Source schema (all optional: only a source of this kind has
   * them), built with the builder the API passes in: a kind module does not load TypeBox (200
   * modules), so the sources service and the CLI do not either.
   */
  properties(Type: TypeBuilder): Record<string, TSchema>;
  /** Those properties' values for a source of this kind. */
  fields(presented: Presented): Record<string, unknown>;
}

export interface SourceKind<
  Config = unknown,
  Input extends SourceInput = SourceInput,
  Presented = unknown,
  Values extends SourceFormValues = SourceFormValues,
> {
  /** The `kind` stored in the sources table, and the CLI's `add-<name>`: 'ldap'. */
  name: string;
  /** 'LDAP / Active Directory'. */
  label: string;
  /** The stored configuration, checked field by field: a SourceError names what is wrong. */
  decode(json: unknown): Config;
  /**
   * The configuration from what an administrator typed, or a ValidationError naming each bad field
   * (the name is the service's). `existing` is the saved one when editing: secrets left empty keep it.
   */
  validate(input: Input, existing: Config | undefined): Config | Promise<Config>;
  /** What pages, the CLI and the API may show: never a secret. */
  present(config: Config): Presented;
  /** Where the source reads from, for the source list: "ldaps://dc1", "tenant contoso.onmicrosoft.com". */
  location(presented: Presented): string;
  /** What the audit log may say about it (never a secret); `edit` when an existing source was saved. */
  audit(config: Config, edit?: { before: Config; input: Input }): Record<string, unknown>;
  client(config: Config, deps: ClientDeps): DirectoryClient;
  /** Where a user's password is managed, for Change Password: "Active Directory", "Microsoft 365". */
  passwordAuthority(config: Config, sourceName: string): string;
  /**
   * A `'page'` kind is added on a page of its own (/admin/sources/new-<kind>); a `'list'` kind with
   * a short card on the source list itself.
   */
  formPlacement: 'page' | 'list';
  /**
   * The kind's form, loaded on first use: its module brings preact and the Admin Console's words
   * (about 30 ms), which the CLI's other commands and the sync do not need.
   */
  loadForm(): Promise<SourceForm<Input, Presented, Values>>;
  cli: SourceCli<Input>;
  api: SourceApi<Presented>;
}
