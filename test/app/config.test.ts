import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/app/config.ts";

describe("configuration from the environment", () => {
  it("starts with defaults: embedded database in ./data, Meta's Graph API", () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.whatsapp.graphUrl).toBe("https://graph.facebook.com");
  });

  it.each([
    [{ PORT: "eighty" }, "PORT"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ WHATSAPP_GRAPH_URL: "not a url" }, "WHATSAPP_GRAPH_URL"],
    [{ RAPPORT_ADMIN_TOKEN: "short" }, "RAPPORT_ADMIN_TOKEN"],
    [{ RAPPORT_ENCRYPTION_KEY: "abc" }, "RAPPORT_ENCRYPTION_KEY"],
    [{ DATABASE_URL: "postgres://localhost/rapport" }, "RAPPORT_ENCRYPTION_KEY: required with DATABASE_URL"],
    [{ RAPPORT_WORKER: "process" }, 'RAPPORT_WORKER: "process" needs DATABASE_URL'],
    [{ RAPPORT_WORKER: "threads" }, "RAPPORT_WORKER"],
    [{ RAPPORT_TRUST_PROXY: "yes please" }, "RAPPORT_TRUST_PROXY"],
  ])("refuses %o, naming %s", (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });

  it("runs the worker in a child process on PostgreSQL and inline on the embedded database", () => {
    const key = "a".repeat(64);
    expect(loadConfig({}).worker).toBe("inline");
    expect(loadConfig({ DATABASE_URL: "postgres://h/db", RAPPORT_ENCRYPTION_KEY: key }).worker).toBe(
      "process",
    );
    expect(
      loadConfig({ DATABASE_URL: "postgres://h/db", RAPPORT_ENCRYPTION_KEY: key, RAPPORT_WORKER: "off" })
        .worker,
    ).toBe("off");
  });

  it("trusts no proxy by default; RAPPORT_TRUST_PROXY names all, a hop count, or addresses", () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ RAPPORT_TRUST_PROXY: "true" }).trustProxy).toBe(true);
    expect(loadConfig({ RAPPORT_TRUST_PROXY: "127.0.0.1, 10.0.0.0/8" }).trustProxy).toBe(
      "127.0.0.1, 10.0.0.0/8",
    );
    const hops = loadConfig({ RAPPORT_TRUST_PROXY: "1" }).trustProxy;
    expect(typeof hops).toBe("function");
    if (typeof hops === "function") {
      expect(hops("10.0.0.1", 0)).toBe(true);
      expect(hops("10.0.0.2", 1)).toBe(false);
    }
  });
});
