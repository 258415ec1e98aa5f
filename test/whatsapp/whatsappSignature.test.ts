import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signBody, verifySignature } from "../../src/adapters/whatsapp/whatsappSignature.ts";

const secret = "app-secret-123";
const body = Buffer.from(
  '{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[]}],"note":"Grüezi 👋"}',
  "utf8",
);

describe("verifySignature", () => {
  it("accepts the HMAC-SHA256 of the raw bytes, as Meta computes it", () => {
    const header = `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
    expect(signBody(secret, body)).toBe(header);
    expect(verifySignature(secret, body, header)).toBe(true);
  });

  it("accepts an upper-case hex digest and a string body with the same bytes", () => {
    const header = signBody(secret, body);
    expect(verifySignature(secret, body.toString("utf8"), `sha256=${header.slice(7).toUpperCase()}`)).toBe(
      true,
    );
  });

  it("rejects a signature made with another secret", () => {
    expect(verifySignature(secret, body, signBody("other-secret", body))).toBe(false);
  });

  it("rejects a tampered body", () => {
    const header = signBody(secret, body);
    const tampered = Buffer.from(body.toString("utf8").replace("Grüezi", "Gruezi"), "utf8");
    expect(verifySignature(secret, tampered, header)).toBe(false);
  });

  it("rejects a body re-serialised from parsed JSON (whitespace differs)", () => {
    const header = signBody(secret, body);
    expect(verifySignature(secret, JSON.stringify(JSON.parse(body.toString("utf8")), null, 1), header)).toBe(
      false,
    );
  });

  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["without prefix", createHmac("sha256", secret).update(body).digest("hex")],
    ["sha1 prefix", `sha1=${createHmac("sha256", secret).update(body).digest("hex")}`],
    ["non-hex digest", `sha256=${"z".repeat(64)}`],
    ["too short", signBody(secret, body).slice(0, -2)],
    ["too long", `${signBody(secret, body)}00`],
    ["half-byte-padded", `${signBody(secret, body)}0`],
    ["duplicated header", [signBody(secret, body), signBody(secret, body)]],
  ])("rejects a %s header without throwing", (_label, header) => {
    expect(verifySignature(secret, body, header)).toBe(false);
  });

  it("refuses to verify with an empty app secret", () => {
    expect(verifySignature("", body, signBody("", body))).toBe(false);
  });
});
