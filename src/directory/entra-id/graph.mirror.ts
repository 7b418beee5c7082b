/**
 * The GraphMirror port: where a Microsoft Graph source keeps, between runs, the last full picture
 * of its users and groups (raw Graph objects by id) and the deltaLink that continues from it, so
 * that a re-sync transfers only what changed. The database adapter is graph-mirror.repository.ts;
 * `createMemoryMirror` keeps a picture for one run only (a source that stores nothing).
 *
 *   const round = await mirror.begin('users', 'delta');
 *   const current = await round.current(['id-1']);        // staged in this round, else committed
 *   await round.put([{ id: 'id-1', data: { id: 'id-1', displayName: 'Alice' } }]);
 *   await round.commit(deltaLink, scope);                  // one transaction; or round.discard()
 *   for await (const page of mirror.objects('users', 500)) …
 */
export type MirrorKind = 'users' | 'groups';

/** A Graph object as stored: its properties, as Graph named them. */
export type GraphObject = { id: string } & Record<string, unknown>;

export interface StoredDelta {
  link: string;
  /** What the link belongs to (Graph URL and tenant); a link of another scope is not followed. */
  scope: string;
}

/**
 * One run's reading of one kind. 'full' replaces the picture when committed; 'delta' changes the
 * committed one. Nothing is visible to `objects` before `commit`.
 */
export interface MirrorRound {
  /** For each id: its version staged in this round (null = removed), else (delta) the committed one; absent when unknown. */
  current(ids: string[]): Promise<Map<string, GraphObject | null>>;
  /** Stages new versions; data null removes the object. */
  put(objects: { id: string; data: GraphObject | null }[]): Promise<void>;
  /** Applies the round and stores the deltaLink, in one transaction. */
  commit(deltaLink: string, scope: string): Promise<void>;
  /** Forgets the round; the committed picture and deltaLink stay as they were. */
  discard(): Promise<void>;
}

/** One source's mirror. */
export interface GraphMirror {
  delta(kind: MirrorKind): Promise<StoredDelta | null>;
  /** Drops the deltaLink (Graph said it expired): the next round is a full one. */
  forget(kind: MirrorKind): Promise<void>;
  begin(kind: MirrorKind, mode: 'full' | 'delta'): Promise<MirrorRound>;
  /** The committed picture, ordered by id, in pages. */
  objects(kind: MirrorKind, pageSize: number): AsyncIterable<GraphObject[]>;
}

/** A mirror in memory: for one run of a source that stores nothing (groups must still be merged). */
export function createMemoryMirror(): GraphMirror {
  const pictures: Record<MirrorKind, Map<string, GraphObject>> = { users: new Map(), groups: new Map() };
  const deltas = new Map<MirrorKind, StoredDelta>();
  return {
    delta: async (kind) => deltas.get(kind) ?? null,
    forget: async (kind) => void deltas.delete(kind),
    async begin(kind, mode) {
      const staged = new Map<string, GraphObject | null>();
      return {
        async current(ids) {
          const found = new Map<string, GraphObject | null>();
          for (const id of ids) {
            if (staged.has(id)) found.set(id, staged.get(id) ?? null);
            else if (mode === 'delta' && pictures[kind].has(id)) found.set(id, pictures[kind].get(id)!);
          }
          return found;
        },
        put: async (objects) => void objects.forEach((o) => staged.set(o.id, o.data)),
        async commit(link, scope) {
          const picture = mode === 'full' ? new Map<string, GraphObject>() : pictures[kind];
          for (const [id, data] of staged) {
            if (data) picture.set(id, data);
            else picture.delete(id);
          }
          pictures[kind] = picture;
          deltas.set(kind, { link, scope });
        },
        discard: async () => staged.clear(),
      };
    },
    async *objects(kind, pageSize) {
      const ids = [...pictures[kind].keys()].sort();
      for (let i = 0; i < ids.length; i += pageSize)
        yield ids.slice(i, i + pageSize).map((id) => pictures[kind].get(id)!);
    },
  };
}
