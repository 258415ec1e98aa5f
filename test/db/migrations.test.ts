import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { rowsOf } from "../../src/adapters/db/database.ts";
import { MIGRATIONS_FOLDER, migratePostgresDatabase } from "../../src/adapters/db/migrate.ts";
import { describeEachBackend } from "../support/testDatabase.ts";

const EXPECTED_TABLES = [
  "access_log",
  "appointments",
  "audit_log",
  "business_phone_numbers",
  "businesses",
  "consents",
  "contacts",
  "declined_topics",
  "inbound_inbox",
  "messages",
  "profile_facts",
  "services",
  "sessions",
  "staff",
  "staff_absences",
  "unrecognised_webhook_events",
  "users",
];

const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as {
  entries: unknown[];
};

describeEachBackend("migrations", (database, backend) => {
  it("create every table", async () => {
    const { db } = database();
    const tables = rowsOf<{ table_name: string }>(
      await db.execute(sql`
        SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`),
    ).map((row) => row.table_name);
    expect(tables).toEqual(EXPECTED_TABLES);
  });

  it("record each migration of the journal once", async () => {
    const { db } = database();
    const applied = rowsOf<{ n: string | number }>(
      await db.execute(sql`SELECT count(*) AS n FROM drizzle.__drizzle_migrations`),
    );
    expect(journal.entries.length).toBeGreaterThan(0);
    expect(Number(applied[0]?.n)).toBe(journal.entries.length);
  });

  it("report the backend they ran on", () => {
    expect(database().kind).toBe(backend);
  });

  if (backend === "postgres") {
    it("are a no-op when applied again", async () => {
      const { url } = database();
      const pg = await import("pg");
      const pool = new pg.default.Pool({ connectionString: url });
      try {
        await migratePostgresDatabase(pool);
        const { rows } = await pool.query("SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations");
        expect(rows[0].n).toBe(journal.entries.length);
      } finally {
        await pool.end();
      }
    });
  }
});
