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
  completeInboundJob,
  failInboundJob,
} from "../adapters/db/inboundQueue.ts";
import type { UseCaseLogger } from "../application/ports.ts";

export interface InboxJobHandler {
  handle(job: ClaimedJob): Promise<unknown>;
}

export interface InboxWorkerOptions {
  db: Database;
  handler: InboxJobHandler;
  logger: UseCaseLogger;
  /** Jobs claimed per round (different contacts, handled concurrently). */
  batchSize?: number;
  /** Claiming loops running side by side. */
  lanes?: number;
  /** How often to look for work when nobody woke the worker (other instances, retries). */
  pollMs?: number;
  leaseSeconds?: number;
  maxAttempts?: number;
}

export class InboxWorker {
  readonly workerId = `worker-${randomUUID()}`;
  private running = false;
  private loops: Promise<void>[] = [];
  private wakers: Array<() => void> = [];
  private readonly batchSize: number;
  private readonly lanes: number;
  private readonly pollMs: number;
  private readonly leaseSeconds: number;
  private readonly maxAttempts: number;
  /** Jobs finished (done or failed) since start. */
  processed = 0;

  constructor(private readonly options: InboxWorkerOptions) {
    this.batchSize = options.batchSize ?? 16;
    this.lanes = options.lanes ?? 2;
    this.pollMs = options.pollMs ?? 1_000;
    this.leaseSeconds = options.leaseSeconds ?? 60;
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
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
      if (count === 0 && this.running) await this.idle();
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
    const jobs = await claimInboundJobs(this.options.db, {
      workerId: this.workerId,
      limit: this.batchSize,
      leaseSeconds: this.leaseSeconds,
    });
    await Promise.all(jobs.map((job) => this.work(job)));
    return jobs.length;
  }

  private async work(job: ClaimedJob): Promise<void> {
    const { db, handler, logger } = this.options;
    try {
      await handler.handle(job);
      await completeInboundJob(db, job.id, this.workerId);
    } catch (error) {
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
    this.processed++;
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
