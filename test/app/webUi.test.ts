import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTENT_SECURITY_POLICY } from "../../src/adapters/http/webUi.ts";
import { ADMIN_TOKEN, type Harness, startHarness } from "../support/rapportHarness.ts";
import { createPgliteTestDatabase, type TestDatabase } from "../support/testDatabase.ts";
import { builtWebUi } from "../support/webBuild.ts";

describe("the admin panel in the browser", () => {
  let database: TestDatabase;
  let h: Harness;
  /** The same app without a build. */
  let unbuilt: Harness;
  let distDir: string;

  beforeAll(async () => {
    // The panel as the sources build it now, so the checks below are about this checkout's build.
    distDir = await builtWebUi();
    database = await createPgliteTestDatabase();
    h = await startHarness(database.db, { webDistDir: distDir });
    unbuilt = await startHarness(database.db, { webDistDir: join(distDir, "missing") });
  }, 120_000);
  afterAll(async () => {
    await unbuilt?.close();
    await h?.close();
    await database?.close();
  });

  const get = (url: string, harness = h) => harness.rapport.app.inject({ method: "GET", url });
  const expectSecurityHeaders = (headers: Record<string, unknown>) => {
    expect(headers["content-security-policy"]).toBe(CONTENT_SECURITY_POLICY);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("no-referrer");
    expect(headers["x-frame-options"]).toBe("DENY");
  };

  it("serves index.html at / with the strict CSP, never cached", async () => {
    const response = await get("/");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/html/);
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.body).toContain('<div id="root">');
    expectSecurityHeaders(response.headers);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain("unsafe-inline");
  });

  it("answers a client route (a reload on /contacts/…) with index.html", async () => {
    const response = await get("/contacts/abc?tab=facts");
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe((await get("/")).body);
  });

  it("keeps the API's 404s JSON, and the API's responses carry the security headers too", async () => {
    const missing = await get("/api/nothing-here");
    expect(missing.statusCode).toBe(404);
    expect(missing.headers["content-type"]).toMatch(/^application\/json/);
    expectSecurityHeaders(missing.headers);
    for (const url of ["/webhooks/nothing", "/assets/nothing.js", "/health/x"]) {
      expect((await get(url)).statusCode, url).toBe(404);
    }
    const unauthorised = await get("/api/contacts");
    expect(unauthorised.statusCode).toBe(401);
    expectSecurityHeaders(unauthorised.headers);
    const contacts = await h.rapport.app.inject({
      method: "GET",
      url: "/api/contacts",
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(contacts.statusCode).toBe(200);
    expectSecurityHeaders(contacts.headers);
    expectSecurityHeaders((await get("/health")).headers);
  });

  it("serves the hashed assets cached for good", async () => {
    const files = await readdir(join(distDir, "assets"));
    const script = files.find((file) => file.endsWith(".js"));
    expect(script).toBeDefined();
    const response = await get(`/assets/${script}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/javascript/);
    expect(response.headers["cache-control"]).toContain("immutable");
    expectSecurityHeaders(response.headers);
  });

  it("builds an index.html without inline scripts or styles, which the CSP would block", async () => {
    const html = await readFile(join(distDir, "index.html"), "utf8");
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\/assets\//);
      expect(body?.trim()).toBe("");
    }
    expect(html).not.toMatch(/<style\b/);
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/\son[a-z]+=/);
  });

  it("says the panel is not built (503) when the build is missing, and the API still works", async () => {
    const response = await get("/contacts", unbuilt);
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain("npm run build:web");
    expectSecurityHeaders(response.headers);
    expect((await get("/health", unbuilt)).statusCode).toBe(200);
  });
});
