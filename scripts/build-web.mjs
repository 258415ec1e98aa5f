#!/usr/bin/env node
/**
 * `npm install` / `npm ci` run this (the `prepare` script), so a fresh clone serves the admin panel
 * after `npm install && npm start`. Without the dev dependencies (`npm install --omit=dev`) Vite is
 * absent: then it says so and leaves the build to `npm run build:web`, instead of failing the install.
 */
try {
  import.meta.resolve("vite");
} catch {
  process.stdout.write(
    "rapport: Vite is not installed (dev dependencies omitted); the admin panel is not built.\n",
  );
  process.exit(0);
}
const { build } = await import("vite");
await build({
  configFile: new URL("../web/vite.config.ts", import.meta.url).pathname,
  logLevel: "warn",
});
process.stdout.write("rapport: admin panel built into web/dist\n");
