import { loadConfig } from "../app/config.ts";
import { startRapport } from "../app/startRapport.ts";

/** `rapport serve`: runs until SIGINT/SIGTERM, then stops cleanly (the worker finishes its jobs). */
export async function runServe(): Promise<number> {
  const rapport = await startRapport(loadConfig());
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  process.stdout.write("\nStopping…\n");
  await rapport.shutdown();
  return 0;
}
