import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { rowsOf } from "../../src/adapters/db/database.ts";
import { GroupCommit } from "../../src/adapters/db/GroupCommit.ts";
import { describeEachBackend } from "../support/testDatabase.ts";

describeEachBackend("group commit", (database) => {
  it("runs the statements of turns side by side in one transaction, each answered", async () => {
    const { db } = database();
    await db.execute(sql`CREATE TABLE IF NOT EXISTS group_commit_probe (n int PRIMARY KEY)`);
    const group = new GroupCommit(db, 1_000);
    const seats = [1, 2, 3, 4, 5].map(() => group.seat());
    const done = seats.map((seat, i) =>
      seat
        .execute(sql`INSERT INTO group_commit_probe (n) VALUES (${i + 1}) RETURNING n`)
        .finally(() => seat.close()),
    );
    const results = await Promise.all(done);
    expect(results.map((r) => rowsOf<{ n: number }>(r)[0]?.n)).toEqual([1, 2, 3, 4, 5]);
    // All five had submitted: no waiting for the timer, one transaction.
    expect(group.stats).toEqual({ groups: 1, statements: 5, fallbacks: 0 });
  });

  it("lets only the failing statement fail when one of a group does", async () => {
    const { db } = database();
    await db.execute(sql`CREATE TABLE IF NOT EXISTS group_commit_probe2 (n int PRIMARY KEY)`);
    const group = new GroupCommit(db, 1_000);
    const seats = [1, 2, 3].map(() => group.seat());
    const outcomes = await Promise.allSettled(
      seats.map((seat, i) =>
        seat
          .execute(
            i === 1
              ? sql`INSERT INTO group_commit_probe2 (n) SELECT 1 / 0`
              : sql`INSERT INTO group_commit_probe2 (n) VALUES (${i + 10})`,
          )
          .finally(() => seat.close()),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const rows = rowsOf<{ n: number }>(await db.execute(sql`SELECT n FROM group_commit_probe2 ORDER BY n`));
    expect(rows.map((r) => r.n)).toEqual([10, 12]);
    expect(group.stats.fallbacks).toBe(1);
  });

  it("does not wait for a turn that finished without writing", async () => {
    const { db } = database();
    const group = new GroupCommit(db, 60_000);
    const writer = group.seat();
    const idle = group.seat();
    const written = writer.execute(sql`SELECT 1 AS one`);
    idle.close();
    // Resolves long before the 60 s timer: the only open seat has submitted.
    await expect(written).resolves.toBeDefined();
    writer.close();
  });
});
