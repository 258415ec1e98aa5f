/**
 * Most vocabulary terms are a handful of word sequences written compactly ("(a |any )?female
 * (therapist|dentist)s?"). Spelled out, they can be matched word by word with map look-ups,
 * far faster than regular expressions. This turns a term (syntax in termSource.ts) into its
 * word sequences, or says it cannot (digits classes, wildcards, lookarounds: those stay regexes).
 */
import { fold } from "./fold.ts";

/** One word of a sequence; a stem matches any word that starts with it ("allerg*"). */
export interface TermWord {
  text: string;
  stem: boolean;
}

const MAX_SEQUENCES = 2048;
const UMLAUT_SPELLINGS: Record<string, string[]> = {
  ä: ["a", "ae"],
  ö: ["o", "oe"],
  ü: ["u", "ue"],
  ß: ["s", "ss"],
};

type Node = { kind: "text"; options: string[] } | { kind: "group"; alternatives: Node[][] };

/** The word sequences of a term, or undefined when it needs a regular expression. */
export function expandTerm(term: string): TermWord[][] | undefined {
  const t = term.trim().toLowerCase();
  if (t.startsWith("*")) return undefined;
  const parsed = parse(t, 0);
  if (!parsed || parsed.end !== t.length) return undefined;
  const strings = enumerate(parsed.nodes);
  if (!strings) return undefined;
  const sequences: TermWord[][] = [];
  for (const s of strings) {
    const words = toWords(s);
    if (!words) return undefined;
    sequences.push(words);
  }
  return sequences;
}

/** Parses a sequence until ")" or "|" or the end. */
function parse(t: string, start: number): { nodes: Node[]; end: number } | undefined {
  const nodes: Node[] = [];
  let i = start;
  while (i < t.length) {
    const ch = t[i] as string;
    if (ch === ")" || ch === "|") break;
    if (ch === "(") {
      if (t[i + 1] === "?" && t[i + 2] !== ":") return undefined; // lookarounds stay regexes
      const alternatives: Node[][] = [];
      let j = t[i + 1] === "?" ? i + 3 : i + 1;
      for (;;) {
        const alt = parse(t, j);
        if (!alt) return undefined;
        alternatives.push(alt.nodes);
        j = alt.end;
        if (t[j] === "|") {
          j++;
          continue;
        }
        if (t[j] !== ")") return undefined;
        j++;
        break;
      }
      const group: Node = { kind: "group", alternatives };
      i = j;
      if (t[i] === "?") {
        nodes.push({ kind: "group", alternatives: [...alternatives, []] });
        i++;
      } else nodes.push(group);
      continue;
    }
    if (ch === "\\") {
      const next = t[i + 1];
      if (next === "." || next === "'" || next === "-") {
        // Punctuation separates words; optional punctuation is no different.
        nodes.push({ kind: "text", options: [" "] });
        i += 2;
        if (t[i] === "?") i++;
        continue;
      }
      return undefined;
    }
    if ("[]{}+.^$".includes(ch)) return undefined;
    if (ch === "*") {
      // A stem: only at the end of a word.
      nodes.push({ kind: "text", options: ["*"] });
      i++;
      continue;
    }
    let options: string[];
    if (UMLAUT_SPELLINGS[ch]) options = UMLAUT_SPELLINGS[ch];
    else if (ch === "s" && t[i + 1] === "s" && t[i + 2] !== "?") {
      options = ["s", "ss"];
      i++;
    } else if (ch === "'") options = ["'", ""];
    else options = [fold(ch)];
    i++;
    if (t[i] === "?") {
      options = [...options, ""];
      i++;
    }
    nodes.push({ kind: "text", options });
  }
  return { nodes, end: i };
}

function enumerate(nodes: Node[]): string[] | undefined {
  let acc: string[] = [""];
  for (const node of nodes) {
    let options: string[];
    if (node.kind === "text") options = node.options;
    else {
      options = [];
      for (const alt of node.alternatives) {
        const sub = enumerate(alt);
        if (!sub) return undefined;
        options.push(...sub);
      }
    }
    const next: string[] = [];
    for (const a of acc) for (const o of options) next.push(a + o);
    if (next.length > MAX_SEQUENCES) return undefined;
    acc = next;
  }
  return [...new Set(acc)];
}

/** Splits a spelled-out term into words at spaces, hyphens, apostrophes and full stops (as the message is split). */
function toWords(s: string): TermWord[] | undefined {
  const words: TermWord[] = [];
  for (const raw of s.split(/[\s\-'.]+/)) {
    if (raw === "") continue;
    const stem = raw.endsWith("*");
    const text = stem ? raw.slice(0, -1) : raw;
    if (text.includes("*") || text === "" || (stem && text.length < 3)) return undefined;
    if (!/^[a-z0-9\u00c0-\u024f]+$/.test(text)) return undefined;
    words.push({ text, stem });
  }
  return words.length > 0 ? words : undefined;
}
