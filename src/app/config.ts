/**
 * Rapport's configuration, from the environment, checked at start: a wrong value stops the process
 * with a message naming the variable, rather than failing on the first webhook.
 */
import { resolve } from "node:path";
import { z } from "zod";

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: optionalText.refine(
    (url) => url === undefined || /^postgres(ql)?:\/\/.+/.test(url),
    "must be a postgres:// or postgresql:// URL (leave it unset for the embedded database)",
  ),
  RAPPORT_DATA_DIR: z.string().min(1).default("./data"),
  RAPPORT_ENCRYPTION_KEY: optionalText.refine(
    (key) => key === undefined || /^[0-9a-fA-F]{64}$/.test(key) || /^[A-Za-z0-9+/]{43}=?$/.test(key),
    "must be 32 bytes written as base64 (44 characters) or hex (64 characters); `openssl rand -base64 32` makes one",
  ),
  WHATSAPP_APP_SECRET: optionalText,
  WHATSAPP_VERIFY_TOKEN: optionalText,
  WHATSAPP_ACCESS_TOKEN: optionalText,
  WHATSAPP_PHONE_NUMBER_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, "must be the phone number id from Meta's WhatsApp Manager (digits)")
    .default("rapport-demo"),
  WHATSAPP_GRAPH_URL: z.url({ protocol: /^https?$/ }).default("https://graph.facebook.com"),
  WHATSAPP_API_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, "must look like v21.0")
    .default("v21.0"),
  RAPPORT_ADMIN_TOKEN: optionalText.refine(
    (token) => token === undefined || token.length >= 16,
    "must be at least 16 characters (it is the only key to the admin API)",
  ),
  RAPPORT_TRUST_PROXY: optionalText.refine(
    (value) => value === undefined || /^(true|false|\d{1,2}|[\d.:a-fA-F/,\s]+)$/.test(value),
    'must be "true", "false", a number of proxy hops, or a comma-separated list of proxy addresses',
  ),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  RAPPORT_WORKER: z
    .enum(["auto", "process", "inline", "off", ""])
    .default("auto")
    .transform((value) => value || "auto"),
});

/**
 * Where the inbox worker runs. `process`: a child process of `rapport serve`, so extraction and the
 * profile store never hold up the webhook's acknowledgements (PostgreSQL only); `inline`: in the
 * server's own process (the embedded database has one owner, so PGlite always works this way);
 * `off`: not by this server — run `rapport worker` elsewhere.
 */
export type WorkerPlacement = "process" | "inline" | "off";

export interface RapportConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  encryptionKey: string | undefined;
  whatsapp: {
    appSecret: string | undefined;
    verifyToken: string | undefined;
    accessToken: string | undefined;
    phoneNumberId: string;
    graphUrl: string;
    apiVersion: string;
  };
  adminToken: string | undefined;
  /**
   * Fastify's `trustProxy`: whether X-Forwarded-Proto/-For from a reverse proxy are believed (for the
   * session cookie's Secure flag and the client address). Off unless RAPPORT_TRUST_PROXY says so.
   */
  trustProxy: boolean | string | ((address: string, hop: number) => boolean);
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
  worker: WorkerPlacement;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): RapportConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  if (e.DATABASE_URL && !e.RAPPORT_ENCRYPTION_KEY) {
    throw new ConfigError(
      "Invalid configuration:\n  RAPPORT_ENCRYPTION_KEY: required with DATABASE_URL (special notes are encrypted " +
        "with it; the embedded database keeps a generated key in its data folder instead). " +
        "`openssl rand -base64 32` makes one.",
    );
  }
  if (!e.DATABASE_URL && (e.RAPPORT_WORKER === "process" || e.RAPPORT_WORKER === "off")) {
    throw new ConfigError(
      `Invalid configuration:\n  RAPPORT_WORKER: "${e.RAPPORT_WORKER}" needs DATABASE_URL (the embedded database ` +
        "belongs to one process, so its worker runs inline)",
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: resolve(e.RAPPORT_DATA_DIR),
    encryptionKey: e.RAPPORT_ENCRYPTION_KEY,
    whatsapp: {
      appSecret: e.WHATSAPP_APP_SECRET,
      verifyToken: e.WHATSAPP_VERIFY_TOKEN,
      accessToken: e.WHATSAPP_ACCESS_TOKEN,
      phoneNumberId: e.WHATSAPP_PHONE_NUMBER_ID,
      graphUrl: e.WHATSAPP_GRAPH_URL,
      apiVersion: e.WHATSAPP_API_VERSION,
    },
    adminToken: e.RAPPORT_ADMIN_TOKEN,
    trustProxy: trustProxySetting(e.RAPPORT_TRUST_PROXY),
    logLevel: e.LOG_LEVEL,
    worker: e.RAPPORT_WORKER === "auto" ? (e.DATABASE_URL ? "process" : "inline") : e.RAPPORT_WORKER,
  };
}

function trustProxySetting(value: string | undefined): RapportConfig["trustProxy"] {
  if (value === undefined || value === "false") return false;
  if (value === "true") return true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return value;
}
