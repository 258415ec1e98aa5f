/**
 * Databases for tests, so one test file runs against both backends:
 *
 *   describeEachBackend("inbox", (database) => {
 *     it("…", async () => { const { db } = database(); … });
 *   });
 *
 * PGlite: in memory, restored from a migrated dump cached in node_modules/.cache (creating and
 * migrating a fresh PGlite costs seconds; restoring the dump about one). PostgreSQL: a database
 * with a unique name on RAPPORT_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432),
 * dropped afterwards. When PostgreSQL is unreachable its variant is skipped with a notice, unless
 * RAPPORT_TEST_POSTGRES=1 (CI), where it fails.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { Database, DatabaseKind, OpenedDatabase } from "../../src/adapters/db/database.ts";
import { MIGRATIONS_FOLDER } from "../../src/adapters/db/migrate.ts";
import { openPgliteDatabase, openPostgresDatabase } from "../../src/adapters/db/openDatabase.ts";
import { businesses } from "../../src/adapters/db/schema.ts";

export type TestBackend = DatabaseKind;

export interface TestDatabase extends OpenedDatabase {
  /** The PostgreSQL database's URL; undefined for PGlite. */
  url?: string;
}

const POSTGRES_URL = process.env.RAPPORT_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const POSTGRES_REQUIRED = process.env.RAPPORT_TEST_POSTGRES === "1";
const CACHE_DIR = fileURLToPath(new URL("../../node_modules/.cache/rapport", import.meta.url));

export async function createTestDatabase(backend: TestBackend): Promise<TestDatabase> {
  return backend === "pglite" ? createPgliteTestDatabase() : createPostgresTestDatabase();
}

export async function createPgliteTestDatabase(): Promise<TestDatabase> {
  const { db, kind, close } = await openPgliteDatabase({ loadDataDir: await migratedPgliteDump() });
  return { db, kind, close };
}

/** A fresh database on the test PostgreSQL server, dropped by `close()`. */
export async function createPostgresTestDatabase(): Promise<TestDatabase> {
  const probe = await postgresProbe;
  if (!probe.ok) throw new Error(unreachableMessage(probe.reason));
  const name = `rapport_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  await withAdminClient((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  let opened: OpenedDatabase;
  try {
    opened = await openPostgresDatabase(url.toString());
  } catch (error) {
    await dropDatabase(name);
    throw error;
  }
  return {
    ...opened,
    url: url.toString(),
    async close() {
      try {
        await opened.close();
      } finally {
        await dropDatabase(name);
      }
    },
  };
}

/**
 * Declares `body` once per backend, each with its own database shared by the tests of that
 * block (give each test its own business to keep them apart: see `insertBusiness`).
 */
export function describeEachBackend(
  name: string,
  body: (database: () => TestDatabase, backend: TestBackend) => void,
): void {
  for (const backend of ["pglite", "postgres"] as const) {
    if (backend === "postgres" && !postgresAvailable.ok && !POSTGRES_REQUIRED) {
      describe(`${name} [postgres]`, () => {
        it.skip(`skipped: ${postgresAvailable.reason} (RAPPORT_TEST_POSTGRES=1 makes this fail)`, () => {});
      });
      continue;
    }
    describe(`${name} [${backend}]`, () => {
      let database: TestDatabase | undefined;
      beforeAll(async () => {
        database = await createTestDatabase(backend);
      }, 60_000);
      afterAll(async () => {
        await database?.close();
      });
      body(() => {
        if (!database) throw new Error(`The ${backend} test database is not open (did beforeAll fail?)`);
        return database;
      }, backend);
    });
  }
}

let businessCounter = 0;

/** A business of its own for one test. */
export async function insertBusiness(db: Database, name = `Test business ${++businessCounter}`) {
  const [row] = await db
    .insert(businesses)
    .values({ name, timezone: "Europe/Zurich", country: "CH", languages: ["de", "en"] })
    .returning();
  if (!row) throw new Error("insertBusiness: no row returned");
  return row;
}

// --- PGlite dump cache ---------------------------------------------------------------------------

let dumpPromise: Promise<Blob> | undefined;

/** A migrated, empty PGlite data folder as a tarball, built once per migration set. */
export function migratedPgliteDump(): Promise<Blob> {
  dumpPromise ??= loadOrBuildDump();
  return dumpPromise;
}

async function loadOrBuildDump(): Promise<Blob> {
  const path = join(CACHE_DIR, `pglite-migrated-${migrationsFingerprint()}.tar`);
  if (existsSync(path)) return new Blob([readFileSync(path)]);
  const fresh = await openPgliteDatabase();
  const dump = await fresh.client.dumpDataDir("none");
  await fresh.close();
  // Several test workers may build it at once: write aside, then rename into place atomically.
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.partial`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, path);
  return dump;
}

function migrationsFingerprint(): string {
  const hash = createHash("sha256");
  const pglitePackage = fileURLToPath(
    new URL("../../node_modules/@electric-sql/pglite/package.json", import.meta.url),
  );
  hash.update((JSON.parse(readFileSync(pglitePackage, "utf8")) as { version: string }).version);
  for (const file of listFiles(MIGRATIONS_FOLDER).sort()) {
    hash.update(file).update(readFileSync(join(MIGRATIONS_FOLDER, file)));
  }
  return hash.digest("hex").slice(0, 16);
}

function listFiles(folder: string, prefix = ""): string[] {
  return readdirSync(join(folder, prefix), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(folder, join(prefix, entry.name)) : [join(prefix, entry.name)],
  );
}

// --- PostgreSQL reachability ---------------------------------------------------------------------

type Probe = { ok: true } | { ok: false; reason: string };

const postgresProbe: Promise<Probe> = probePostgres();
// Top-level await: `describeEachBackend` decides synchronously whether to skip the Postgres variant.
const postgresAvailable: Probe = await postgresProbe;
if (!postgresAvailable.ok && !POSTGRES_REQUIRED) {
  console.warn(
    `[testDatabase] PostgreSQL tests SKIPPED: ${postgresAvailable.reason}. Set RAPPORT_TEST_POSTGRES=1 to make this a failure.`,
  );
}

async function probePostgres(): Promise<Probe> {
  try {
    await withAdminClient((client) => client.query("SELECT 1"));
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `PostgreSQL unreachable at ${POSTGRES_URL} (${(error as Error).message})` };
  }
}

function unreachableMessage(reason: string): string {
  return POSTGRES_REQUIRED
    ? `RAPPORT_TEST_POSTGRES=1 requires PostgreSQL, but: ${reason}`
    : `${reason}; the PostgreSQL variant cannot run`;
}

async function dropDatabase(name: string): Promise<void> {
  await withAdminClient(async (client) => {
    // pg's Pool.end() resolves before its sockets are closed: give them a moment before forcing.
    for (let i = 0; i < 20; i++) {
      const { rows } = await client.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1",
        [name],
      );
      if (rows[0]?.n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
}

async function withAdminClient<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2_000 });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
