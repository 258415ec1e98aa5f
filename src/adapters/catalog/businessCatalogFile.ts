import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { BusinessCatalog } from "../../domain/business/BusinessCatalog.ts";

const language = z.enum(["en", "de"]);

export const businessCatalogSchema = z.object({
  name: z.string().min(1),
  timezone: z.string().min(1).default("Europe/Zurich"),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, "country must be an ISO 3166 code such as CH")
    .default("CH"),
  languages: z.array(language).min(1).default(["de", "en"]),
  staff: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string().min(1),
      role: z.string().default(""),
      gender: z.enum(["female", "male"]).optional(),
    }),
  ),
  services: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string().min(1),
      names: z.partialRecord(language, z.string()).optional(),
      minutes: z.number().int().positive(),
    }),
  ),
});

export class CatalogError extends Error {}

/** Reads a business catalogue (the shape of shared/eval/business.json) and says clearly what is wrong. */
export async function readBusinessCatalog(path: string): Promise<BusinessCatalog> {
  let raw: string;
  try {
    raw = await readFile(path, "utf8");
  } catch (err) {
    throw new CatalogError(`cannot read business file ${path}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new CatalogError(`business file ${path} is not valid JSON`);
  }
  const parsed = businessCatalogSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CatalogError(`business file ${path}: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`);
  }
  return parsed.data as BusinessCatalog;
}
