import { existsSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { readBusinessCatalog } from "../adapters/catalog/businessCatalogFile.ts";
import { extractFacts } from "../domain/extraction/extractFacts.ts";
import type { ExtractedFact } from "../domain/extraction/types.ts";

const DEMO_BUSINESS = fileURLToPath(new URL("../../demo/business.json", import.meta.url));

/** A quick look at the extractor: each message with the facts and signals heard in it. */
export async function runTry(businessPath: string | undefined, texts: string[]): Promise<number> {
  const path = businessPath ?? DEMO_BUSINESS;
  if (!existsSync(path)) {
    process.stderr.write(`rapport try: business file ${path} not found\n`);
    return 2;
  }
  const catalog = await readBusinessCatalog(path);
  const show = (text: string) => {
    const { facts, signals } = extractFacts(text, { business: catalog });
    process.stdout.write(`\n> ${text}\n`);
    if (facts.length === 0) process.stdout.write("  (nothing to remember)\n");
    for (const f of facts) process.stdout.write(`  ${describe(f)}   ← "${f.evidence.quote}"\n`);
    const flags = (["urgent", "anxious", "declined", "correction"] as const).filter((k) => signals[k]);
    process.stdout.write(
      `  language ${signals.language}, sentiment ${signals.sentiment}${flags.length ? `, ${flags.join(", ")}` : ""}\n`,
    );
  };
  if (texts.length > 0) {
    show(texts.join(" "));
    return 0;
  }
  if (process.stdin.isTTY)
    process.stdout.write(
      `Rapport is listening as ${catalog.name}. Type a customer message (Ctrl-D to end).\n`,
    );
  for await (const line of createInterface({ input: process.stdin })) if (line.trim()) show(line);
  return 0;
}

function describe(f: ExtractedFact): string {
  switch (f.field) {
    case "special_notes":
      return `special note [${f.category}]: ${f.value}`;
    case "preferred_appointment_times":
      return `preferred times: ${f.value}`;
    case "preferred_staff_member":
      return `preferred staff: ${f.value}`;
    case "communication_preferences":
      return `communication: ${f.value}`;
    case "preferred_services":
      return `service (${f.interest}): ${f.value}`;
    default:
      return `${f.field}: ${f.value}`;
  }
}
