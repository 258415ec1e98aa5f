/**
 * The admin panel end to end: a real server on a port, real webhook deliveries through the worker, a
 * real Chromium driven by Playwright. What a clinic's team does, and what must never happen: a
 * marketing user seeing a health note, a customer's text running as markup.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../src/domain/access/RolePermissions.ts";
import { browserUnavailable, launchBrowser } from "../support/browser.ts";
import { ADMIN_TOKEN, type Harness, startHarness } from "../support/rapportHarness.ts";
import { createPgliteTestDatabase, type TestDatabase } from "../support/testDatabase.ts";
import { builtWebUi } from "../support/webBuild.ts";

const PASSWORD = "correct horse battery staple";
const NORA = "41791110001";
const MALLORY = "41791110002";
const XSS = "<img src=x onerror=alert(1)> Hi, do you have time on Friday?";

describe.skipIf(browserUnavailable() !== null)("the admin panel in Chromium", { timeout: 60_000 }, () => {
  let database: TestDatabase;
  let h: Harness;
  let browser: Browser;
  let baseUrl: string;
  let noraId: string;
  let malloryId: string;
  const email = (role: Role) => `${role}@e2e.example`;
  /** Every page's script errors, dialogs and CSP violations: each test ends expecting none. */
  const incidents: string[] = [];

  beforeAll(async () => {
    const webDistDir = await builtWebUi();
    database = await createPgliteTestDatabase();
    h = await startHarness(database.db, { webDistDir });
    await h.deliver(h.text(NORA, "Hi, I'm Nora Keller. I'm allergic to latex and I prefer mornings."));
    // Markup in the customer's WhatsApp profile name and in the message itself.
    await h.deliver(h.messages(MALLORY, [{ type: "text", text: { body: XSS } }], "<b>Mallory</b>"));
    await h.rapport.worker.drain();
    for (const role of ["owner", "staff", "marketing"] as const) {
      await h.rapport.auth.addUser({
        businessId: h.businessId,
        email: email(role),
        displayName: `E2E ${role}`,
        role,
        password: PASSWORD,
      });
    }
    const idOf = async (waId: string) =>
      (await h.rapport.contacts.findByWaId(database.db, h.businessId, waId))?.id;
    noraId = (await idOf(NORA)) ?? "";
    malloryId = (await idOf(MALLORY)) ?? "";
    baseUrl = await h.rapport.app.listen({ host: "127.0.0.1", port: 0 });
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
    await database?.close();
  });

  async function loggedIn(role: Role, locale = "en-US"): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale, baseURL: baseUrl });
    const page = await context.newPage();
    page.on("pageerror", (error) => incidents.push(`pageerror: ${error.message}`));
    page.on("dialog", async (dialog) => {
      // The calendar asks "how many minutes late?" with a prompt; anything else is an injected alert.
      if (dialog.type() !== "prompt") incidents.push(`dialog: ${dialog.message()}`);
      await dialog.dismiss();
    });
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text()))
        incidents.push(`csp: ${message.text()}`);
    });
    await page.goto("/");
    await page.getByTestId("login-email").fill(email(role));
    await page.getByTestId("login-password").fill(PASSWORD);
    await page.getByTestId("login-submit").click();
    await page.getByTestId("main-nav").waitFor();
    return { context, page };
  }

  it("staff open the contact who told the bot about a latex allergy: alert banner and her own words", async () => {
    const { context, page } = await loggedIn("staff");
    await page.getByTestId("nav-contacts").click();
    await page.getByTestId("contacts-search").fill("Nora");
    await page.getByTestId("contact-row").filter({ hasText: "Nora Keller" }).getByRole("link").click();
    await page.getByTestId("contact-screen").waitFor();
    await expect(page.getByTestId("contact-name").textContent()).resolves.toContain("Nora Keller");
    const banner = page.getByTestId("alert-banner");
    await expect(banner.textContent()).resolves.toMatch(/latex/i);
    await expect(banner.getByTestId("alert").first().getAttribute("data-severity")).resolves.toBe("critical");
    const quotes = await page.getByTestId("fact-quote").allTextContents();
    expect(quotes.some((quote) => /allergic to latex/i.test(quote))).toBe(true);
    // The address bar carries the contact's id, never what she said.
    expect(page.url()).toContain(noraId);
    expect(page.url()).not.toMatch(/latex|allerg/i);
    await context.close();
    expect(incidents).toEqual([]);
  });

  it("a German panel names her allergy in German, and keeps her own words as she wrote them", async () => {
    const { context, page } = await loggedIn("staff", "de-CH");
    await page.goto(`/contacts/${noraId}`);
    await page.getByTestId("contact-screen").waitFor();
    const banner = await page.getByTestId("alert-banner").textContent();
    expect(banner).toContain("Latexallergie – latexfreie Handschuhe verwenden");
    expect(banner).not.toMatch(/Latex allergy|gloves/);
    const quotes = await page.getByTestId("fact-quote").allTextContents();
    expect(quotes.some((quote) => /allergic to latex/i.test(quote))).toBe(true);
    await context.close();
    expect(incidents).toEqual([]);
  });

  it("staff add an allergy told on the phone: the alert appears with its action, marked as theirs", async () => {
    const { context, page } = await loggedIn("staff");
    await page.goto(`/contacts/${malloryId}`);
    await page.getByTestId("contact-screen").waitFor();
    await expect(page.getByTestId("alert-banner").count()).resolves.toBe(0);
    const form = page.getByTestId("add-to-profile");
    await form.getByTestId("add-field").selectOption("special_notes");
    await form.getByTestId("add-category").selectOption("allergy");
    await form.getByTestId("add-text").fill("Penicillin allergy (said on the phone)");
    await form.getByTestId("add-submit").click();
    const banner = page.getByTestId("alert-banner");
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toMatch(/no penicillin/i);
    const added = page.getByTestId("fact").filter({ hasText: "Penicillin allergy (said on the phone)" });
    await expect(added.textContent()).resolves.toContain(email("staff"));
    await context.close();
    // Marketing may add preferences, but is not offered health notes at all.
    const marketing = await loggedIn("marketing");
    await marketing.page.goto(`/contacts/${malloryId}`);
    await marketing.page.getByTestId("add-to-profile").waitFor();
    const categories = await marketing.page
      .getByTestId("add-category")
      .locator("option")
      .evaluateAll((options) => options.map((option) => (option as unknown as { value: string }).value));
    expect(categories).toEqual(["request", "cultural"]);
    await marketing.context.close();
    expect(incidents).toEqual([]);
  });

  it("a marketing user sees neither the alert nor the note, in the UI or through the API", async () => {
    const { context, page } = await loggedIn("marketing");
    const nav = page.getByTestId("main-nav");
    await expect(nav.getAttribute("data-role")).resolves.toBe("marketing");
    await expect(page.getByTestId("nav-conversations").count()).resolves.toBe(0);
    await expect(page.getByTestId("nav-calendar").count()).resolves.toBe(0);
    await page.goto(`/contacts/${noraId}`);
    await page.getByTestId("contact-screen").waitFor();
    await expect(page.getByTestId("contact-name").textContent()).resolves.toContain("Nora Keller");
    // Her time preference is there: the screen loaded what marketing may see.
    await page.getByTestId("time-preference").waitFor();
    await expect(page.getByTestId("alert-banner").count()).resolves.toBe(0);
    expect(await page.locator("body").textContent()).not.toMatch(/latex/i);
    // The same session cookie against the API: nothing about the allergy in any byte of the answer.
    const contact = await page.request.get(`/api/contacts/${noraId}`);
    expect(contact.status()).toBe(200);
    expect(await contact.text()).not.toMatch(/latex/i);
    const transcript = await page.request.get(`/api/contacts/${noraId}/messages`);
    expect(transcript.status()).toBe(403);
    await context.close();
    expect(incidents).toEqual([]);
  });

  it("a customer's markup renders as text in the list and the transcript, and runs nowhere", async () => {
    const { context, page } = await loggedIn("staff");
    await page.getByTestId("nav-conversations").click();
    const item = page.locator(`[data-testid="conversation-item"][href="/conversations/${malloryId}"]`);
    await item.click();
    const message = page.getByTestId("transcript-message").filter({ hasText: "onerror" }).first();
    await expect(message.textContent()).resolves.toContain(XSS);
    await expect(page.locator('img[src="x"]').count()).resolves.toBe(0);
    await expect(page.locator("b", { hasText: "Mallory" }).count()).resolves.toBe(0);
    expect(page.url()).toContain(malloryId);
    await context.close();
    expect(incidents).toEqual([]);
  });

  it("staff pause the bot, the customer's next message gets no bot answer, staff reply themselves", async () => {
    const { context, page } = await loggedIn("staff");
    await page.goto(`/conversations/${noraId}`);
    const toggle = page.getByTestId("bot-toggle");
    await expect(toggle.getAttribute("data-paused")).resolves.toBe("false");
    await toggle.click();
    await page.locator('[data-testid="bot-toggle"][data-paused="true"]').waitFor();

    const sentBefore = h.sentMessages().filter((m) => m.to === NORA).length;
    await h.deliver(h.text(NORA, "Can I come on Thursday morning?"));
    await h.rapport.worker.drain();
    expect(h.sentMessages().filter((m) => m.to === NORA)).toHaveLength(sentBefore);

    const reply = "Hi Nora, this is Lea from the practice: Thursday at 9:00 works, I've noted it.";
    await page.getByTestId("reply-box").fill(reply);
    await page.getByTestId("reply-send").click();
    await page
      .getByTestId("transcript-message")
      .filter({ hasText: "this is Lea from the practice" })
      .waitFor();
    const sent = h.sentMessages().filter((m) => m.to === NORA);
    expect(sent.at(-1)?.body).toBe(reply);

    // Resumed, the bot answers again.
    await toggle.click();
    await page.locator('[data-testid="bot-toggle"][data-paused="false"]').waitFor();
    await h.deliver(h.text(NORA, "Thank you!"));
    await h.rapport.worker.drain();
    expect(h.sentMessages().filter((m) => m.to === NORA).length).toBeGreaterThan(sent.length);
    await context.close();
    expect(incidents).toEqual([]);
  });

  it("an owner adds a staff member in Settings, ticks their days and a service, and the plan survives a reload", async () => {
    const { context, page } = await loggedIn("owner");
    await page.getByTestId("nav-settings").click();
    const form = page.getByTestId("add-staff");
    await form.getByTestId("add-staff-name").fill("Tina Vögeli");
    await form.getByTestId("add-staff-role").fill("dental hygienist");
    await form.getByTestId("add-staff-submit").click();

    // The server made the key from her name; her plan editor appears, not bookable yet.
    const planOf = () => page.locator('[data-testid="staff-plan"][data-staff="tina-voegeli"]');
    const plan = planOf();
    await plan.waitFor();
    for (const day of ["tue", "thu"])
      await plan.locator(`[data-testid="plan-day"][data-day="${day}"]`).check();
    await plan.getByTestId("plan-from").fill("09:00");
    await plan.getByTestId("plan-to").fill("12:00");
    await plan.getByTestId("plan-breaks").fill("10:00–10:15");
    await plan.locator('[data-testid="plan-service"][data-service="cleaning"]').check();
    await plan.getByTestId("plan-save").click();
    await plan.locator(".notice.ok").waitFor();

    await page.reload();
    const reloaded = planOf();
    await reloaded.waitFor();
    const day = (name: string) =>
      reloaded.locator(`[data-testid="plan-day"][data-day="${name}"]`).isChecked();
    await expect(day("tue")).resolves.toBe(true);
    await expect(day("thu")).resolves.toBe(true);
    await expect(day("mon")).resolves.toBe(false);
    await expect(reloaded.getByTestId("plan-from").inputValue()).resolves.toBe("09:00");
    await expect(reloaded.getByTestId("plan-breaks").inputValue()).resolves.toBe("10:00–10:15");
    await expect(
      reloaded.locator('[data-testid="plan-service"][data-service="cleaning"]').isChecked(),
    ).resolves.toBe(true);
    await expect(
      reloaded.locator('[data-testid="plan-service"][data-service="checkup"]').isChecked(),
    ).resolves.toBe(false);

    const schedule = await page.request.get(`/api/businesses/${h.businessId}/schedule`);
    expect((await schedule.json()).settings.staffHours["tina-voegeli"]).toEqual({
      days: ["tue", "thu"],
      from: "09:00",
      to: "12:00",
      breaks: [["10:00", "10:15"]],
      services: ["cleaning"],
    });
    await context.close();
    expect(incidents).toEqual([]);
  });

  it("an owner saving over someone else's newer settings is told so, reloads, and keeps both changes", async () => {
    const { context, page } = await loggedIn("owner");
    await page.getByTestId("nav-settings").click();
    const rules = page.getByTestId("booking-rules");
    await rules.waitFor();
    // Meanwhile someone else closes the practice for a day (an API script: no version, last save wins).
    const url = `/api/businesses/${h.businessId}/schedule`;
    const headers = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const current = (await h.rapport.app.inject({ method: "GET", url, headers })).json();
    const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Zurich" }).format(
      new Date(Date.now() + 50 * 86_400_000),
    );
    const closed = await h.rapport.app.inject({
      method: "PUT",
      url,
      headers,
      payload: { ...current.settings, closedDates: [...current.settings.closedDates, day] },
    });
    expect(closed.statusCode, closed.body).toBe(200);

    await rules.getByTestId("rule-min-notice").fill("4");
    await rules.getByTestId("rules-save").click();
    await rules.locator(".notice.error").waitFor();
    await expect(rules.locator(".notice.error").textContent()).resolves.toMatch(/someone else/i);
    await rules.getByTestId("settings-reload").click();
    await page.locator(`[data-testid="closed-date"][data-date="${day}"]`).waitFor();
    await rules.getByTestId("rule-min-notice").fill("4");
    await rules.getByTestId("rules-save").click();
    await rules.locator(".notice.ok").waitFor();
    const saved = (await h.rapport.app.inject({ method: "GET", url, headers })).json();
    expect(saved.settings.minNoticeHours).toBe(4);
    expect(saved.settings.closedDates).toContain(day);
    await context.close();
    expect(incidents).toEqual([]);
  });

  it("an owner closes the practice for a day in Settings, and after a reload the day is listed", async () => {
    const { context, page } = await loggedIn("owner");
    await page.getByTestId("nav-settings").click();
    const card = page.getByTestId("closed-dates");
    await card.waitFor();
    // Forty days ahead on the practice's clock: upcoming, and not one of the demo's holidays.
    const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Zurich" }).format(
      new Date(Date.now() + 40 * 86_400_000),
    );
    const listed = () => page.locator(`[data-testid="closed-date"][data-date="${day}"]`);
    await expect(listed().count()).resolves.toBe(0);
    await card.getByTestId("closed-date-from").fill(day);
    await card.getByTestId("closed-date-submit").click();
    await card.locator(".notice.ok").waitFor();
    await listed().waitFor();

    await page.reload();
    await listed().waitFor();
    await expect(listed().textContent()).resolves.toMatch(new RegExp(String(Number(day.slice(8, 10)))));
    const schedule = await page.request.get(`/api/businesses/${h.businessId}/schedule`);
    expect((await schedule.json()).settings.closedDates).toContain(day);
    await context.close();
    expect(incidents).toEqual([]);
  });
});
