/**
 * Opens Rapport's database: PostgreSQL when a DATABASE_URL is given, otherwise an embedded PGlite
 * in the data folder (the single-process default). Either way the same migrations are applied.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { setPriority } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import type { Database, OpenedDatabase } from "./database.ts";
import { acquireDataDirLock } from "./dataDirLock.ts";
import { migratePgliteDatabase, migratePostgresDatabase } from "./migrate.ts";
import * as schema from "./schema.ts";

export interface OpenDatabaseOptions {
  /** postgres://… ; when absent, the embedded database in `dataDir` is used. */
  databaseUrl?: string | undefined;
  /** Rapport's data folder (created if missing); PGlite keeps its files in `<dataDir>/pgdata`. */
  dataDir: string;
  /**
   * With a PostgreSQL on this machine: the niceness (1-19) to give the backends of `db`'s connections,
   * so that work done for a niced process (the inbox worker) does not take the CPU from the webhook's
   * acknowledgements in PostgreSQL either. Skipped silently where not permitted or not local.
   */
  backendNiceness?: number | undefined;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<OpenedDatabase> {
  if (options.databaseUrl) {
    return openPostgresDatabase(options.databaseUrl, { backendNiceness: options.backendNiceness });
  }
  mkdirSync(options.dataDir, { recursive: true });
  const lock = acquireDataDirLock(options.dataDir);
  try {
    const pgdata = join(options.dataDir, "pgdata");
    mkdirSync(pgdata, { recursive: true });
    const opened = await openPgliteDatabase({ dataDir: pgdata });
    return {
      db: opened.db,
      kind: opened.kind,
      async close() {
        try {
          await opened.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

export async function openPostgresDatabase(
  databaseUrl: string,
  options: {
    onPoolError?: (error: Error) => void;
    poolSize?: number;
    ingestPoolSize?: number;
    /** See `OpenDatabaseOptions.backendNiceness`. */
    backendNiceness?: number | undefined;
  } = {},
): Promise<OpenedDatabase> {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    ...(options.backendNiceness && { onConnect: lowerBackendPriority(databaseUrl, options.backendNiceness) }),
  });
  // The webhook's own connections: one short statement per delivery, never behind a worker transaction.
  const ingestPool = new pg.Pool({ connectionString: databaseUrl, max: options.ingestPoolSize ?? 8 });
  let closing = false;
  // An idle connection the server drops (restart, failover) surfaces here; unhandled, it would
  // crash the process. The pool replaces the connection on the next query.
  const onError = (error: Error) => {
    if (closing) return;
    (options.onPoolError ?? ((e) => console.error(`PostgreSQL connection lost: ${e.message}`)))(error);
  };
  pool.on("error", onError);
  ingestPool.on("error", onError);
  const end = () => Promise.all([pool.end(), ingestPool.end()]).then(() => undefined);
  try {
    await migratePostgresDatabase(pool);
  } catch (error) {
    await end();
    throw new Error(`Could not open PostgreSQL at ${redactUrl(databaseUrl)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const db: Database = drizzlePostgres({ client: pool, schema });
  const ingestDb: Database = drizzlePostgres({ client: ingestPool, schema });
  return {
    db,
    ingestDb,
    kind: "postgres",
    close: () => {
      closing = true;
      return end();
    },
  };
}

export interface OpenPgliteOptions {
  /** Folder of the database files; in memory when absent. The caller holds the folder's lock. */
  dataDir?: string | undefined;
  /** A `dumpDataDir()` tarball to start from (an already migrated database opens in ~1 s). */
  loadDataDir?: Blob | undefined;
}

/** Opens (and migrates) a PGlite database. Prefer `openDatabase`, which also locks the folder. */
export async function openPgliteDatabase(
  options: OpenPgliteOptions = {},
): Promise<OpenedDatabase & { client: PGlite }> {
  const client = await PGlite.create({
    // The appointments' exclusion constraints compare uuids in a GiST index; the contacts list's
    // search uses trigram indexes.
    extensions: { btree_gist, pg_trgm },
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  try {
    await migratePgliteDatabase(client);
  } catch (error) {
    await client.close();
    throw error;
  }
  const db: Database = drizzlePglite({ client, schema });
  return { db, kind: "pglite", client, close: () => client.close() };
}

/** A pool `onConnect` hook: renices the connection's backend when PostgreSQL runs on this machine. */
function lowerBackendPriority(databaseUrl: string, niceness: number) {
  let local = false;
  try {
    const url = new URL(databaseUrl);
    const socket = url.searchParams.get("host")?.startsWith("/") ?? false;
    local = socket || ["localhost", "127.0.0.1", "[::1]", ""].includes(url.hostname);
  } catch {
    local = false;
  }
  return async (client: pg.ClientBase): Promise<void> => {
    if (!local) return;
    try {
      const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      const pid = rows[0]?.pid;
      // The same process table (not PostgreSQL in a container of its own): the pid is a postgres.
      if (!pid || readFileSync(`/proc/${pid}/comm`, "utf8").trim() !== "postgres") return;
      setPriority(pid, niceness);
    } catch {
      // Not permitted (another user's process), no /proc: the backend keeps its priority.
    }
  };
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}
