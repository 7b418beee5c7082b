/**
 * Reading every user or group of the Entra ID source with delta queries, through the mirror
 * (graph.mirror.ts). The first run is a full delta round: its pages stream to the engine while
 * they are staged into the mirror, which replaces the stored picture, with the new deltaLink, in
 * one transaction after the last page. Later runs follow the stored deltaLink, merge the changes
 * into the mirror (same single commit) and then yield the merged picture page by page. Any
 * failure before the commit leaves the mirror and the deltaLink as they were; an expired
 * deltaLink falls back to a full round in the same run. Without a mirror every run is a full
 * round and nothing is stored.
 *
 *   const read = createDeltaReader(graph, context.mirror, config.pageSize);
 *   for await (const page of read('users', `/v1.0/users/delta?$select=…`, 'reading users', 'User.Read.All')) …
 */
import { DeltaExpired, type Budget, type GraphTransport } from './graph.transport.js';
import { createMemoryMirror, type GraphMirror, type GraphObject, type MirrorKind } from './graph.mirror.js';

export function createDeltaReader(graph: GraphTransport, mirror: GraphMirror | null, pageSize: number) {
  const { graphUrl, scope, fail, deltaPages, graphLink } = graph;

  /**
   * Reads one delta round into a mirror round, yielding each page's merged objects once staged;
   * commits after the last page. Stopping early or failing discards the round.
   */
  async function* stagedRound(
    store: GraphMirror,
    kind: MirrorKind,
    mode: 'full' | 'delta',
    url: string,
    what: string,
    permission: string,
    budget: Budget,
  ): AsyncGenerator<GraphObject[]> {
    const round = await store.begin(kind, mode);
    let committed = false;
    try {
      let deltaLink: string | null = null;
      for await (const page of deltaPages(url, what, permission, budget)) {
        const current = await round.current(page.objects.map((o) => o.id));
        const merged = new Map<string, GraphObject | null>();
        for (const object of page.objects) {
          const base = merged.has(object.id) ? merged.get(object.id)! : (current.get(object.id) ?? null);
          merged.set(object.id, kind === 'users' ? mergeUser(base, object) : mergeGroup(base, object));
        }
        await round.put([...merged].map(([id, data]) => ({ id, data })));
        deltaLink = page.deltaLink;
        yield [...merged.values()].filter((o): o is GraphObject => o !== null);
      }
      await round.commit(graphLink(deltaLink!), scope);
      committed = true;
    } finally {
      if (!committed) await round.discard().catch(() => undefined);
    }
  }

  /**
   * Every object of a kind, page by page: from the mirror after a delta round when a deltaLink is
   * stored, else from a full round (streamed as read when `stream`, else from the mirror after it).
   */
  async function* read(
    kind: MirrorKind,
    path: string,
    what: string,
    permission: string,
  ): AsyncGenerator<GraphObject[]> {
    const budget: Budget = { throttledMs: 0 };
    const stored = mirror ? await mirror.delta(kind) : null;
    if (mirror && stored && stored.scope === scope) {
      try {
        for await (const _ of stagedRound(
          mirror,
          kind,
          'delta',
          graphLink(stored.link),
          what,
          permission,
          budget,
        ));
        yield* mirror.objects(kind, pageSize);
        return;
      } catch (error) {
        if (!(error instanceof DeltaExpired)) throw error;
        await mirror.forget(kind);
      }
    }
    const url = `${graphUrl}${path}`;
    try {
      if (kind === 'users' && !mirror) {
        for await (const page of deltaPages(url, what, permission, budget))
          yield page.objects.filter((o) => !o['@removed']);
        return;
      }
      // Groups come back with their members split over several pages: merged before they are yielded.
      const store = mirror ?? createMemoryMirror();
      const stream = kind === 'users';
      for await (const page of stagedRound(store, kind, 'full', url, what, permission, budget))
        if (stream) yield page;
      if (!stream) yield* store.objects(kind, pageSize);
    } catch (error) {
      if (error instanceof DeltaExpired)
        throw fail(`Microsoft Graph refused a new delta round of ${what} (${error.message}).`);
      throw error;
    }
  }

  return read;
}

/** A user's new version: Graph sends only the changed properties of an updated user. */
export function mergeUser(base: GraphObject | null, change: GraphObject): GraphObject | null {
  if (change['@removed']) return null;
  return { ...(base ?? {}), ...withoutAnnotations(change), id: change.id };
}

/**
 * A group's new version: changed properties replace, `members@delta` adds members and removes
 * those marked `@removed`. Members are stored as `{ "@odata.type", id }`.
 */
export function mergeGroup(base: GraphObject | null, change: GraphObject): GraphObject | null {
  if (change['@removed']) return null;
  const members = new Map<string, string>();
  for (const m of Array.isArray(base?.members)
    ? (base.members as { id: string; '@odata.type'?: string }[])
    : [])
    members.set(m.id, m['@odata.type'] ?? '');
  const delta = change['members@delta'];
  if (Array.isArray(delta)) {
    for (const m of delta as { id?: unknown; '@odata.type'?: unknown; '@removed'?: unknown }[]) {
      if (typeof m?.id !== 'string') continue;
      if (m['@removed']) members.delete(m.id);
      else members.set(m.id, typeof m['@odata.type'] === 'string' ? m['@odata.type'] : '');
    }
  }
  return {
    ...(base ?? {}),
    ...withoutAnnotations(change),
    id: change.id,
    members: [...members].map(([id, type]) => ({ '@odata.type': type, id })),
  };
}

function withoutAnnotations(object: GraphObject): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !key.includes('@')));
}
