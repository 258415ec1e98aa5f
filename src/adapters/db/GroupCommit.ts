/**
 * Group commit for the worker's turns: the outcome statements of the messages handled side by side
 * are run in one transaction, so a batch pays for one commit (a disk flush, ~2 ms here) instead of
 * one per message. Each turn still gets its own answer: if the shared transaction fails (one
 * statement's profile went stale, say), every statement is run again on its own, so only the
 * stale one fails.
 *
 * A turn opens a `Seat`, submits at most one statement through it, and closes it when done. The
 * group runs as soon as every open seat has submitted, or after `maxWaitMs`.
 *
 * What is submitted need not be SQL: with a `GroupRunner`, the items of a group are handed over all
 * at once (the worker's turn outcomes become one multi-row statement, see `TurnOutcomeWriter`).
 */
import type { SQLWrapper } from "drizzle-orm";
import type { Database } from "./database.ts";

/** How a group of items is written: all at once (atomically), or one on its own. */
export interface GroupRunner<T> {
  /** One result per item, in order; throws (writing nothing) when any of them cannot be written. */
  many(items: T[]): Promise<unknown[]>;
  one(item: T): Promise<unknown>;
}

interface Pending<T> {
  statement: T;
  resolve: (result: unknown) => void;
  reject: (error: unknown) => void;
}

export interface Seat<T = SQLWrapper> {
  execute(statement: T): Promise<unknown>;
  close(): void;
}

export class GroupCommit<T = SQLWrapper> {
  private open = 0;
  private queue: Pending<T>[] = [];
  private readonly runner: GroupRunner<T>;
  private timer: NodeJS.Timeout | null = null;
  /** Transactions run, and statements run in them: for tests and figures. */
  readonly stats = { groups: 0, statements: 0, fallbacks: 0 };

  /** A database runs SQL statements in one transaction; a `GroupRunner` decides itself. */
  constructor(
    target: Database | GroupRunner<T>,
    private readonly maxWaitMs = 5,
  ) {
    this.runner = "many" in target ? target : (transactionRunner(target) as unknown as GroupRunner<T>);
  }

  seat(): Seat<T> {
    this.open++;
    let closed = false;
    return {
      execute: (statement) =>
        new Promise((resolve, reject) => {
          this.queue.push({ statement, resolve, reject });
          this.schedule();
        }),
      close: () => {
        if (closed) return;
        closed = true;
        this.open--;
        this.schedule();
      },
    };
  }

  private schedule(): void {
    if (this.queue.length === 0) return;
    // Everyone still working has handed in a statement: nothing to wait for.
    if (this.queue.length >= this.open) {
      this.flush();
      return;
    }
    this.timer ??= setTimeout(() => this.flush(), this.maxWaitMs);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const group = this.queue;
    this.queue = [];
    if (group.length > 0) void this.run(group);
  }

  private async run(group: Pending<T>[]): Promise<void> {
    if (group.length === 1) {
      const [only] = group as [Pending<T>];
      await this.runner.one(only.statement).then(only.resolve, only.reject);
      return;
    }
    this.stats.groups++;
    this.stats.statements += group.length;
    let results: unknown[];
    try {
      results = await this.runner.many(group.map((pending) => pending.statement));
    } catch {
      // One of them failed and took the others down: each on its own, so each gets its own answer.
      this.stats.fallbacks++;
      await Promise.all(
        group.map((pending) => this.runner.one(pending.statement).then(pending.resolve, pending.reject)),
      );
      return;
    }
    for (const [i, pending] of group.entries()) pending.resolve(results[i]);
  }
}

/** SQL statements: a group in one transaction, one statement on its own. */
function transactionRunner(db: Database): GroupRunner<SQLWrapper> {
  return {
    async many(statements) {
      const results: unknown[] = [];
      await db.transaction(async (tx) => {
        for (const statement of statements) results.push(await tx.execute(statement));
      });
      return results;
    },
    one: (statement) => db.execute(statement),
  };
}
