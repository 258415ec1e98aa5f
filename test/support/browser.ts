/**
 * Headless Chromium for the end-to-end tests, driven by playwright-core (Debian's `chromium`, not a
 * downloaded browser). Where no Chromium is installed the browser tests are skipped with a notice
 * that says how to get one, unless the run is CI (`CI=true` or RAPPORT_TEST_BROWSER=1), where a
 * missing browser fails: `.ci/run` installs it and requires these tests.
 */
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM_PATH = process.env.RAPPORT_CHROMIUM ?? "/usr/bin/chromium";
const BROWSER_REQUIRED = process.env.RAPPORT_TEST_BROWSER === "1" || process.env.CI === "true";

/** Why browser tests cannot run here, or null when they can. Throws in CI when Chromium is missing. */
export function browserUnavailable(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null;
  const reason =
    `Chromium not found at ${CHROMIUM_PATH}: the browser tests are skipped. ` +
    "Install it with `apt-get install -y chromium` (or set RAPPORT_CHROMIUM to its path).";
  if (BROWSER_REQUIRED) throw new Error(`${reason} They are required in CI.`);
  console.warn(`\n⚠️  ${reason}\n`);
  return reason;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    // Without the background-networking flags Chromium keeps dialling Google's hosts, which this
    // machine's closed network refuses.
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}
