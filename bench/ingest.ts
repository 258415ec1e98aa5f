/**
 * Ingest benchmark: signed WhatsApp webhook POSTs with unique message ids, over loopback (autocannon),
 * against Rapport on PostgreSQL with its inbox worker running (extraction, profile store, replies to a
 * local fake Graph API). In the same run, the same load against a bare baseline server: Fastify +
 * HMAC check + one `INSERT … ON CONFLICT DO NOTHING` per request.
 *
 *   npm run bench:ingest [-- --seconds 10 --connections 50 --customers 2000 --check]
 *
 * Uses a fresh database on RAPPORT_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432),
 * dropped afterwards.
 */

import { fork } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { sql } from "drizzle-orm";
import Fastify from "fastify";
import pg from "pg";
import { createFieldCipher, generateKey } from "../src/adapters/crypto/fieldEncryption.ts";
import { DEMO_PRACTICE_FILE, readPracticeFile, seedBusiness } from "../src/adapters/db/businessSeed.ts";
import { rowsOf } from "../src/adapters/db/database.ts";
import { openPostgresDatabase } from "../src/adapters/db/openDatabase.ts";
import { GraphApiSender } from "../src/adapters/whatsapp/GraphApiSender.ts";
import { verifySignature } from "../src/adapters/whatsapp/whatsappSignature.ts";
import { loadConfig } from "../src/app/config.ts";
import { createRapport } from "../src/app/createRapport.ts";
import { createLogger } from "../src/app/logger.ts";
import { startFakeGraphApi } from "../test/support/fakeGraphApi.ts";

const TARGETS = { ratio: 0.7, p99Ms: 60, processedPerSecond: 500 };

const { values: args } = parseArgs({
  options: {
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
    customers: { type: "string", default: "2000" },
    check: { type: "boolean", default: false },
    serve: { type: "string" },
    db: { type: "string" },
  },
});
const SECONDS = Number(args.seconds);
const CONNECTIONS = Number(args.connections);
const CUSTOMERS = Number(args.customers);
const APP_SECRET = "bench-app-secret";
const PHONE_NUMBER_ID = "109876543210";
const ADMIN_URL = process.env.RAPPORT_BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

const TEXTS = [
  "Hi, I'd like to book a cleaning, mornings are best for me",
  "Grüezi, ich hätte gern einen Termin bei Dr. Weber, am liebsten dienstags",
  "I'm a bit nervous about needles, can you be gentle?",
  "Können Sie mir bitte nur per WhatsApp schreiben, keine Anrufe",
  "Do you have anything on Thursday after 5pm?",
  "Ich bin allergisch auf Latex",
  "what do you know about me?",
  "Thanks, see you then!",
];

let sequence = 0;
const runId = randomBytes(3).toString("hex");

/** One signed delivery with a unique wamid, from one of CUSTOMERS customers. */
function delivery(): { body: string; signature: string } {
  const n = ++sequence;
  const waId = `4179${String(n % CUSTOMERS).padStart(7, "0")}`;
  const body = JSON.stringify({
    object: "whatsapp_business_account",
    entry: [
      {
        id: "1",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "41445551020", phone_number_id: PHONE_NUMBER_ID },
              contacts: [{ profile: { name: "Bench" }, wa_id: waId }],
              messages: [
                {
                  from: waId,
                  id: `wamid.bench.${runId}.${n}`,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  type: "text",
                  text: { body: TEXTS[n % TEXTS.length] },
                },
              ],
            },
          },
        ],
      },
    ],
  });
  return { body, signature: `sha256=${createHmac("sha256", APP_SECRET).update(body).digest("hex")}` };
}

interface LoadResult {
  acked: number;
  errors: number;
  non2xx: number;
  perSecond: number;
  p99: number;
  p50: number;
  durationSeconds: number;
}

async function load(url: string): Promise<LoadResult> {
  const started = Date.now();
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: "POST",
        path: "/webhooks/whatsapp",
        setupRequest: (request) => {
          const { body, signature } = delivery();
          return {
            ...request,
            body,
            headers: { "content-type": "application/json", "x-hub-signature-256": signature },
          };
        },
      },
    ],
  });
  const durationSeconds = (Date.now() - started) / 1000;
  return {
    acked: result["2xx"],
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    perSecond: result["2xx"] / durationSeconds,
    p99: result.latency.p99,
    p50: result.latency.p50,
    durationSeconds,
  };
}

async function withAdmin<T>(use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

async function baselineServer(databaseUrl: string) {
  const pool = new pg.Pool({ connectionString: databaseUrl });
  await pool.query("CREATE TABLE baseline_inbox (wamid text PRIMARY KEY, body jsonb NOT NULL)");
  const app = Fastify();
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_req, body, done) => done(null, body));
  app.post("/webhooks/whatsapp", async (request, reply) => {
    const raw = request.body as Buffer;
    if (!verifySignature(APP_SECRET, raw, request.headers["x-hub-signature-256"])) {
      return reply.code(401).send();
    }
    const body = JSON.parse(raw.toString("utf8"));
    const wamid = body.entry[0].changes[0].value.messages[0].id as string;
    await pool.query("INSERT INTO baseline_inbox (wamid, body) VALUES ($1, $2) ON CONFLICT DO NOTHING", [
      wamid,
      raw.toString("utf8"),
    ]);
    return { received: true };
  });
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  return {
    url,
    async close() {
      await app.close();
      await pool.end();
    },
  };
}

async function rapportServer(databaseUrl: string) {
  const graph = await startFakeGraphApi();
  const opened = await openPostgresDatabase(databaseUrl);
  const config = loadConfig({
    WHATSAPP_APP_SECRET: APP_SECRET,
    WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
    RAPPORT_ENCRYPTION_KEY: generateKey(),
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: "warn",
  });
  await seedBusiness(opened.db, await readPracticeFile(DEMO_PRACTICE_FILE), PHONE_NUMBER_ID);
  const app = createRapport({
    config,
    db: opened.db,
    cipher: createFieldCipher(config.encryptionKey ?? ""),
    logger: createLogger("warn"),
    sender: new GraphApiSender({ graphUrl: graph.url, apiVersion: "v21.0", accessToken: graph.accessToken }),
    worker: {
      lanes: Number(process.env.BENCH_LANES ?? 2),
      batchSize: Number(process.env.BENCH_BATCH ?? 8),
      pollMs: 100,
    },
  });
  const url = await app.app.listen({ port: 0, host: "127.0.0.1" });
  app.worker.start();
  return {
    url,
    /** Waits until the worker has finished everything acknowledged, then reports. */
    async finish() {
      const deadline = Date.now() + 300_000;
      for (;;) {
        const [open] = rowsOf<{ n: number }>(
          await opened.db.execute(
            sql.raw("SELECT count(*)::int AS n FROM inbound_jobs WHERE status IN ('pending', 'running')"),
          ),
        );
        if ((open?.n ?? 0) === 0 || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const [stats] = rowsOf<Record<string, number>>(
        await opened.db.execute(
          sql.raw(`
          SELECT (SELECT count(*)::int FROM messages WHERE direction = 'in') AS stored,
                 (SELECT count(*)::int FROM inbound_jobs WHERE status = 'done') AS done,
                 (SELECT count(*)::int FROM inbound_jobs WHERE status = 'failed') AS failed,
                 (SELECT count(*)::int FROM messages WHERE direction = 'out' AND wamid IS NOT NULL) AS replies,
                 (SELECT EXTRACT(EPOCH FROM max(finished_at) - min(created_at))::float FROM inbound_jobs) AS seconds
        `),
        ),
      );
      await app.close();
      await opened.close();
      await graph.close();
      return stats ?? {};
    },
  };
}

/**
 * The servers run in a child process (this file with --serve): autocannon in the same event loop
 * would take the CPU time the server under test needs.
 */
async function inChild<T>(
  role: "baseline" | "rapport",
  databaseUrl: string,
  work: (url: string) => Promise<unknown>,
) {
  const child = fork(fileURLToPath(import.meta.url), ["--serve", role, "--db", databaseUrl], {
    execArgv: [
      "--import",
      "tsx",
      ...(process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
    ],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      child.once("message", (message) => resolve(message as Record<string, unknown>));
      child.once("exit", (code) => reject(new Error(`${role} server exited (${code})`)));
    });
  const ready = await next();
  const loadResult = await work(String(ready.url));
  const done = next();
  child.send({ cmd: "finish" });
  const stats = await done;
  return { loadResult: loadResult as T, stats };
}

async function serve(role: string, databaseUrl: string) {
  const send = (message: Record<string, unknown>) => process.send?.(message);
  if (role === "baseline") {
    const server = await baselineServer(databaseUrl);
    send({ url: server.url });
    process.once("message", async () => {
      await server.close();
      send({});
      process.exit(0);
    });
    return;
  }
  const server = await rapportServer(databaseUrl);
  send({ url: server.url });
  process.once("message", async () => {
    const stats = await server.finish();
    send(stats);
    process.exit(0);
  });
}

async function main() {
  const name = `rapport_bench_${process.pid}_${runId}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  try {
    process.stdout.write(
      `bench:ingest — ${SECONDS}s per server, ${CONNECTIONS} connections, ${CUSTOMERS} customers, PostgreSQL\n`,
    );
    const { loadResult: base } = await inChild<LoadResult>("baseline", url.toString(), load);
    process.stdout.write(`baseline: ${base.perSecond.toFixed(0)} acked/s, p99 ${base.p99} ms\n`);
    const { loadResult: r, stats: raw } = await inChild<LoadResult>("rapport", url.toString(), load);
    const stats = raw as { stored: number; done: number; failed: number; replies: number; seconds: number };
    const ratio = r.perSecond / base.perSecond;
    const processedPerSecond = stats.done / stats.seconds;
    // Requests still in flight when the load stopped are stored but not counted as acknowledged.
    const lost = Math.max(0, r.acked - stats.stored);
    const lines = [
      `rapport:  ${r.perSecond.toFixed(0)} acked/s (p50 ${r.p50} ms, p99 ${r.p99} ms), errors ${r.errors}, non-2xx ${r.non2xx}`,
      `          processed ${stats.done} jobs in ${stats.seconds.toFixed(1)} s = ${processedPerSecond.toFixed(0)}/s fully processed` +
        ` (${stats.replies} replies accepted by the fake Graph API, ${stats.failed} failed jobs)`,
      `          acked ${r.acked}, stored ${stats.stored} (≥ acked: in-flight at the end count as stored), lost ${lost}`,
      "",
      `ratio to baseline ${ratio.toFixed(2)} (target ≥ ${TARGETS.ratio})`,
      `p99 ack ${r.p99} ms (target ≤ ${TARGETS.p99Ms})`,
      `fully processed ${processedPerSecond.toFixed(0)}/s (target ≥ ${TARGETS.processedPerSecond})`,
      `stored = sent: ${lost === 0 ? "yes" : "NO"}`,
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
    const ok =
      ratio >= TARGETS.ratio &&
      r.p99 <= TARGETS.p99Ms &&
      processedPerSecond >= TARGETS.processedPerSecond &&
      lost === 0;
    if (args.check && !ok) process.exitCode = 1;
  } finally {
    await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}

if (args.serve) await serve(args.serve, args.db ?? "");
else await main();
