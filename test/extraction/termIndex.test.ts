import { describe, expect, it } from "vitest";
import { fold } from "../../src/domain/extraction/text/fold.ts";
import {
  leadingVariants,
  literalPrefix,
  prefixVariants,
  TermIndex,
} from "../../src/domain/extraction/text/TermIndex.ts";
import { termSource } from "../../src/domain/extraction/text/termSource.ts";
import { typoVariants, withTypos } from "../../src/domain/extraction/text/typoVariants.ts";

const scan = (tables: Record<string, [string, string[]][]>, text: string) =>
  new TermIndex(tables).scan(fold(text));

describe("fold", () => {
  it("keeps every offset while lower-casing and removing accents", () => {
    const text = "Ich HEISSE Jürgen, schwerhörig – Straße’s";
    const folded = fold(text);
    expect(folded).toHaveLength(text.length);
    expect(folded).toBe("ich heisse jurgen, schwerhorig - strase's");
  });
});

describe("vocabulary terms", () => {
  it("match whole words unless the term says the word may continue", () => {
    const hits = scan({ t: [["k", ["latex"]]] }, "latexfree gloves, latex only");
    expect(hits.all("t")).toEqual([{ key: "k", start: 18, end: 23 }]);
    expect(scan({ t: [["k", ["allerg*"]]] }, "Allergie und allergic").all("t")).toHaveLength(2);
    expect(scan({ t: [["k", ["*allergie"]]] }, "Latexallergie").all("t")).toEqual([
      { key: "k", start: 5, end: 13 },
    ]);
  });

  it("let umlauts match their two-letter spelling and ss match ß", () => {
    for (const text of ["schwerhörig", "schwerhoerig", "SCHWERHORIG"]) {
      expect(scan({ t: [["k", ["schwerhörig"]]] }, text).all("t")).toHaveLength(1);
    }
    expect(scan({ t: [["k", ["ich heisse"]]] }, "Ich heiße Anna").all("t")).toHaveLength(1);
  });

  it("read a space as spaces or a hyphen, and ' ?' as optional", () => {
    const t = { t: [["k", ["blood thinner*", "whats ?app"]]] as [string, string[]][] };
    expect(scan(t, "blood-thinners and blood  thinner").all("t")).toHaveLength(2);
    expect(scan(t, "WhatsApp, whats app").all("t")).toHaveLength(2);
  });

  it("prefer the longest term at a place and never overlap within a table", () => {
    const hits = scan(
      {
        s: [
          ["massage", ["massage*"]],
          ["deep", ["deep tissue massage"]],
        ],
      },
      "a deep tissue massage please",
    );
    expect(hits.all("s")).toEqual([{ key: "deep", start: 2, end: 21 }]);
  });

  it("report every table that has a word at the same place", () => {
    const hits = scan({ a: [["x", ["nervous"]]], b: [["y", ["nervous*"]]] }, "so nervous");
    expect(hits.all("a")).toHaveLength(1);
    expect(hits.all("b")).toHaveLength(1);
  });

  it("keep a term's own lookbehind", () => {
    const t = { t: [["k", ["(?<!ab )sofort"]]] as [string, string[]][] };
    expect(scan(t, "bitte sofort").all("t")).toHaveLength(1);
    expect(scan(t, "ab sofort").all("t")).toHaveLength(0);
  });
});

describe("term index filing", () => {
  it("expands leading groups so each variant has its own letters", () => {
    const body = termSource("(a |any )?female (therapist|dentist)s?").replace(/^\(\?<!\[[^\]]*\]\)/, "");
    const prefixes = leadingVariants(body)
      .flatMap((v) => prefixVariants(v))
      .map(literalPrefix);
    expect(new Set(prefixes)).toEqual(new Set(["a f", "any", "fem"]));
  });

  it("spells out optional letters and umlaut groups in the first three letters", () => {
    const body = termSource("möchte").replace(/^\(\?<!\[[^\]]*\]\)/, "");
    const filed = leadingVariants(body).flatMap((v) => prefixVariants(v));
    expect(new Set(filed.map(literalPrefix))).toEqual(new Set(["moc", "moe"]));
  });
});

describe("typo variants", () => {
  it("cover a missing, swapped or doubled letter in long words", () => {
    const v = typoVariants("allergic");
    expect(v).toEqual(expect.arrayContaining(["alergic", "allergc", "allegric", "allerggic"]));
    expect(v).not.toContain("allergic");
  });

  it("leave short words and spellings of other vocabulary alone", () => {
    expect(typoVariants("latex")).toEqual([]);
    const [[, terms]] = withTypos([["k", ["tuesdays"]]], new Set(["tuesday"])) as [[string, string[]]];
    expect(terms).not.toContain("tuesday");
    expect(terms).toContain("tusdays");
  });
});
