/**
 * `rapport serve`'s inbox worker as a child process (`rapport worker`): extraction, the profile store
 * and replies run on their own event loop, so they never hold up the webhook's acknowledgements.
 * The server wakes it when it queues work (at most once per `wakeEveryMs`); the worker also polls,
 * so work queued by other servers is found. Restarted if it dies; what it held is leased, so
 * another attempt picks it up when the lease runs out.
 */
import { type ChildProcess, fork } from "node:child_process";
import { setPriority } from "node:os";
import { fileURLToPath } from "node:url";
import type { UseCaseLogger } from "../application/ports.ts";

const RAPPORT_BIN = fileURLToPath(new URL("../../bin/rapport.js", import.meta.url));

/**
 * The worker's CPU priority below the server's, as `serve` starts it: the lowest. Measured with
 * `npm run bench:ingest` on 2 cores, the webhook alone acks 1.17× the bare baseline; beside a worker
 * at niceness 10 the ratio was 0.66–0.73, at 19 0.65–0.75, with ~720 messages/s still processed.
 */
export const WORKER_NICENESS = 19;

export interface WorkerProcessOptions {
  /** The child's environment (DATABASE_URL, keys, Graph API settings…). */
  env: NodeJS.ProcessEnv;
  logger: UseCaseLogger;
  wakeEveryMs?: number;
  restartDelayMs?: number;
  /**
   * How much lower the worker's CPU priority is than the server's (0-19). Acknowledgements are what
   * Meta times; processing can wait a moment, so under a burst the CPU goes to the webhook first.
   */
  niceness?: number;
}

export class WorkerProcess {
  private child: ChildProcess | null = null;
  private stopping = false;
  private wakePending = false;
  private ready: Promise<void> = Promise.resolve();

  constructor(private readonly options: WorkerProcessOptions) {}

  /** Resolves when the child says it is working. */
  start(): Promise<void> {
    this.stopping = false;
    this.ready = this.spawn().catch((error) => {
      this.stopping = true; // no restarts for a worker that never came up: the caller decides
      throw error;
    });
    return this.ready;
  }

  /** New work is in the inbox. Wakes are coalesced: a burst of deliveries sends a few, not thousands. */
  wake(): void {
    if (this.wakePending || !this.child?.connected) return;
    this.wakePending = true;
    setTimeout(() => {
      this.wakePending = false;
      if (this.child?.connected) this.child.send({ cmd: "wake" });
    }, this.options.wakeEveryMs ?? 10).unref();
  }

  /** Asks the child to finish the jobs in hand and exit. */
  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    await exited;
    clearTimeout(timer);
  }

  private spawn(): Promise<void> {
    const child = fork(RAPPORT_BIN, ["worker"], {
      env: this.options.env,
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    this.child = child;
    if (child.pid !== undefined && this.options.niceness) {
      try {
        setPriority(child.pid, this.options.niceness);
      } catch {
        // Not permitted here: the worker runs at the server's priority.
      }
    }
    return new Promise<void>((resolve, reject) => {
      const onMessage = (message: unknown) => {
        if ((message as { status?: string }).status === "working") {
          child.off("message", onMessage);
          resolve();
        }
      };
      child.on("message", onMessage);
      child.once("exit", (code, signal) => {
        reject(new Error(`the inbox worker exited before it started (${signal ?? code})`));
        if (this.stopping) return;
        this.options.logger.error({ code, signal }, "inbox worker process exited; restarting it");
        setTimeout(() => {
          if (!this.stopping) this.spawn().catch(() => {});
        }, this.options.restartDelayMs ?? 1_000).unref();
      });
    });
  }
}
