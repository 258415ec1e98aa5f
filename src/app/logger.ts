/**
 * The process logger. Customer words never belong in a log: the code passes ids and counts only, and
 * these redaction paths are the second line, for anything that slips through as a field.
 */
import pino, { type DestinationStream, type Logger } from "pino";

export const REDACTED_PATHS = [
  "req.headers.authorization",
  'req.headers["x-hub-signature-256"]',
  "body",
  "text",
  "quote",
  "sealed",
  "specialNotes",
  "special_notes",
  "payload",
  "reply",
  "*.body",
  "*.text",
  "*.quote",
  "*.sealed",
  "*.specialNotes",
  "*.special_notes",
  "*.payload",
  "*.reply",
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      serializers: {
        // The URL without its query: the verification handshake carries the verify token there.
        req: (req: { method?: string; url?: string; id?: unknown }) => ({
          id: req.id,
          method: req.method,
          url: req.url?.split("?")[0],
        }),
      },
    },
    destination,
  );
}
