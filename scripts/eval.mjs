#!/usr/bin/env node
// Runs the extractor over ../shared/eval/dev.jsonl (or --gold FILE) as the eval contract does and
// prints the scorer's table. Extra arguments go to the scorer (e.g. --verbose, --min 0.95).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const args = process.argv.slice(2);
const goldAt = args.indexOf("--gold");
const gold = goldAt >= 0 ? args.splice(goldAt, 2)[1] : "../shared/eval/dev.jsonl";
const businessAt = args.indexOf("--business");
const business = businessAt >= 0 ? args.splice(businessAt, 2)[1] : "../shared/eval/business.json";
const scorer = "../shared/eval/score.mjs";

const input = readFileSync(gold, "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => {
    const { id, text } = JSON.parse(l);
    return JSON.stringify({ id, text });
  })
  .join("\n");
const dir = mkdtempSync(join(tmpdir(), "rapport-eval-"));
const out = join(dir, "out.jsonl");
const run = spawnSync(process.execPath, ["bin/rapport.js", "extract", "--business", business], {
  input,
  encoding: "utf8",
  maxBuffer: 1 << 28,
});
if (run.status !== 0) {
  process.stderr.write(run.stderr);
  process.exit(run.status ?? 1);
}
writeFileSync(out, run.stdout);
const score = spawnSync(process.execPath, [scorer, "--gold", gold, "--pred", out, ...args], {
  stdio: "inherit",
});
process.exit(score.status ?? 1);
