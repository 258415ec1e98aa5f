/**
 * Ingest benchmark: signed WhatsApp webhook POSTs with unique message ids, over loopback (autocannon),
 * against Rapport on PostgreSQL with its inbox worker running (extraction, profile store, replies to a
 * local fake Graph API). In the same run, the same load against a bare baseline server: Fastify +
 * HMAC check + one `INSERT … ON CONFLICT DO NOTHING` per request.
 *
 *   npm run bench:ingest [-- --rounds 3 --seconds 6 --connections 50 --customers 2000 --check]
 *
 * Rounds alternate baseline and Rapport, each on a fresh database on RAPPORT_BENCH_POSTGRES_URL
 * (default postgres://postgres@127.0.0.1:5432), dropped afterwards; the verdict uses the medians.
 * Each server runs in a child process of its own, and so does the fake Graph API (in production it
 * is remote: its CPU time is not Rapport's).
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
import { WORKER_NICENESS, WorkerProcess } from "../src/app/WorkerProcess.ts";
import { startFakeGraphApi } from "../test/support/fakeGraphApi.ts";

const TARGETS = { ratio: 0.7, p99Ms: 60, processedPerSecond: 500 };

const { values: args } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    seconds: { type: "string", default: "6" },
    connections: { type: "string", default: "50" },
    customers: { type: "string", default: "2000" },
    check: { type: "boolean", default: false },
    serve: { type: "string" },
    db: { type: "string" },
    graph: { type: "string" },
    "graph-token": { type: "string" },
  },
});
const ROUNDS = Math.max(1, Number(args.rounds));
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
  /** Epoch ms when the load started. */
  startedAt: number;
  /** Requests autocannon sent (some may still be in flight when it stops). */
  sent: number;
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
    startedAt: started,
    sent: result.requests.sent,
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

async function rapportServer(databaseUrl: string, graph: { url: string; accessToken: string }) {
  const opened = await openPostgresDatabase(databaseUrl);
  const env = {
    ...process.env,
    WHATSAPP_APP_SECRET: APP_SECRET,
    WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID,
    WHATSAPP_GRAPH_URL: graph.url,
    WHATSAPP_ACCESS_TOKEN: graph.accessToken,
    RAPPORT_ENCRYPTION_KEY: generateKey(),
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: "warn",
    RAPPORT_WORKER: process.env.BENCH_WORKER ?? "process",
    RAPPORT_WORKER_POLL_MS: "100",
  };
  const config = loadConfig(env);
  const logger = createLogger("warn");
  // As `rapport serve` runs it: the worker in a child process, woken when work is queued.
  const workerProcess =
    config.worker === "process" && !process.env.BENCH_NO_WORKER
      ? new WorkerProcess({ env, logger, niceness: Number(process.env.BENCH_NICE ?? WORKER_NICENESS) })
      : null;
  if (process.env.EXP_DROP)
    for (const q of process.env.EXP_DROP.split(";")) await opened.db.execute(sql.raw(q));
  await seedBusiness(opened.db, await readPracticeFile(DEMO_PRACTICE_FILE), PHONE_NUMBER_ID);
  const app = createRapport({
    config,
    db: opened.db,
    ingestDb: opened.ingestDb,
    cipher: createFieldCipher(config.encryptionKey ?? ""),
    logger,
    ...(workerProcess && { onQueued: () => workerProcess.wake() }),
    sender: new GraphApiSender({ graphUrl: graph.url, apiVersion: "v21.0", accessToken: graph.accessToken }),
    worker: {
      lanes: Number(process.env.RAPPORT_WORKER_LANES ?? 2),
      batchSize: Number(process.env.RAPPORT_WORKER_BATCH ?? 64),
      concurrency: Number(process.env.RAPPORT_WORKER_CONCURRENCY ?? 32),
      pollMs: 100,
    },
  });
  await workerProcess?.start();
  const url = await app.app.listen({ port: 0, host: "127.0.0.1" });
  if (config.worker === "inline" && !process.env.BENCH_NO_WORKER) app.worker.start();
  return {
    url,
    /** Waits until the worker has finished everything acknowledged, then reports. */
    async finish() {
      const deadline = Date.now() + 300_000;
      for (;;) {
        const [open] = rowsOf<{ n: number }>(
          await opened.db.execute(
            sql.raw("SELECT count(*)::int AS n FROM inbound_inbox WHERE status IN ('pending', 'running')"),
          ),
        );
        if ((open?.n ?? 0) === 0 || Date.now() > deadline || process.env.BENCH_NO_WORKER) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const [stats] = rowsOf<Record<string, number>>(
        await opened.db.execute(
          sql.raw(`
          SELECT (SELECT count(*)::int FROM inbound_inbox) AS stored,
                 (SELECT count(*)::int FROM inbound_inbox WHERE status = 'done') AS done,
                 (SELECT count(*)::int FROM inbound_inbox WHERE status = 'failed') AS failed,
                 (SELECT count(*)::int FROM messages WHERE direction = 'out' AND wamid IS NOT NULL) AS replies,
                 (SELECT EXTRACT(EPOCH FROM max(finished_at))::float * 1000 FROM inbound_inbox) AS "lastDoneAt"
        `),
        ),
      );
      await app.close();
      await workerProcess?.stop();
      await opened.close();
      return stats ?? {};
    },
  };
}

/**
 * The servers run in a child process (this file with --serve): autocannon in the same event loop
 * would take the CPU time the server under test needs.
 */
async function inChild<T>(
  role: "baseline" | "rapport" | "graph",
  extra: string[],
  work: (ready: Record<string, unknown>) => Promise<unknown>,
) {
  const child = fork(fileURLToPath(import.meta.url), ["--serve", role, ...extra], {
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
  const loadResult = await work(ready);
  const done = next();
  child.send({ cmd: "finish" });
  const stats = await done;
  return { loadResult: loadResult as T, stats };
}

async function serve(role: string, databaseUrl: string) {
  const send = (message: Record<string, unknown>) => process.send?.(message);
  if (role === "graph") {
    const graph = await startFakeGraphApi();
    send({ url: graph.url, accessToken: graph.accessToken });
    process.once("message", async () => {
      const accepted = graph.requests.length;
      await graph.close();
      send({ accepted });
      process.exit(0);
    });
    return;
  }
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
  const server = await rapportServer(databaseUrl, {
    url: args.graph ?? "",
    accessToken: args["graph-token"] ?? "",
  });
  send({ url: server.url });
  process.once("message", async () => {
    const stats = await server.finish();
    send(stats);
    process.exit(0);
  });
}

interface RapportStats {
  stored: number;
  done: number;
  failed: number;
  replies: number;
  lastDoneAt: number;
}

interface Round {
  baseline: LoadResult;
  rapport: LoadResult;
  stats: RapportStats;
  ratio: number;
  /** Jobs done per second, from the first request sent to the last job done. */
  processedPerSecond: number;
  /** Acknowledged but not stored (in-flight requests at the end may be stored without an ack). */
  lost: number;
}

async function withFreshDatabase<T>(use: (url: string) => Promise<T>): Promise<T> {
  const name = `rapport_bench_${process.pid}_${runId}_${randomBytes(2).toString("hex")}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  try {
    return await use(url.toString());
  } finally {
    await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}

async function round(n: number): Promise<Round> {
  const baseline = await withFreshDatabase(async (url) => {
    const { loadResult } = await inChild<LoadResult>("baseline", ["--db", url], (ready) =>
      load(String(ready.url)),
    );
    return loadResult;
  });
  const { rapport, stats } = await withFreshDatabase(async (url) => {
    let result: { rapport: LoadResult; stats: RapportStats } | undefined;
    await inChild<void>("graph", [], async (graph) => {
      const { loadResult, stats } = await inChild<LoadResult>(
        "rapport",
        ["--db", url, "--graph", String(graph.url), "--graph-token", String(graph.accessToken)],
        (ready) => load(String(ready.url)),
      );
      result = { rapport: loadResult, stats: stats as unknown as RapportStats };
    });
    if (!result) throw new Error("no result from the Rapport server");
    return result;
  });
  const ratio = rapport.perSecond / baseline.perSecond;
  const processedPerSecond = stats.done / ((stats.lastDoneAt - rapport.startedAt) / 1000);
  const lost = Math.max(0, rapport.acked - stats.stored);
  const r: Round = { baseline, rapport, stats, ratio, processedPerSecond, lost };
  process.stdout.write(
    `round ${n}: baseline ${baseline.perSecond.toFixed(0)} req/s (p99 ${baseline.p99} ms) | ` +
      `rapport ${rapport.perSecond.toFixed(0)} acked/s, ratio ${ratio.toFixed(2)}, p50 ${rapport.p50} ms, ` +
      `p99 ${rapport.p99} ms, ${processedPerSecond.toFixed(0)}/s fully processed | sent ${rapport.sent}, ` +
      `acked ${rapport.acked}, stored ${stats.stored}, done ${stats.done}, failed ${stats.failed}, ` +
      `replies sent ${stats.replies}, errors ${rapport.errors + rapport.non2xx}, lost ${lost}\n`,
  );
  return r;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function main() {
  process.stdout.write(
    `bench:ingest — ${ROUNDS} rounds of ${SECONDS} s per server (alternating), ${CONNECTIONS} connections, ` +
      `${CUSTOMERS} customers, PostgreSQL\n`,
  );
  const rounds: Round[] = [];
  for (let n = 1; n <= ROUNDS; n++) rounds.push(await round(n));
  const m = (pick: (r: Round) => number) => median(rounds.map(pick));
  const result = {
    baseline: m((r) => r.baseline.perSecond),
    acked: m((r) => r.rapport.perSecond),
    ratio: m((r) => r.ratio),
    p99: m((r) => r.rapport.p99),
    processed: m((r) => r.processedPerSecond),
    lost: rounds.reduce((sum, r) => sum + r.lost, 0),
    failed: rounds.reduce((sum, r) => sum + r.stats.failed, 0),
  };
  const verdict = (ok: boolean) => (ok ? "PASS" : "FAIL");
  const checks = [
    [
      result.ratio >= TARGETS.ratio,
      `ratio to baseline   ${result.ratio.toFixed(2)}  (target ≥ ${TARGETS.ratio})`,
    ],
    [result.p99 <= TARGETS.p99Ms, `p99 ack             ${result.p99} ms  (target ≤ ${TARGETS.p99Ms} ms)`],
    [
      result.processed >= TARGETS.processedPerSecond,
      `fully processed     ${result.processed.toFixed(0)}/s  (target ≥ ${TARGETS.processedPerSecond}/s)`,
    ],
    [
      result.lost === 0 && result.failed === 0,
      `lost                ${result.lost} acked but not stored, ${result.failed} failed jobs  (target 0)`,
    ],
  ] as const;
  const lines = [
    "",
    `medians of ${rounds.length}: baseline ${result.baseline.toFixed(0)} req/s, Rapport ${result.acked.toFixed(0)} acked msgs/s`,
    ...checks.map(([ok, text]) => `${verdict(ok)}  ${text}`),
    `${verdict(checks.every(([ok]) => ok))}  overall`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  if (args.check && !checks.every(([ok]) => ok)) process.exitCode = 1;
}

if (args.serve) await serve(args.serve, args.db ?? "");
else await main();
