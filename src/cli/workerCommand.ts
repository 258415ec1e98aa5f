/**
 * `rapport worker`: the inbox worker alone, on PostgreSQL — as `rapport serve`'s child process, or on
 * its own next to servers started with RAPPORT_WORKER=off. Stops cleanly on SIGTERM/SIGINT (or when
 * its parent goes away), finishing the jobs in hand.
 */
import { getPriority } from "node:os";
import { ConfigError, loadConfig } from "../app/config.ts";
import { createInboxWorker } from "../app/createRapport.ts";
import { createLogger } from "../app/logger.ts";
import { openRapportDatabase } from "../app/openRapportDatabase.ts";

export async function runWorker(): Promise<number> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    throw new ConfigError(
      "rapport worker needs DATABASE_URL: the embedded database belongs to `rapport serve`, which works its inbox itself",
    );
  }
  const logger = createLogger(config.logLevel);
  // Started niced by `serve` (acknowledgements first): the PostgreSQL backends doing its work too.
  const { opened, cipher } = await openRapportDatabase(config, { backendNiceness: ownNiceness() });
  const { worker } = createInboxWorker({
    config,
    db: opened.db,
    cipher,
    logger,
    worker: {
      lanes: numberFrom(process.env.RAPPORT_WORKER_LANES, 2),
      batchSize: numberFrom(process.env.RAPPORT_WORKER_BATCH, 64),
      concurrency: numberFrom(process.env.RAPPORT_WORKER_CONCURRENCY, 32),
      pollMs: numberFrom(process.env.RAPPORT_WORKER_POLL_MS, 1_000),
    },
  });
  worker.start();
  process.on("message", (message) => {
    if ((message as { cmd?: string }).cmd === "wake") worker.notify();
  });
  process.send?.({ status: "working" });
  logger.info({ workerId: worker.workerId }, "inbox worker started");
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
    process.once("disconnect", resolve);
  });
  await worker.stop();
  await opened.close();
  // The IPC channel to `serve` would keep this process alive.
  if (process.connected) process.disconnect();
  return 0;
}

function ownNiceness(): number {
  try {
    return Math.max(0, getPriority());
  } catch {
    return 0;
  }
}

function numberFrom(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return value !== undefined && Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}
