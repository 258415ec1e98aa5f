import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { retryOnDeadlock, sqlStateOf } from "../../src/adapters/db/database.ts";
import { describeEachBackend } from "../support/testDatabase.ts";

describeEachBackend("deadlock retry", (database, backend) => {
  // PGlite has one connection, so nothing there can deadlock.
  it.skipIf(backend === "pglite")(
    "runs a deadlock's victim again, so both sides finish, and gives up on other errors at once",
    async () => {
      const { db } = database();
      const key = Math.floor(Math.random() * 1e9);
      // Two transactions take two locks in opposite order, each waiting until the other holds its first.
      let arrived = 0;
      let release!: () => void;
      const bothHoldOne = new Promise<void>((resolve) => {
        release = resolve;
      });
      const attempts = { a: 0, b: 0 };
      const lockBoth = (side: "a" | "b", first: number, second: number) => () =>
        db.transaction(async (tx) => {
          attempts[side]++;
          await tx.execute(sql`SELECT pg_advisory_xact_lock(${first})`);
          if (attempts[side] === 1 && ++arrived === 2) release();
          if (attempts[side] === 1) await bothHoldOne;
          await tx.execute(sql`SELECT pg_advisory_xact_lock(${second})`);
          return side;
        });
      const outcomes = await Promise.allSettled([
        retryOnDeadlock(lockBoth("a", key, key + 1)),
        retryOnDeadlock(lockBoth("b", key + 1, key)),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled"]);
      // Exactly one of them was the victim and ran twice.
      expect([attempts.a, attempts.b].sort()).toEqual([1, 2]);

      let calls = 0;
      const failing = retryOnDeadlock(async () => {
        calls++;
        await db.execute(sql`SELECT 1/0`);
      });
      await expect(failing).rejects.toSatisfy((error) => sqlStateOf(error) === "22012");
      expect(calls).toBe(1);
    },
    30_000,
  );
});
