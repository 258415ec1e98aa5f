/**
 * An exclusive lock on an embedded data folder. Two processes on one PGlite folder would not see
 * each other's writes and could corrupt it, so the second opener is refused, naming the holder.
 * A lock left by a process that no longer exists is taken over.
 */
import { randomUUID } from "node:crypto";
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";

export const LOCK_FILE_NAME = "rapport.lock";

interface LockRecord {
  pid: number;
  hostname: string;
  token: string;
  acquiredAt: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly lockPath: string,
    readonly holderPid: number,
    holderHost: string,
  ) {
    const where = holderHost === hostname() ? "" : ` on host ${holderHost}`;
    super(
      `The data folder is in use by process ${holderPid}${where} (lock file ${lockPath}). ` +
        "Stop that process first, or point DATABASE_URL at PostgreSQL to run several processes. " +
        "If no such process exists, delete the lock file.",
    );
    this.name = "DataDirLockedError";
  }
}

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  const path = join(dataDir, LOCK_FILE_NAME);
  const record: LockRecord = {
    pid: process.pid,
    hostname: hostname(),
    token: randomUUID(),
    acquiredAt: new Date().toISOString(),
  };
  // A few rounds: a stale lock is removed and the exclusive create tried again.
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(path, record)) return heldLock(path, record.token);
    const holder = readHolder(path);
    if (holder === "gone") continue;
    if (holder !== "unreadable" && holder.hostname === record.hostname && !processExists(holder.pid)) {
      removeIfUnchanged(path, holder.token);
      continue;
    }
    if (holder === "unreadable") {
      throw new Error(
        `The data folder lock file ${path} is unreadable or corrupt; delete it if no process uses it.`,
      );
    }
    throw new DataDirLockedError(path, holder.pid, holder.hostname);
  }
  throw new Error(`Could not take the data folder lock ${path}: it keeps changing hands.`);
}

function tryCreate(path: string, record: LockRecord): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx", 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(fd, `${JSON.stringify(record)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

function readHolder(path: string): LockRecord | "gone" | "unreadable" {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "gone";
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockRecord>;
    if (typeof parsed.pid !== "number" || typeof parsed.token !== "string") return "unreadable";
    return {
      pid: parsed.pid,
      token: parsed.token,
      hostname: typeof parsed.hostname === "string" ? parsed.hostname : hostname(),
      acquiredAt: String(parsed.acquiredAt ?? ""),
    };
  } catch {
    // A writer may be between create and write: treat as held, the caller retries or reports.
    return "unreadable";
  }
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function removeIfUnchanged(path: string, token: string): void {
  const current = readHolder(path);
  if (typeof current === "object" && current.token === token) {
    try {
      unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
}

function heldLock(path: string, token: string): DataDirLock {
  let released = false;
  return {
    path,
    release() {
      if (released) return;
      released = true;
      removeIfUnchanged(path, token);
    },
  };
}
