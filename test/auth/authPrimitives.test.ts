import { describe, expect, it } from "vitest";
import { LoginRateLimiter } from "../../src/adapters/auth/LoginRateLimiter.ts";
import { hashPassword, verifyPassword, weakPasswordReason } from "../../src/adapters/auth/passwordHash.ts";
import { parseCookies, serializeCookie } from "../../src/adapters/http/cookies.ts";
import { ROUTE_PERMISSIONS } from "../../src/adapters/http/routePermissions.ts";
import { can, ROLE_PERMISSIONS } from "../../src/domain/access/RolePermissions.ts";

describe("password hashes", () => {
  it("verify the right password only, each hash with its own salt and parameters", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^scrypt\$N=32768,r=8,p=1\$/);
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", hash)).toBe(false);
    expect(await hashPassword("correct horse battery")).not.toBe(hash);
    expect(await verifyPassword("x", "plain-text")).toBe(false);
    expect(await verifyPassword("x", hash.replace("N=32768", "N=3"))).toBe(false); // not a power of two
  });

  it("checks an older hash with the parameters stored in it", async () => {
    const hash = await hashPassword("correct horse battery");
    const [, , salt] = hash.split("$");
    const { scryptSync } = await import("node:crypto");
    const key = scryptSync("correct horse battery", Buffer.from(salt ?? "", "base64url"), 32, {
      N: 1024,
      r: 8,
      p: 1,
    });
    const older = `scrypt$N=1024,r=8,p=1$${salt}$${key.toString("base64url")}`;
    expect(await verifyPassword("correct horse battery", older)).toBe(true);
  });

  it("refuses passwords under 10 characters", () => {
    expect(weakPasswordReason("123456789")).toMatch(/at least 10/);
    expect(weakPasswordReason("1234567890")).toBeNull();
  });
});

describe("cookies", () => {
  it("parse the first value of each name, decoded, skipping malformed pairs", () => {
    const cookies = parseCookies('a=1; rapport_session=abc%2Fd; junk; =x; a=2; q="quoted"; bad=%E0%A4%A');
    expect(cookies.get("a")).toBe("1");
    expect(cookies.get("rapport_session")).toBe("abc/d");
    expect(cookies.get("q")).toBe("quoted");
    expect(cookies.has("bad")).toBe(false);
    expect(parseCookies(undefined).size).toBe(0);
  });

  it("serialize HttpOnly with SameSite, Secure only when asked, and expire with Max-Age=0", () => {
    expect(serializeCookie("s", "v/1", { maxAge: 60, secure: false, sameSite: "Lax" })).toBe(
      "s=v%2F1; Path=/; Max-Age=60; HttpOnly; SameSite=Lax",
    );
    const cleared = serializeCookie("s", "", { maxAge: 0, secure: true, sameSite: "Strict" });
    expect(cleared).toMatch(
      /Max-Age=0; HttpOnly; SameSite=Strict; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure$/,
    );
    expect(() => serializeCookie("a b", "v", { maxAge: 1, secure: false, sameSite: "Lax" })).toThrow();
  });
});

describe("login rate limit", () => {
  it("allows five failures in the window, then waits until the oldest leaves it; success clears", () => {
    const limiter = new LoginRateLimiter({ maxFailures: 5, windowMs: 15 * 60_000 });
    const t0 = 1_000_000;
    for (let i = 0; i < 5; i++) {
      expect(limiter.retryAfter("1.2.3.4", "A@x.test", t0 + i * 1000)).toBe(0);
      limiter.fail("1.2.3.4", "A@x.test", t0 + i * 1000);
    }
    expect(limiter.retryAfter("1.2.3.4", "a@x.test", t0 + 5000)).toBe(900 - 5);
    expect(limiter.retryAfter("1.2.3.4", "b@x.test", t0 + 5000)).toBe(0);
    expect(limiter.retryAfter("1.2.3.4", "a@x.test", t0 + 15 * 60_000 + 1)).toBe(0);
    limiter.succeed("1.2.3.4", "a@x.test");
    expect(limiter.retryAfter("1.2.3.4", "a@x.test", t0 + 6000)).toBe(0);
  });
});

describe("role permissions", () => {
  it("keep health notes, transcripts and the schedule from marketing and the schedule from staff", () => {
    expect(can("marketing", "contacts.read")).toBe(true);
    expect(can("marketing", "health.read")).toBe(false);
    expect(can("marketing", "health.edit")).toBe(false);
    expect(can("marketing", "messages.read")).toBe(false);
    expect(can("staff", "health.read")).toBe(true);
    expect(can("staff", "schedule.write")).toBe(false);
    expect(can("admin", "schedule.write")).toBe(true);
    for (const roles of Object.values(ROLE_PERMISSIONS)) expect(roles).toContain("owner");
  });

  it("name an existing permission for every admin route", () => {
    for (const permission of Object.values(ROUTE_PERMISSIONS))
      expect(ROLE_PERMISSIONS).toHaveProperty(permission);
  });
});
