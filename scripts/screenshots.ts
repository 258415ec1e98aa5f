/**
 * `npm run screenshots`: the README's pictures of the admin panel, taken the way the browser tests
 * drive it. An in-memory database gets the demo practice and the demo customers (their conversations
 * through the real bot), an owner logs in in headless Chromium, and each main screen is saved as a PNG
 * in docs/screenshots/. Needs Debian's chromium (`apt-get install -y chromium`). The panel is built
 * from the current web/ sources (the browser tests' cached build), so a stale web/dist never ends up
 * in the README.
 */
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { createFieldCipher, generateKey } from "../src/adapters/crypto/fieldEncryption.ts";
import { DEMO_PRACTICE_FILE, readPracticeFile, seedBusiness } from "../src/adapters/db/businessSeed.ts";
import { openPgliteDatabase } from "../src/adapters/db/openDatabase.ts";
import { localChatSender } from "../src/adapters/whatsapp/LocalChatSender.ts";
import { loadConfig } from "../src/app/config.ts";
import { createRapport } from "../src/app/createRapport.ts";
import { seedDemoCustomers } from "../src/app/demoCustomers.ts";
import { createLogger } from "../src/app/logger.ts";
import { builtWebUi } from "../test/support/webBuild.ts";

const OUT_DIR = fileURLToPath(new URL("../docs/screenshots/", import.meta.url));
const CHROMIUM = process.env.RAPPORT_CHROMIUM ?? "/usr/bin/chromium";
const OWNER = { email: "owner@praxis-am-see.example", password: "demo password 2026" };

const config = loadConfig({
  ...process.env,
  DATABASE_URL: "",
  RAPPORT_ENCRYPTION_KEY: generateKey(),
  WHATSAPP_PHONE_NUMBER_ID: "rapport-screenshots",
});
const opened = await openPgliteDatabase();
const practice = await readPracticeFile(DEMO_PRACTICE_FILE);
const { businessId } = await seedBusiness(opened.db, practice, config.whatsapp.phoneNumberId);
const rapport = createRapport({
  config,
  db: opened.db,
  cipher: createFieldCipher(config.encryptionKey ?? ""),
  logger: createLogger("warn"),
  sender: localChatSender(() => {}),
  webDistDir: await builtWebUi(),
});
await seedDemoCustomers({
  rapport,
  db: opened.db,
  businessId,
  phoneNumberId: config.whatsapp.phoneNumberId,
  displayPhone: practice.practice.displayPhone ?? "",
  timezone: practice.catalog.timezone,
});
await rapport.auth.addUser({
  businessId,
  email: OWNER.email,
  displayName: "Dr. Anna Weber",
  role: "owner",
  password: OWNER.password,
});
const baseURL = await rapport.app.listen({ host: "127.0.0.1", port: 0 });
const sarah = await rapport.contacts.findByWaId(opened.db, businessId, "41791000101");

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
try {
  const context = await browser.newContext({
    baseURL,
    locale: process.env.SCREENSHOT_LOCALE ?? "en-US",
    viewport: { width: 1360, height: 860 },
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByTestId("login-email").fill(OWNER.email);
  await page.getByTestId("login-password").fill(OWNER.password);
  await page.getByTestId("login-submit").click();
  await page.getByTestId("main-nav").waitFor();
  mkdirSync(OUT_DIR, { recursive: true });
  const shots: Array<{ name: string; path: string; ready: string; click?: string }> = [
    { name: "contacts", path: "/contacts", ready: "contact-row" },
    { name: "contact", path: `/contacts/${sarah?.id}`, ready: "alert-banner" },
    { name: "conversations", path: `/conversations/${sarah?.id}`, ready: "transcript-message" },
    // Tomorrow: the demo customers' next appointments.
    { name: "calendar", path: "/calendar", ready: "staff-column", click: "calendar-next" },
    { name: "insights", path: "/insights", ready: "kpi" },
    { name: "settings", path: "/settings", ready: "absence-settings" },
  ];
  for (const shot of shots) {
    await page.goto(shot.path);
    await page.getByTestId(shot.ready).first().waitFor({ timeout: 15_000 });
    if (shot.click) {
      await page.getByTestId(shot.click).click();
      await page.getByTestId("calendar-appointment").first().waitFor({ timeout: 15_000 });
    }
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: `${OUT_DIR}${shot.name}.png`, fullPage: false });
    process.stdout.write(`docs/screenshots/${shot.name}.png\n`);
  }
} finally {
  await browser.close();
  await rapport.close();
  await opened.close();
}
