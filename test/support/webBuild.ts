/**
 * The admin panel as this checkout's sources build it, for tests that serve it: built once per set of
 * sources (a hash of web/ and the Vite config) into node_modules/.cache, so test files share one build
 * and a stale `web/dist` never hides a change.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const WEB_DIR = fileURLToPath(new URL("../../web", import.meta.url));
const CACHE_DIR = fileURLToPath(new URL("../../node_modules/.cache/rapport", import.meta.url));

function sourcesHash(): string {
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (name === "dist" || name === "node_modules") continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(path.slice(WEB_DIR.length)).update("\0").update(readFileSync(path));
    }
  };
  walk(WEB_DIR);
  return hash.digest("hex").slice(0, 16);
}

/** The folder holding index.html and assets/ built from the current sources. */
export async function builtWebUi(): Promise<string> {
  const outDir = join(CACHE_DIR, `web-${sourcesHash()}`);
  if (existsSync(join(outDir, "index.html"))) return outDir;
  const building = `${outDir}.${process.pid}.${Date.now()}`;
  const { build } = await import("vite");
  await build({
    configFile: join(WEB_DIR, "vite.config.ts"),
    logLevel: "error",
    build: { outDir: building, emptyOutDir: true },
  });
  try {
    renameSync(building, outDir);
  } catch {
    // Another test file finished the same build first: theirs is as good.
    rmSync(building, { recursive: true, force: true });
  }
  return outDir;
}
