/**
 * Works the durable inbox: claims jobs in batches (at most one per contact at a time, so a contact's
 * messages are handled in order), handles them, and marks them done or failed for a later retry.
 * Started on boot, so work left pending by a stopped or killed process resumes.
 */
import { randomUUID } from "node:crypto";
import type { Database } from "../adapters/db/database.ts";
import {
  type ClaimedJob,
  claimInboundJobs,
  completeInboundJobs,
  failInboundJob,
} from "../adapters/db/inboundQueue.ts";
import type { UseCaseLogger } from "../application/ports.ts";

export interface InboxJobHandler {
  handle(job: ClaimedJob): Promise<unknown>;
  /** Several jobs (of different contacts) at once: one outcome per job, in order. */
  handleBatch?(
    jobs: readonly ClaimedJob[],
    options: { concurrency?: number },
  ): Promise<PromiseSettledResult<unknown>[]>;
}

export interface InboxWorkerOptions {
  db: Database;
  handler: InboxJobHandler;
  logger: UseCaseLogger;
  /** Jobs claimed per round (different contacts, handled concurrently). */
  batchSize?: number;
  /** Claiming loops running side by side. */
  lanes?: number;
  /** Contacts of one batch handled at the same time. */
  concurrency?: number;
  /** How often to look for work when nobody woke the worker (other instances, retries). */
  pollMs?: number;
  leaseSeconds?: number;
  maxAttempts?: number;
  /** Work done now and then while idle (e.g. expiring health notes kept without consent). */
  housekeeping?: { run(): Promise<unknown>; everyMs: number };
}

export class InboxWorker {
  readonly workerId = `worker-${randomUUID()}`;
  private running = false;
  private loops: Promise<void>[] = [];
  private wakers: Array<() => void> = [];
  private readonly batchSize: number;
  private readonly lanes: number;
  private readonly concurrency: number;
  private readonly pollMs: number;
  private readonly leaseSeconds: number;
  private readonly maxAttempts: number;
  /** Jobs finished (done or failed) since start. */
  processed = 0;
  private lastHousekeeping = 0;

  constructor(private readonly options: InboxWorkerOptions) {
    this.batchSize = options.batchSize ?? 64;
    this.lanes = options.lanes ?? 2;
    this.concurrency = options.concurrency ?? 32;
    this.pollMs = options.pollMs ?? 1_000;
    this.leaseSeconds = options.leaseSeconds ?? 60;
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // The first housekeeping comes one interval after start, not on the first idle moment.
    this.lastHousekeeping = Date.now();
    this.loops = Array.from({ length: this.lanes }, () => this.loop());
  }

  /** New work is in the inbox: stop waiting. */
  notify(): void {
    const wakers = this.wakers;
    this.wakers = [];
    for (const wake of wakers) wake();
  }

  /** Finishes the jobs in hand, then returns. */
  async stop(): Promise<void> {
    this.running = false;
    this.notify();
    await Promise.all(this.loops);
    this.loops = [];
  }

  /** Works until nothing is claimable (for `rapport chat` and tests). Returns the jobs handled. */
  async drain(): Promise<number> {
    let handled = 0;
    for (;;) {
      const count = await this.round();
      if (count === 0) return handled;
      handled += count;
    }
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let count = 0;
      try {
        count = await this.round();
      } catch (error) {
        this.options.logger.error({ err: errorSummary(error) }, "inbox: claiming failed");
      }
      if (count === 0 && this.running) {
        await this.housekeep();
        await this.idle();
      }
    }
  }

  private async housekeep(): Promise<void> {
    const { housekeeping, logger } = this.options;
    if (!housekeeping || Date.now() - this.lastHousekeeping < housekeeping.everyMs) return;
    this.lastHousekeeping = Date.now();
    try {
      await housekeeping.run();
    } catch (error) {
      logger.error({ err: errorSummary(error) }, "inbox: housekeeping failed");
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.pollMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakers.push(done);
    });
  }

  private async round(): Promise<number> {
    const { db, handler, logger } = this.options;
    const jobs = await claimInboundJobs(db, {
      workerId: this.workerId,
      limit: this.batchSize,
      leaseSeconds: this.leaseSeconds,
    });
    if (jobs.length === 0) return 0;
    const outcomes = handler.handleBatch
      ? await handler.handleBatch(jobs, { concurrency: this.concurrency })
      : await Promise.allSettled(jobs.map((job) => handler.handle(job)));
    const done: number[] = [];
    const failures: Array<Promise<void>> = [];
    jobs.forEach((job, index) => {
      const outcome = outcomes[index];
      if (outcome?.status === "fulfilled") done.push(job.id);
      else failures.push(this.fail(job, outcome ? outcome.reason : new Error("no outcome for the job")));
    });
    try {
      await completeInboundJobs(db, done, this.workerId);
    } catch (error) {
      // Handled but not marked done: the lease runs out and the next attempt finds them answered.
      logger.error({ jobs: done.length, err: errorSummary(error) }, "inbox: completing jobs failed");
    }
    await Promise.all(failures);
    this.processed += jobs.length;
    return jobs.length;
  }

  private async fail(job: ClaimedJob, error: unknown): Promise<void> {
    const { db, logger } = this.options;
    const retryInSeconds = Math.min(300, 2 ** job.attempts);
    const outcome = await failInboundJob(db, job.id, this.workerId, {
      error: errorSummary(error),
      maxAttempts: this.maxAttempts,
      retryInSeconds,
    }).catch(() => "not-held" as const);
    logger.error(
      {
        jobId: job.id,
        messageId: job.messageId,
        attempts: job.attempts,
        outcome,
        err: errorSummary(error),
      },
      "inbox: handling a message failed",
    );
  }
}

/**
 * The error's class and message. Drizzle puts a failed query's parameters (customer text, sealed
 * notes) into its message: those are cut off before the summary reaches a log or the jobs table.
 */
export function errorSummary(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.replace(/\bparams:[\s\S]*/, "params: [not logged]").slice(0, 500);
}
