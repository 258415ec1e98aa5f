import { createHmac, timingSafeEqual } from "node:crypto";

/** Header Meta signs every webhook delivery with (Node lower-cases incoming header names). */
export const SIGNATURE_HEADER = "x-hub-signature-256";

const SIGNATURE_PATTERN = /^sha256=([0-9a-fA-F]{64})$/;

function hmacSha256(appSecret: string, body: Buffer | string): Buffer {
  return createHmac("sha256", appSecret).update(body).digest();
}

/** Produces the header value Meta would send for `body`; used by tests, benches and local replay tools. */
export function signBody(appSecret: string, body: Buffer | string): string {
  return `sha256=${hmacSha256(appSecret, body).toString("hex")}`;
}

/**
 * True only when `signatureHeader` is exactly `sha256=<64 hex>` and matches the HMAC of the raw body bytes.
 * The body must be the bytes as received: re-serialising parsed JSON changes whitespace/escapes and breaks it.
 * Never throws, so a hostile or broken request can only ever produce `false`.
 */
export function verifySignature(
  appSecret: string,
  rawBody: Buffer | string,
  signatureHeader: string | string[] | undefined,
): boolean {
  // An empty secret would make the HMAC forgeable by anyone who guesses the misconfiguration.
  if (appSecret.length === 0) return false;
  // Duplicated headers arrive as an array; an honest sender never sends two signatures.
  if (typeof signatureHeader !== "string") return false;
  const match = SIGNATURE_PATTERN.exec(signatureHeader.trim());
  const hex = match?.[1];
  if (hex === undefined) return false;
  const received = Buffer.from(hex, "hex");
  const expected = hmacSha256(appSecret, rawBody);
  // timingSafeEqual throws on unequal lengths; the pattern already pins 32 bytes, this keeps it total.
  if (received.length !== expected.length) return false;
  return timingSafeEqual(received, expected);
}
