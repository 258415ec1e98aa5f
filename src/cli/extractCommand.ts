import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { z } from "zod";
import type { BusinessCatalog } from "../domain/business/BusinessCatalog.ts";
import { toContractLine } from "../domain/extraction/contract.ts";
import { extractFacts } from "../domain/extraction/extractFacts.ts";

const inputLine = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  text: z.string(),
  lang: z.enum(["en", "de"]).optional(),
});

/**
 * `rapport extract --business FILE < in.jsonl > out.jsonl`: one JSON line out per line in, in
 * order. A line that is not a message gets an `error` line (with its id when it has one) so
 * that the rest still line up; the exit code then says something was wrong.
 */
export async function runExtract(
  catalog: BusinessCatalog,
  input: Readable,
  output: Writable,
  errors: Writable,
): Promise<number> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let failed = 0;
  let lineNo = 0;
  let buffer: string[] = [];
  const flush = async () => {
    if (buffer.length === 0) return;
    const chunk = `${buffer.join("\n")}\n`;
    buffer = [];
    if (!output.write(chunk)) await new Promise((resolve) => output.once("drain", resolve));
  };
  for await (const line of lines) {
    lineNo++;
    if (!line.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      json = undefined;
    }
    const parsed = inputLine.safeParse(json);
    if (!parsed.success) {
      failed++;
      const id = typeof (json as { id?: unknown })?.id === "string" ? (json as { id: string }).id : null;
      errors.write(
        `line ${lineNo}: not a message ({"id", "text"}): ${parsed.error.issues[0]?.message ?? "invalid JSON"}\n`,
      );
      buffer.push(JSON.stringify({ id, error: "not a message" }));
      continue;
    }
    const { id, text, lang } = parsed.data;
    const extraction = extractFacts(
      text,
      lang ? { business: catalog, language: lang } : { business: catalog },
    );
    buffer.push(JSON.stringify(toContractLine(id, extraction)));
    if (buffer.length >= 256) await flush();
  }
  await flush();
  return failed > 0 ? 1 : 0;
}
