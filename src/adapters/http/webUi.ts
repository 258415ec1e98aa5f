/**
 * The admin panel in the browser (the React app built by Vite into `web/dist`), served by the same
 * server: hashed files under /assets cached for good, and index.html — never cached — for `/` and
 * every client route, so a reload on /contacts/… works. Paths of the API, the webhook, the health
 * check and the assets keep their own 404s.
 *
 * Also the security headers of every response, API included: customer text is attacker-controlled,
 * so the Content-Security-Policy allows no inline script or style and nothing from elsewhere.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";

export const WEB_DIST_DIR = fileURLToPath(new URL("../../../web/dist", import.meta.url));

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

/** First segments that belong to the server, not to the single-page app. */
const SERVER_PREFIXES = ["api", "webhooks", "health", "assets"];

export interface WebUiOptions {
  /** The Vite build; defaults to `web/dist` of this checkout. */
  distDir?: string;
}

const webUiPlugin: FastifyPluginAsync<WebUiOptions> = async (app, options) => {
  const distDir = options.distDir ?? WEB_DIST_DIR;

  app.addHook("onSend", async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    return payload;
  });

  // Loaded here, not at the top: CLI commands that import the app but never serve skip its dependencies.
  const { default: fastifyStatic } = await import("@fastify/static");
  await app.register(fastifyStatic, {
    root: join(distDir, "assets"),
    prefix: "/assets/",
    // Vite names every file by its content hash: a changed file is a new URL.
    immutable: true,
    maxAge: "365d",
    index: false,
    // The build may appear after the server started (`npm run build:web`): look files up per request.
    wildcard: true,
    suppressWarning: true,
    decorateReply: false,
  });

  const indexPage = async (request: FastifyRequest, reply: FastifyReply) => {
    const first = request.url.split("?")[0]?.split("/")[1] ?? "";
    if (SERVER_PREFIXES.includes(first)) return reply.callNotFound();
    reply.header("cache-control", "no-store");
    let html: Buffer;
    try {
      html = await readFile(join(distDir, "index.html"));
    } catch {
      return reply.code(503).type("text/html; charset=utf-8").send(NOT_BUILT_PAGE);
    }
    return reply.type("text/html; charset=utf-8").send(html);
  };
  app.get("/", indexPage);
  app.get("/*", indexPage);
};

// Not encapsulated, so the onSend hook reaches every route; `createRapport` registers it first, since
// plugins registered before it would not inherit the hook.
export const webUi = Object.assign(webUiPlugin, { [Symbol.for("skip-override")]: true });

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rapport: admin panel not built</title></head>
<body>
<h1>The admin panel is not built yet</h1>
<p>Run <code>npm run build:web</code> (or <code>npm install</code>, which builds it) and reload this page.
The API, the webhook and the health check work without it.</p>
</body></html>
`;
