import { execFile, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { rowsOf } from "../../src/adapters/db/database.ts";
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE_NAME } from "../../src/adapters/db/dataDirLock.ts";
import { openDatabase } from "../../src/adapters/db/openDatabase.ts";

const run = promisify(execFile);
const root = mkdtempSync(join(tmpdir(), "rapport-lock-"));
const dataDir = join(root, "not", "yet", "there");
const lockPath = join(dataDir, LOCK_FILE_NAME);

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  if (child.pid === undefined) throw new Error("could not spawn a short-lived process");
  return child.pid;
}

/** Tries to open the folder from another Node process; returns what it printed. */
async function openFromAnotherProcess(folder: string): Promise<string> {
  const module = new URL("../../src/adapters/db/openDatabase.ts", import.meta.url).href;
  const script = [
    `const { openDatabase } = await import(${JSON.stringify(module)});`,
    `try { const db = await openDatabase({ dataDir: ${JSON.stringify(folder)} }); console.log("OPENED"); await db.close(); }`,
    "catch (error) { console.log(error.message); }",
  ].join("\n");
  const { stdout } = await run(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: new URL("../..", import.meta.url).pathname,
  });
  return stdout;
}

describe("the embedded data folder", () => {
  it("is created, migrated and locked: a second opener is refused, naming the holder", async () => {
    const opened = await openDatabase({ dataDir });
    try {
      expect(opened.kind).toBe("pglite");
      expect(JSON.parse(readFileSync(lockPath, "utf8")).pid).toBe(process.pid);
      const tables = rowsOf<{ n: number }>(
        await opened.db.execute(
          sql`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`,
        ),
      );
      expect(tables[0]?.n).toBe(17);

      await expect(openDatabase({ dataDir })).rejects.toThrowError(DataDirLockedError);
      const output = await openFromAnotherProcess(dataDir);
      expect(output).not.toContain("OPENED");
      expect(output).toContain(`in use by process ${process.pid}`);
    } finally {
      await opened.close();
    }
    expect(existsSync(lockPath)).toBe(false);
  }, 60_000);

  it("is taken over when the lock was left by a process that no longer exists", async () => {
    writeFileSync(lockPath, JSON.stringify({ pid: deadPid(), hostname: hostname(), token: "left-behind" }));
    const opened = await openDatabase({ dataDir });
    expect(JSON.parse(readFileSync(lockPath, "utf8")).pid).toBe(process.pid);
    await opened.close();
    expect(existsSync(lockPath)).toBe(false);
  }, 30_000);

  it("stays locked when the holder lives, and a release frees it", () => {
    const held = acquireDataDirLock(root);
    expect(() => acquireDataDirLock(root)).toThrowError(/in use by process \d+/);
    held.release();
    acquireDataDirLock(root).release();
  });

  it("refuses a corrupt lock file rather than guessing", () => {
    writeFileSync(join(root, LOCK_FILE_NAME), "garbage");
    expect(() => acquireDataDirLock(root)).toThrowError(/unreadable or corrupt/);
    rmSync(join(root, LOCK_FILE_NAME));
  });
});
