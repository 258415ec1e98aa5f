/**
 * The evaluation contract's command, run for real: `rapport extract --business FILE` reads JSON Lines
 * and writes one line per message, in order, with the same ids; a line that is not a message gets an
 * error line in its place and the command exits non-zero.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

interface OutputLine {
  id: string | null;
  error?: string;
  facts?: { field: string; value: string }[];
  signals?: { language: string; urgent: boolean; anxious: boolean; declined: boolean; sentiment: number };
}

function runExtract(input: string): { code: number | null; lines: OutputLine[]; stderr: string } {
  const result = spawnSync(
    process.execPath,
    [join(root, "bin/rapport.js"), "extract", "--business", "demo/business.json"],
    { cwd: root, input, encoding: "utf8", timeout: 60_000 },
  );
  if (result.error) throw result.error;
  const lines = result.stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as OutputLine);
  return { code: result.status, lines, stderr: result.stderr };
}

const message = (id: string, text: string, lang?: "en" | "de") =>
  JSON.stringify(lang ? { id, text, lang } : { id, text });

describe("rapport extract (the evaluation contract's command)", () => {
  it("answers every message in order with its id, and exits 0", () => {
    const input = [
      message("c1", "my email is nora.frei@bluewin.ch"),
      message("c2", "Bitte nur per WhatsApp, keine Anrufe", "de"),
      message("c3", "thanks, bye"),
    ].join("\n");

    const { code, lines } = runExtract(`${input}\n`);

    expect(code).toBe(0);
    expect(lines.map((line) => line.id)).toEqual(["c1", "c2", "c3"]);
    for (const line of lines) {
      expect(line.error).toBeUndefined();
      expect(Array.isArray(line.facts)).toBe(true);
      expect(line.signals).toEqual(
        expect.objectContaining({
          language: expect.any(String),
          urgent: expect.any(Boolean),
          anxious: expect.any(Boolean),
          declined: expect.any(Boolean),
          sentiment: expect.any(Number),
        }),
      );
    }
    expect(lines[0]?.facts).toContainEqual(
      expect.objectContaining({ field: "email", value: "nora.frei@bluewin.ch" }),
    );
    expect(lines[1]?.signals?.language).toBe("de");
  }, 60_000);

  it("keeps the lines aligned around an empty line and a malformed one, and exits non-zero", () => {
    const input = [
      message("m1", "I'm allergic to penicillin"),
      "",
      '{"id": "m2", "text": "missing closing brace"',
      message("m3", "Ich habe Platzangst", "de"),
      '{"id": "m4"}',
      "   ",
      message("m5", "see you on friday"),
    ].join("\n");

    const { code, lines, stderr } = runExtract(`${input}\n`);

    expect(code).not.toBe(0);
    expect(lines).toHaveLength(5);
    // The broken line has no readable id, so its error line carries null; the one missing a text keeps its id.
    expect(lines.map((line) => line.id)).toEqual(["m1", null, "m3", "m4", "m5"]);
    expect(lines[0]?.error).toBeUndefined();
    expect(lines[1]?.error).toEqual(expect.any(String));
    expect(lines[1]?.facts).toBeUndefined();
    expect(lines[2]?.error).toBeUndefined();
    expect(lines[3]?.error).toEqual(expect.any(String));
    expect(lines[4]?.error).toBeUndefined();
    expect(lines[0]?.facts).toContainEqual(expect.objectContaining({ field: "special_notes" }));
    expect(lines[4]?.facts).toEqual([]);
    expect(stderr).toMatch(/line 3/);
    expect(stderr).toMatch(/line 5/);
  }, 60_000);
});
