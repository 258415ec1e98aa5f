import { parseArgs } from "node:util";
import { CatalogError, readBusinessCatalog } from "../adapters/catalog/businessCatalogFile.ts";
import { ConfigError } from "../app/config.ts";
import { runMigrate, runSeedDemo } from "./adminCommands.ts";
import { runChat } from "./chatCommand.ts";
import { runExtract } from "./extractCommand.ts";
import { runServe } from "./serveCommand.ts";
import { runTry } from "./tryCommand.ts";
import { runUser } from "./userCommand.ts";
import { runWorker } from "./workerCommand.ts";

const USAGE = `rapport — a WhatsApp booking assistant that remembers its customers

usage:
  rapport serve
      the WhatsApp webhook, the admin API and the inbox worker (configuration: see README)
  rapport worker
      the inbox worker alone (PostgreSQL; \`serve\` starts one itself unless RAPPORT_WORKER=off)
  rapport chat [--phone +41791234567]
      be a customer in the terminal, through the same pipeline as the webhook
  rapport migrate
      apply database migrations
  rapport seed-demo [--customers]
      create or update the demo practice (demo/practice.json); with --customers, also ten demo
      customers (demo/customers.json) whose conversations go through the bot, if it has none yet
  rapport user add --email EMAIL --role owner|admin|staff|marketing [--name NAME] [--business ID]
      add a login for the admin API; the password is read from stdin or prompted (≥ 10 characters)
  rapport extract --business FILE < messages.jsonl > facts.jsonl
      one {"id","text","lang"?} JSON line in, one {"id","facts","signals"} line out
  rapport try [--business FILE] [text…]
      show what Rapport hears in a message (or type messages, one per line)
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "extract": {
        const { values } = parseArgs({ args: rest, options: { business: { type: "string" } } });
        if (!values.business) {
          process.stderr.write("rapport extract: --business FILE is required\n");
          return 2;
        }
        const catalog = await readBusinessCatalog(values.business);
        return await runExtract(catalog, process.stdin, process.stdout, process.stderr);
      }
      case "try": {
        const { values, positionals } = parseArgs({
          args: rest,
          options: { business: { type: "string" } },
          allowPositionals: true,
        });
        return await runTry(values.business, positionals);
      }
      case "serve":
        return await runServe();
      case "worker":
        return await runWorker();
      case "chat": {
        const { values } = parseArgs({ args: rest, options: { phone: { type: "string" } } });
        return await runChat({ phone: values.phone });
      }
      case "migrate":
        return await runMigrate();
      case "seed-demo": {
        const { values } = parseArgs({ args: rest, options: { customers: { type: "boolean" } } });
        return await runSeedDemo({ customers: values.customers ?? false });
      }
      case "user":
        return await runUser(rest);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        process.stderr.write(`rapport: unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof ConfigError || (err as Error).name === "DataDirLockedError") {
      process.stderr.write(`rapport ${command}: ${(err as Error).message}\n`);
      return 2;
    }
    if (err instanceof CatalogError || (err as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`rapport ${command}: ${(err as Error).message}\n`);
      return 2;
    }
    throw err;
  }
}
