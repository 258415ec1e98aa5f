/**
 * Group commit for the worker's turns: the outcome statements of the messages handled side by side
 * are run in one transaction, so a batch pays for one commit (a disk flush, ~2 ms here) instead of
 * one per message. Each turn still gets its own answer: if the shared transaction fails (one
 * statement's profile went stale, say), every statement is run again on its own, so only the
 * stale one fails.
 *
 * A turn opens a `Seat`, submits at most one statement through it, and closes it when done. The
 * group runs as soon as every open seat has submitted, or after `maxWaitMs`.
 */
import type { SQLWrapper } from "drizzle-orm";
import type { Database } from "./database.ts";

interface Pending {
  statement: SQLWrapper;
  resolve: (result: unknown) => void;
  reject: (error: unknown) => void;
}

export interface Seat {
  execute(statement: SQLWrapper): Promise<unknown>;
  close(): void;
}

export class GroupCommit {
  private open = 0;
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** Transactions run, and statements run in them: for tests and figures. */
  readonly stats = { groups: 0, statements: 0, fallbacks: 0 };

  constructor(
    private readonly db: Database,
    private readonly maxWaitMs = 5,
  ) {}

  seat(): Seat {
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

  private async run(group: Pending[]): Promise<void> {
    if (group.length === 1) {
      const [only] = group as [Pending];
      await this.db.execute(only.statement).then(only.resolve, only.reject);
      return;
    }
    this.stats.groups++;
    this.stats.statements += group.length;
    const results: unknown[] = [];
    try {
      await this.db.transaction(async (tx) => {
        for (const pending of group) results.push(await tx.execute(pending.statement));
      });
    } catch {
      // One of them failed and took the others down: each on its own, so each gets its own answer.
      this.stats.fallbacks++;
      await Promise.all(
        group.map((pending) => this.db.execute(pending.statement).then(pending.resolve, pending.reject)),
      );
      return;
    }
    for (const [i, pending] of group.entries()) pending.resolve(results[i]);
  }
}
