/**
 * The database's plan for each query a piece of code sends, as that code builds it: EXPLAIN QUERY
 * PLAN on SQLite, EXPLAIN on PostgreSQL, with the query's own parameters (PostgreSQL plans an
 * unnamed statement for the values given, as it does when Quire runs it), under the planner
 * settings the code set (`set local`). One string per query, one line per plan step.
 *
 *   const [plan] = await plansOf(database, (db) => createLedgerRepository(db).page(7, 51));
 *   assert.match(plan!, /Index Only Scan Backward using ledger_account_idx/);
 */
import {
  CompiledQuery,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryId,
  type RootOperationNode,
} from 'kysely';
import type { Database } from '../db/database.js';
import type { DB } from '../db/schema.js';

export async function plansOf(
  database: Database,
  run: (db: Kysely<DB>) => Promise<unknown>,
): Promise<string[]> {
  // Subqueries pass through transformQuery too (when their builder becomes a node); only the
  // queries whose results come back were sent.
  const built = new Map<QueryId, RootOperationNode>();
  const sent: { node: RootOperationNode; queryId: QueryId }[] = [];
  const recorder: KyselyPlugin = {
    transformQuery(args: PluginTransformQueryArgs) {
      built.set(args.queryId, args.node);
      return args.node;
    },
    async transformResult(args: PluginTransformResultArgs) {
      sent.push({ node: built.get(args.queryId)!, queryId: args.queryId });
      return args.result;
    },
  };
  await run(database.db.withPlugin(recorder));
  const explain = database.kind === 'sqlite' ? 'explain query plan ' : 'explain ';
  const plans: string[] = [];
  // In one transaction, where a `set local` the code sent plans the statements after it too.
  await database.db.transaction().execute(async (transaction) => {
    for (const { node, queryId } of sent) {
      // The migrations reach the executor the same way (to tell the dialect); Kysely has no other
      // way to compile a recorded query.
      const query = database.db.getExecutor().compileQuery(node, queryId);
      // The code's own transaction: its settings apply here, its BEGIN (sent with them) and its
      // end do not.
      const setting = /^(?:begin; )?(set local .*)$/is.exec(query.sql);
      if (setting) {
        await transaction.executeQuery(CompiledQuery.raw(setting[1]!, [...query.parameters]));
        continue;
      }
      if (/^(commit|rollback)$/i.test(query.sql)) continue;
      const result = await transaction.executeQuery<Record<string, string>>(
        CompiledQuery.raw(explain + query.sql, [...query.parameters]),
      );
      plans.push(result.rows.map((row) => row.detail ?? row['QUERY PLAN']).join('\n'));
    }
  });
  return plans;
}
