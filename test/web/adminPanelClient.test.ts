import { afterEach, describe, expect, it, vi } from "vitest";
import { alertText } from "../../web/src/alertText.ts";
import { api, isNotAvailable, onSessionLost, setCsrfToken, withQuery } from "../../web/src/api.ts";
import { startOfLocalDay } from "../../web/src/format.ts";
import { de } from "../../web/src/i18n/de.ts";
import { en } from "../../web/src/i18n/en.ts";

describe("the panel's fetch client", () => {
  const calls: { url: string; init: RequestInit }[] = [];
  const answer = (status: number, body?: unknown) =>
    vi.fn(async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(body === undefined ? null : JSON.stringify(body), {
        status,
        headers: { "content-type": "application/json" },
      });
    });
  afterEach(() => {
    vi.unstubAllGlobals();
    calls.length = 0;
    setCsrfToken(null);
  });

  it("sends the session's CSRF token on changes, never on reads", async () => {
    vi.stubGlobal("fetch", answer(200, { ok: true }));
    setCsrfToken("csrf-secret");
    await api("/api/contacts/1");
    await api("/api/contacts/1/facts/2", { method: "PATCH", body: { text: "Dr. Weber" } });
    const headers = calls.map((call) => call.init.headers as Record<string, string>);
    expect(headers[0]?.["x-csrf-token"]).toBeUndefined();
    expect(headers[1]?.["x-csrf-token"]).toBe("csrf-secret");
    expect(headers[1]?.["content-type"]).toBe("application/json");
    expect(calls[1]?.init.body).toBe(JSON.stringify({ text: "Dr. Weber" }));
  });

  it("goes back to the login on a 401, unless the caller expects one", async () => {
    const lost = vi.fn();
    onSessionLost(lost);
    vi.stubGlobal("fetch", answer(401, { error: "log in" }));
    await expect(api("/api/me", { expectUnauthorized: true })).rejects.toMatchObject({ status: 401 });
    expect(lost).not.toHaveBeenCalled();
    await expect(api("/api/contacts")).rejects.toThrow("log in");
    expect(lost).toHaveBeenCalledOnce();
  });

  it("tells an endpoint the server does not have from other errors", async () => {
    vi.stubGlobal("fetch", answer(404, { message: "Route GET:/api/insights not found" }));
    const missing = await api("/api/insights").catch((error: unknown) => error);
    expect(isNotAvailable(missing)).toBe(true);
    vi.stubGlobal("fetch", answer(403, { error: "the marketing role may not do this" }));
    const forbidden = await api("/api/conversations").catch((error: unknown) => error);
    expect(isNotAvailable(forbidden)).toBe(false);
  });

  it("leaves empty filters out of the query", () => {
    expect(withQuery("/api/contacts", { q: "Nora", service: "", page: 2, staff: undefined })).toBe(
      "/api/contacts?q=Nora&page=2",
    );
  });
});

describe("the panel's languages", () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

  it("fill the same placeholders in German as in English", () => {
    for (const [key, text] of Object.entries(en)) {
      expect(placeholders(de[key as keyof typeof en]), key).toEqual(placeholders(text));
    }
  });

  it("have a German text for every English one, and no more", () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
  });
});

describe("the alert banner's wording", () => {
  const alert = {
    severity: "warning" as const,
    category: "fear",
    concept: "fear-needles",
    text: "Fear of needles (Spritze)",
    labels: { en: "Fear of needles", de: "Angst vor Spritzen" },
    action: null,
    quote: "Ich habe grosse Angst vor der Spritze",
    saidAt: null,
  };

  it("shows a known concept in the panel's language, and a note without one as written", () => {
    expect(alertText(alert, "de")).toBe("Angst vor Spritzen");
    expect(alertText(alert, "en")).toBe("Fear of needles");
    expect(alertText({ ...alert, concept: null, labels: null, text: "Blutdruck messen" }, "en")).toBe(
      "Blutdruck messen",
    );
    // From a server that does not send labels yet.
    const { labels: _, ...older } = alert;
    expect(alertText(older, "de")).toBe("Fear of needles (Spritze)");
  });
});

describe("the panel's wall clock", () => {
  it("finds the start of a business's day in winter, in summer and on both DST changes", () => {
    const zurich = (date: string) => startOfLocalDay("Europe/Zurich", date).toISOString();
    expect(zurich("2026-12-07")).toBe("2026-12-06T23:00:00.000Z");
    expect(zurich("2026-07-01")).toBe("2026-06-30T22:00:00.000Z");
    expect(zurich("2026-03-29")).toBe("2026-03-28T23:00:00.000Z");
    expect(zurich("2026-10-25")).toBe("2026-10-24T22:00:00.000Z");
    expect(startOfLocalDay("UTC", "2026-12-07").toISOString()).toBe("2026-12-07T00:00:00.000Z");
    expect(startOfLocalDay("America/New_York", "2026-12-07").toISOString()).toBe("2026-12-07T05:00:00.000Z");
  });
});
