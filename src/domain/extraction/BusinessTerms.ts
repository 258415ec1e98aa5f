/**
 * The words of one business: its staff (by full name, first name, surname, with titles, and by
 * role when only one person has it) and its services (by name in every language and by the
 * service families their names share), compiled once per catalogue.
 */
import type { BusinessCatalog, Service } from "../business/BusinessCatalog.ts";
import { fold } from "./text/fold.ts";
import { type TermHits, TermIndex } from "./text/TermIndex.ts";
import { VOCABULARIES } from "./vocabulary/index.ts";

export type BusinessTable =
  | "staffName"
  | "staffFirstName"
  | "staffSurname"
  | "staffRole"
  | "service"
  | "serviceFamily";

export interface BusinessTerms {
  index: TermIndex<BusinessTable>;
  /** Service ids for each family word ("massage" → deep-tissue, aroma). */
  familyServices: ReadonlyMap<string, string[]>;
  /** How a family reads in the profile ("Massage"). */
  familyLabel: ReadonlyMap<string, string>;
}

const TITLES_BEFORE_SURNAME = [
  "dr\\.?",
  "doktor",
  "doctor",
  "frau",
  "herr(n)?",
  "frau dr\\.?",
  "herr(n)? dr\\.?",
  "mr\\.?",
  "mrs\\.?",
  "ms\\.?",
  "prof\\.?",
];
const cache = new WeakMap<BusinessCatalog, BusinessTerms>();

export function businessTerms(catalog: BusinessCatalog): BusinessTerms {
  const cached = cache.get(catalog);
  if (cached) return cached;
  const built = build(catalog);
  cache.set(catalog, built);
  return built;
}

function escapeName(word: string): string {
  return fold(word).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function build(catalog: BusinessCatalog): BusinessTerms {
  const staffName: [string, string[]][] = [];
  const staffFirstName: [string, string[]][] = [];
  const staffSurname: [string, string[]][] = [];
  const roleCount = new Map<string, number>();
  for (const s of catalog.staff) roleCount.set(fold(s.role), (roleCount.get(fold(s.role)) ?? 0) + 1);
  const staffRole: [string, string[]][] = [];
  for (const s of catalog.staff) {
    const words = s.name
      .replace(/\b(dr|prof)\.?\s+/gi, "")
      .trim()
      .split(/\s+/);
    const first = words[0] ?? "";
    const surname = words.length > 1 ? (words[words.length - 1] as string) : "";
    staffName.push([
      s.id,
      [
        escapeName(s.name),
        escapeName(words.join(" ")),
        ...(surname ? TITLES_BEFORE_SURNAME.map((t) => `${t} ${escapeName(surname)}`) : []),
      ],
    ]);
    if (first) staffFirstName.push([s.id, [escapeName(first), `${escapeName(first)}s`]]);
    if (surname) staffSurname.push([s.id, [escapeName(surname)]]);
    if (roleCount.get(fold(s.role)) === 1) {
      const roleWords = VOCABULARIES.flatMap((v) => v.staff.roles[s.role.toLowerCase()] ?? []);
      staffRole.push([s.id, [escapeName(s.role), ...roleWords]]);
    }
  }

  const service: [string, string[]][] = catalog.services.map((svc) => [
    svc.id,
    serviceNames(svc).map(escapeName),
  ]);

  // A family counts for a business when one of its words appears in a service name.
  const familyServices = new Map<string, string[]>();
  const familyLabel = new Map<string, string>();
  const serviceFamily: [string, string[]][] = [];
  const families = new Map<string, string[]>();
  for (const v of VOCABULARIES) {
    for (const [family, terms] of Object.entries(v.services.families))
      families.set(family, [...(families.get(family) ?? []), ...terms]);
  }
  for (const [family, terms] of families) {
    const probe = new TermIndex({ family: [["family", terms]] });
    const ids: string[] = [];
    for (const svc of catalog.services) {
      if (serviceNames(svc).some((name) => probe.scan(fold(name)).all("family").length > 0)) ids.push(svc.id);
    }
    if (ids.length === 0) continue;
    familyServices.set(family, ids);
    familyLabel.set(
      family,
      ids.length === 1 ? (catalog.services.find((s) => s.id === ids[0])?.name ?? family) : titleCase(family),
    );
    serviceFamily.push([family, terms]);
  }

  return {
    index: new TermIndex<BusinessTable>({
      staffName,
      staffFirstName,
      staffSurname,
      staffRole,
      service,
      serviceFamily,
    }),
    familyServices,
    familyLabel,
  };
}

function serviceNames(svc: Service): string[] {
  return [svc.name, ...Object.values(svc.names ?? {}).filter((n): n is string => !!n)];
}

function titleCase(word: string): string {
  return word.replace(/\b\p{L}/gu, (c) => c.toUpperCase());
}

export type BusinessHits = TermHits<BusinessTable>;
