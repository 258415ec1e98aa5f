/**
 * Encryption of single fields (special-category notes) with AES-256-GCM.
 *
 * Envelope: "v1:" + key id (8 hex) + ":" + base64(iv[12] | tag[16] | ciphertext). The key id is a
 * fingerprint of the key, so a value sealed under another key is reported as such rather than as
 * tampering. Optional associated data (e.g. "contact:<id>:special_notes") binds a ciphertext to
 * its row, so it cannot be copied onto another contact.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, randomFillSync } from "node:crypto";
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";

const VERSION = "v1";
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const KEY_FILE_NAME = "field-encryption.key";

export class FieldKeyError extends Error {
  override name = "FieldKeyError";
}

export class FieldDecryptionError extends Error {
  override name = "FieldDecryptionError";
}

/** Reads a 32-byte key written as base64 (44 chars) or hex (64 chars). */
export function parseKey(text: string): Buffer {
  const trimmed = text.trim();
  let key: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) key = Buffer.from(trimmed, "hex");
  else if (/^[A-Za-z0-9+/]{43}=?$/.test(trimmed)) key = Buffer.from(trimmed, "base64");
  if (!key || key.length !== KEY_BYTES) {
    throw new FieldKeyError(
      "The field encryption key must be 32 bytes written as base64 (44 characters) or hex (64 characters).",
    );
  }
  return key;
}

export function generateKey(): string {
  return randomBytes(KEY_BYTES).toString("base64");
}

/** The key in `<dataDir>/field-encryption.key`, created (mode 0600) on first use. */
export function loadOrCreateKey(dataDir: string): Buffer {
  const path = join(dataDir, KEY_FILE_NAME);
  mkdirSync(dataDir, { recursive: true });
  let fd: number | undefined;
  try {
    fd = openSync(path, "wx", 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  if (fd !== undefined) {
    try {
      writeSync(fd, `${generateKey()}\n`);
    } finally {
      closeSync(fd);
    }
    chmodSync(path, 0o600); // the umask may not have been applied as wished
  } else if ((statSync(path).mode & 0o077) !== 0) {
    throw new FieldKeyError(`${path} is readable by other users; run: chmod 600 ${path}`);
  }
  try {
    return parseKey(readFileSync(path, "utf8"));
  } catch (error) {
    throw new FieldKeyError(`${path}: ${(error as Error).message}`, { cause: error });
  }
}

export interface FieldCipher {
  /** Fingerprint of the key, as written into envelopes. */
  readonly keyId: string;
  encrypt(plaintext: string, associatedData?: string): string;
  decrypt(envelope: string, associatedData?: string): string;
}

/**
 * Fresh random IVs from a pool refilled from the CSPRNG 4 KB at a time: one system call per ~340
 * encryptions instead of one each (the webhook seals every message body). Each IV is used once.
 */
const ivPool = Buffer.alloc(IV_BYTES * 341);
let ivOffset = ivPool.length;
function nextIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    randomFillSync(ivPool);
    ivOffset = 0;
  }
  const iv = Buffer.from(ivPool.subarray(ivOffset, ivOffset + IV_BYTES));
  ivOffset += IV_BYTES;
  return iv;
}

export function isSealed(value: string): boolean {
  return value.startsWith(`${VERSION}:`);
}

export function createFieldCipher(key: Buffer | string): FieldCipher {
  const keyBytes = typeof key === "string" ? parseKey(key) : key;
  if (keyBytes.length !== KEY_BYTES) throw new FieldKeyError("The field encryption key must be 32 bytes.");
  const keyId = createHmac("sha256", keyBytes).update("rapport field key id").digest("hex").slice(0, 8);

  return {
    keyId,
    encrypt(plaintext, associatedData) {
      const iv = nextIv();
      const cipher = createCipheriv("aes-256-gcm", keyBytes, iv);
      if (associatedData !== undefined) cipher.setAAD(Buffer.from(associatedData, "utf8"));
      const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const packed = Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
      return `${VERSION}:${keyId}:${packed.toString("base64")}`;
    },
    decrypt(envelope, associatedData) {
      const parts = envelope.split(":");
      if (parts.length !== 3 || parts[0] !== VERSION) {
        throw new FieldDecryptionError(
          `Not a ${VERSION} encrypted field (expected "${VERSION}:<key id>:<data>").`,
        );
      }
      const [, envelopeKeyId = "", data = ""] = parts;
      if (envelopeKeyId !== keyId) {
        throw new FieldDecryptionError(
          `This field was encrypted with another key (key id ${envelopeKeyId}; the loaded key is ${keyId}).`,
        );
      }
      const packed = Buffer.from(data, "base64");
      if (packed.length < IV_BYTES + TAG_BYTES || packed.toString("base64") !== data) {
        throw new FieldDecryptionError("The encrypted field is truncated or not valid base64.");
      }
      const decipher = createDecipheriv("aes-256-gcm", keyBytes, packed.subarray(0, IV_BYTES));
      decipher.setAuthTag(packed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      if (associatedData !== undefined) decipher.setAAD(Buffer.from(associatedData, "utf8"));
      try {
        return Buffer.concat([
          decipher.update(packed.subarray(IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]).toString("utf8");
      } catch (error) {
        throw new FieldDecryptionError(
          "The encrypted field failed its integrity check: it was altered, or belongs to another record.",
          { cause: error },
        );
      }
    },
  };
}
