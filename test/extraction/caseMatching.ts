/**
 * The labelled-case format (the same `gold` as shared/eval/dev.jsonl) and the matching rules of the
 * contract's scorer, reimplemented so the extractor's suite does not depend on the eval folder:
 * every gold item must be found, and every predicted item must match a gold item or an allowed one.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Extraction } from "../../src/domain/extraction/types.ts";

export interface MatchItem {
  match?: string[];
  gender?: string;
  none?: boolean;
}

export interface NoteItem {
  category: string;
  match: string[];
}

export interface AtomSpec {
  groups?: string[][];
  also_ok?: string[];
}

export const SIGNAL_NAMES = ["urgent", "anxious", "declined"] as const;
export type SignalName = (typeof SIGNAL_NAMES)[number];

export interface Gold {
  staff?: MatchItem[];
  staff_ok?: MatchItem[];
  times?: AtomSpec;
  notes?: NoteItem[];
  notes_ok?: NoteItem[];
  comm?: AtomSpec;
  services?: MatchItem[];
  services_ok?: MatchItem[];
  name?: string;
  email?: string;
  phone?: string;
  signals?: Partial<Record<SignalName, boolean>>;
}

export const GOLD_KEYS: ReadonlySet<string> = new Set([
  "staff",
  "staff_ok",
  "times",
  "notes",
  "notes_ok",
  "comm",
  "services",
  "services_ok",
  "name",
  "email",
  "phone",
  "signals",
]);

export interface LabelledCase {
  id: string;
  lang: "en" | "de";
  text: string;
  gold: Gold;
}

export interface CaseFile {
  file: string;
  cases: LabelledCase[];
}

export function loadCaseFiles(dir: string): CaseFile[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".jsonl"))
    .sort()
    .map((file) => ({
      file,
      cases: readFileSync(join(dir, file), "utf8")
        .split("\n")
        .map((line) => line.trim())
        .filter(Boolean)
        .map((line, i) => {
          try {
            return JSON.parse(line) as LabelledCase;
          } catch {
            throw new Error(`${file}:${i + 1}: not JSON`);
          }
        }),
    }));
}

const low = (s: unknown): string =>
  String(s ?? "")
    .toLowerCase()
    .normalize("NFC");

const hhmm = (t: unknown): string => {
  const m = /^(\d{1,2}):?(\d{2})?$/.exec(String(t ?? "").trim());
  return m ? `${(m[1] ?? "").padStart(2, "0")}:${m[2] ?? "00"}` : String(t);
};

const contains = (value: unknown, words: string[] | undefined): boolean =>
  (words ?? []).some((w) => low(value).includes(low(w)));

const normAtom = (a: string): string =>
  /^(after|before):/.test(a) ? `${a.split(":")[0]}:${hhmm(a.slice(a.indexOf(":") + 1))}` : low(a);

type Fact = Extraction["facts"][number];

function timeAtoms(facts: Fact[]): string[] {
  const atoms: string[] = [];
  for (const f of facts) {
    if (f.field !== "preferred_appointment_times") continue;
    const s = f.slots;
    for (const d of s.days ?? []) atoms.push(`day:${low(d).slice(0, 3)}`);
    for (const d of s.not_days ?? []) atoms.push(`not_day:${low(d).slice(0, 3)}`);
    for (const p of s.parts ?? []) atoms.push(`part:${low(p)}`);
    for (const p of s.not_parts ?? []) atoms.push(`not_part:${low(p)}`);
    if (s.after) atoms.push(`after:${hhmm(s.after)}`);
    if (s.before) atoms.push(`before:${hhmm(s.before)}`);
    if (s.flexible) atoms.push("flexible");
  }
  return [...new Set(atoms)];
}

function commAtoms(facts: Fact[]): string[] {
  const atoms: string[] = [];
  for (const f of facts) {
    if (f.field !== "communication_preferences") continue;
    const p = f.prefs;
    for (const c of p.channels ?? []) atoms.push(`channel:${low(c)}`);
    for (const c of p.avoid ?? []) atoms.push(`avoid:${low(c)}`);
    if (p.style) atoms.push(`style:${low(p.style)}`);
    if (p.written) atoms.push("written");
  }
  return [...new Set(atoms)];
}

/** Missed gold items and wrong predictions, in the scorer's words ("staff: missed …"). */
function compareItems<P, G>(
  field: string,
  goldItems: G[],
  okItems: G[],
  predicted: P[],
  match: (p: P, g: G) => boolean,
  show: (p: P) => string,
): string[] {
  const problems: string[] = [];
  for (const g of goldItems) {
    if (!predicted.some((p) => match(p, g))) problems.push(`${field}: missed ${JSON.stringify(g)}`);
  }
  for (const p of predicted) {
    if (goldItems.some((g) => match(p, g)) || okItems.some((g) => match(p, g))) continue;
    problems.push(`${field}: wrong ${show(p)}`);
  }
  return problems;
}

function compareAtoms(field: string, spec: AtomSpec | undefined, atoms: string[]): string[] {
  const groups = (spec?.groups ?? []).map((g) => g.map(normAtom));
  const ok = (spec?.also_ok ?? []).map((a) => [normAtom(a)]);
  return compareItems(
    field,
    groups,
    ok,
    atoms.map(normAtom),
    (p, g) => g.includes(p),
    (p) => p,
  );
}

/** Everything the extraction got wrong against one case's gold; empty when it is right. */
export function caseProblems(lang: string, gold: Gold, extraction: Extraction): string[] {
  const facts = extraction.facts;
  const problems: string[] = [];

  const staff = facts.filter((f) => f.field === "preferred_staff_member");
  problems.push(
    ...compareItems(
      "staff",
      gold.staff ?? [],
      gold.staff_ok ?? [],
      staff,
      (p, g) =>
        g.none
          ? p.none === true
          : g.gender
            ? low(p.gender) === low(g.gender)
            : !p.none && contains(p.value, g.match),
      (p) => JSON.stringify(p.gender ? `${p.value} (${p.gender})` : p.none ? `${p.value} (none)` : p.value),
    ),
  );

  problems.push(...compareAtoms("times", gold.times, timeAtoms(facts)));

  const notes = facts.filter((f) => f.field === "special_notes");
  problems.push(
    ...compareItems(
      "notes",
      gold.notes ?? [],
      gold.notes_ok ?? [],
      notes,
      (p, g) => low(p.category) === low(g.category) && contains(p.value, g.match),
      (p) => `${p.category}: ${JSON.stringify(p.value)}`,
    ),
  );

  problems.push(...compareAtoms("comm", gold.comm, commAtoms(facts)));

  const services = facts.filter((f) => f.field === "preferred_services");
  problems.push(
    ...compareItems(
      "services",
      gold.services ?? [],
      gold.services_ok ?? [],
      services,
      (p, g) => contains(p.value, g.match),
      (p) => JSON.stringify(p.value),
    ),
  );

  for (const key of ["name", "email", "phone"] as const) {
    const norm =
      key === "phone"
        ? (s: unknown) => String(s ?? "").replace(/[^\d+]/g, "")
        : (s: unknown) => low(s).trim();
    const want = gold[key];
    problems.push(
      ...compareItems(
        key,
        want ? [want] : [],
        [],
        facts.filter((f) => f.field === key),
        (p, g) => norm(p.value) === norm(g),
        (p) => JSON.stringify(p.value),
      ),
    );
  }

  const want = gold.signals ?? {};
  for (const name of SIGNAL_NAMES) {
    const expected = want[name] === true;
    if (extraction.signals[name] !== expected)
      problems.push(`signals: ${name} is ${!expected}, expected ${expected}`);
  }

  if (low(extraction.signals.language) !== low(lang)) {
    problems.push(`language: said ${JSON.stringify(extraction.signals.language)}, is ${lang}`);
  }
  return problems;
}
