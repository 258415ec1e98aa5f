import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import {
  createFieldCipher,
  FieldDecryptionError,
  FieldKeyError,
  generateKey,
  KEY_FILE_NAME,
  loadOrCreateKey,
  parseKey,
} from "../../src/adapters/crypto/fieldEncryption.ts";
import { rowsOf } from "../../src/adapters/db/database.ts";
import { contacts, profileFacts } from "../../src/adapters/db/schema.ts";
import { describeEachBackend, insertBusiness } from "../support/testDatabase.ts";

const note = "Latexallergie – bitte nitrilhandschuhe; Angst vor Spritzen";
const cipher = createFieldCipher(generateKey());
const dataDir = mkdtempSync(join(tmpdir(), "rapport-key-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Flips one bit inside the base64 payload of an envelope. */
function tamper(envelope: string, byteIndex: number): string {
  const [version, keyId, data = ""] = envelope.split(":");
  const bytes = Buffer.from(data, "base64");
  bytes[byteIndex] = (bytes[byteIndex] ?? 0) ^ 0x01;
  return `${version}:${keyId}:${bytes.toString("base64")}`;
}

describe("field encryption", () => {
  it("round-trips text, with a fresh IV each time", () => {
    const a = cipher.encrypt(note);
    const b = cipher.encrypt(note);
    expect(a).toMatch(/^v1:[0-9a-f]{8}:[A-Za-z0-9+/]+=*$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("Latex");
    expect(cipher.decrypt(a)).toBe(note);
    expect(cipher.decrypt(cipher.encrypt(""))).toBe("");
  });

  it("never repeats an IV, also across refills of the IV pool", () => {
    const ivs = new Set<string>();
    for (let i = 0; i < 2_000; i++) {
      const packed = Buffer.from(cipher.encrypt("x").split(":")[2] ?? "", "base64");
      ivs.add(packed.subarray(0, 12).toString("hex"));
    }
    expect(ivs.size).toBe(2_000);
  });

  it("detects a changed IV, tag or ciphertext", () => {
    const sealed = cipher.encrypt(note);
    for (const index of [0, 12, 28, 40]) {
      expect(() => cipher.decrypt(tamper(sealed, index))).toThrowError(FieldDecryptionError);
    }
    expect(() => cipher.decrypt(sealed.slice(0, 20))).toThrowError(/truncated/);
    expect(() => cipher.decrypt("Latexallergie")).toThrowError(/Not a v1 encrypted field/);
  });

  it("ties a value to its record through associated data", () => {
    const sealed = cipher.encrypt(note, "contact:1:special_notes");
    expect(cipher.decrypt(sealed, "contact:1:special_notes")).toBe(note);
    expect(() => cipher.decrypt(sealed, "contact:2:special_notes")).toThrowError(/another record/);
  });

  it("says so when the key is not the one the value was sealed with", () => {
    const other = createFieldCipher(generateKey());
    expect(() => other.decrypt(cipher.encrypt(note))).toThrowError(/encrypted with another key/);
  });

  it("reads keys as base64 or hex and refuses anything else", () => {
    const hex = "ab".repeat(32);
    expect(parseKey(hex)).toEqual(Buffer.from(hex, "hex"));
    expect(parseKey(Buffer.from(hex, "hex").toString("base64"))).toEqual(Buffer.from(hex, "hex"));
    expect(() => parseKey("too short")).toThrowError(FieldKeyError);
    expect(() => parseKey("ab".repeat(31))).toThrowError(/32 bytes/);
  });

  it("creates the embedded key file once, readable only by its owner", () => {
    const first = loadOrCreateKey(dataDir);
    expect(statSync(join(dataDir, KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
    expect(loadOrCreateKey(dataDir)).toEqual(first);

    const loose = mkdtempSync(join(tmpdir(), "rapport-key-loose-"));
    writeFileSync(join(loose, KEY_FILE_NAME), generateKey(), { mode: 0o644 });
    expect(() => loadOrCreateKey(loose)).toThrowError(/readable by other users/);
    rmSync(loose, { recursive: true });
  });
});

describeEachBackend("encrypted columns", (database) => {
  it("store special notes only as ciphertext, and read back through the cipher", async () => {
    const { db } = database();
    const business = await insertBusiness(db);
    const [contact] = await db
      .insert(contacts)
      .values({ businessId: business.id, waId: "41796660001" })
      .returning();
    if (!contact) throw new Error("no contact");
    const aad = `contact:${contact.id}:special_notes`;
    await db
      .update(contacts)
      .set({ specialNotes: cipher.encrypt(note, aad) })
      .where(eq(contacts.id, contact.id));
    const sealedFact = cipher.encrypt(
      JSON.stringify({
        value: "latex-allergy",
        displayText: "Latex allergy",
        quote: "Ich bin allergisch auf Latex",
      }),
      `fact:${contact.id}:special_notes`,
    );
    await db.insert(profileFacts).values({
      businessId: business.id,
      contactId: contact.id,
      field: "special_notes",
      sealed: sealedFact,
      source: "customer",
      status: "current",
      confidence: 0.9,
    });

    // Everything stored for this contact, as PostgreSQL holds it.
    const raw = rowsOf<{ dump: string }>(
      await db.execute(sql`
        SELECT (SELECT row_to_json(c)::text FROM contacts c WHERE c.id = ${contact.id}) ||
               (SELECT string_agg(row_to_json(f)::text, '') FROM profile_facts f WHERE f.contact_id = ${contact.id})
               AS dump`),
    )[0]?.dump;
    expect(raw).toContain("v1:");
    expect(raw).not.toMatch(/latex/i);
    expect(raw).not.toContain("Spritzen");

    const [stored] = await db.select().from(contacts).where(eq(contacts.id, contact.id));
    expect(cipher.decrypt(stored?.specialNotes ?? "", aad)).toBe(note);
  });
});
