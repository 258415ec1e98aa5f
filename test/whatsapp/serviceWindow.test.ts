import { describe, expect, it } from "vitest";
import { isInsideServiceWindow, SERVICE_WINDOW_MS } from "../../src/adapters/whatsapp/serviceWindow.ts";

const now = new Date("2025-03-10T12:00:00Z");

describe("isInsideServiceWindow", () => {
  it("is closed when the customer never wrote", () => {
    expect(isInsideServiceWindow(null, now)).toBe(false);
  });

  it("is open just before 24 hours and closed at exactly 24 hours", () => {
    expect(isInsideServiceWindow(new Date(now.getTime() - SERVICE_WINDOW_MS + 1), now)).toBe(true);
    expect(isInsideServiceWindow(new Date(now.getTime() - SERVICE_WINDOW_MS), now)).toBe(false);
  });

  it("is open for a message that just arrived", () => {
    expect(isInsideServiceWindow(now, now)).toBe(true);
  });
});
