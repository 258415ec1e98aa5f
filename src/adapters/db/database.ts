import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import pg from "pg";
import type * as schema from "./schema.ts";

export type Schema = typeof schema;

/** The drizzle database both backends share: PGlite (embedded) and node-postgres. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export type DatabaseKind = "pglite" | "postgres";

export interface OpenedDatabase {
  db: Database;
  /**
   * Connections of their own for the webhook's store-then-acknowledge statement, so the worker's
   * transactions never hold every connection while a delivery waits to be stored. PostgreSQL only;
   * absent, `db` serves the webhook too.
   */
  ingestDb?: Database;
  kind: DatabaseKind;
  close(): Promise<void>;
}

/** Rows of `db.execute(sql…)`: both drivers answer with `{ rows }`. */
export function rowsOf<Row>(result: unknown): Row[] {
  const rows = (result as { rows?: unknown }).rows;
  if (!Array.isArray(rows)) throw new Error("Unexpected result from db.execute(): no rows array");
  return rows as Row[];
}

interface RawClient {
  query(
    query: string | { name: string; text: string; values: unknown[] },
    values?: unknown[],
  ): Promise<unknown>;
}

/**
 * Runs a fixed statement on the driver directly, skipping drizzle's query building: for the hottest
 * statements (the webhook's one per delivery). On PostgreSQL it is a named prepared statement, parsed
 * and planned once per connection. `db` must be a database, not a transaction.
 */
export async function rawQuery<Row>(
  db: Database,
  statement: { name: string; text: string },
  values: unknown[],
): Promise<Row[]> {
  const client = (db as unknown as { $client?: RawClient }).$client;
  if (!client) throw new Error("rawQuery: the database has no driver client");
  const result =
    client instanceof pg.Pool
      ? await client.query({ name: statement.name, text: statement.text, values })
      : await client.query(statement.text, values);
  return rowsOf<Row>(result);
}

/**
 * A PostgreSQL array literal, for `unnest($n::type[])` with one parameter per column: both drivers take
 * it as text, and every element is quoted, so no value is mistaken for NULL or breaks the literal.
 */
export function pgArray(values: readonly (string | null)[]): string {
  const items = values.map((value) =>
    value === null ? "NULL" : `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`,
  );
  return `{${items.join(",")}}`;
}

/** The SQLSTATE of a database error, also when the driver's error is wrapped (drizzle's `cause`). */
export function sqlStateOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Object && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Runs `attempt` again when PostgreSQL chose it as a deadlock's victim (40P01), a few times with a
 * short random pause. Concurrent inserts against one exclusion constraint can deadlock: each sees
 * the other's uncommitted row and waits for it. The victim's work was rolled back whole, so running
 * it again is safe, as long as `attempt` is a statement or transaction of its own (not a part of a
 * caller's transaction, which the deadlock aborted).
 */
export async function retryOnDeadlock<T>(attempt: () => Promise<T>, attempts = 4): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (sqlStateOf(error) !== "40P01" || n >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * n));
    }
  }
}
