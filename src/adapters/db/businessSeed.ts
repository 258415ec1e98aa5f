/**
 * Seeds a business from a practice file (catalogue + opening hours, buffers, …): idempotent, so
 * `rapport serve` can run it on every start. Staff and services are upserted by their catalogue id
 * (`key`); ones no longer in the file are deactivated, never deleted (bookings may refer to them).
 */
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { and, eq, notInArray, sql } from "drizzle-orm";
import { z } from "zod";
import { buildBusinessSchedule, practiceSettingsShape } from "../../domain/booking/BusinessSetup.ts";
import type { BusinessCatalog } from "../../domain/business/BusinessCatalog.ts";
import { readBusinessCatalog } from "../catalog/businessCatalogFile.ts";
import type { Database } from "./database.ts";
import { businesses, businessPhoneNumbers, services, staff } from "./schema.ts";

export const practiceSchema = z.object({
  /** The catalogue file (staff, services, languages, timezone), relative to the practice file. */
  catalog: z.string().min(1),
  /** Stable id of the business across seeds. */
  key: z.string().min(1),
  displayPhone: z.string().optional(),
  address: z.string().optional(),
  /** Hours, staff plans and services, buffers, rooms, holidays, absences, notice and horizon. */
  ...practiceSettingsShape,
});

export type Practice = z.infer<typeof practiceSchema>;

export interface PracticeFile {
  practice: Practice;
  catalog: BusinessCatalog;
}

export const DEMO_PRACTICE_FILE = new URL("../../../demo/practice.json", import.meta.url);

export async function readPracticeFile(path: string | URL): Promise<PracticeFile> {
  const file = path instanceof URL ? path.pathname : path;
  const parsed = practiceSchema.safeParse(JSON.parse(await readFile(file, "utf8")));
  if (!parsed.success) throw new Error(`practice file ${file}: ${z.prettifyError(parsed.error)}`);
  const catalog = await readBusinessCatalog(resolve(dirname(file), parsed.data.catalog));
  // Fail at start-up, not at the first booking, when the file names staff or services the catalogue lacks.
  buildBusinessSchedule(catalog, parsed.data);
  return { practice: parsed.data, catalog };
}

export interface SeededBusiness {
  businessId: string;
  created: boolean;
}

/** Creates or updates the business, its staff, services and WhatsApp number, in one transaction. */
export async function seedBusiness(
  db: Database,
  { practice, catalog }: PracticeFile,
  phoneNumberId: string,
): Promise<SeededBusiness> {
  const { catalog: _catalogFile, key, ...settings } = practice;
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: businesses.id })
      .from(businesses)
      .where(sql`${businesses.settings}->>'key' = ${key}`)
      .limit(1);
    const values = {
      name: catalog.name,
      timezone: catalog.timezone,
      country: catalog.country,
      languages: catalog.languages,
      settings: { key, ...settings },
      updatedAt: new Date(),
    };
    let businessId: string;
    if (existing) {
      businessId = existing.id;
      await tx.update(businesses).set(values).where(eq(businesses.id, businessId));
    } else {
      const [row] = await tx.insert(businesses).values(values).returning({ id: businesses.id });
      if (!row) throw new Error("seedBusiness: no business row returned");
      businessId = row.id;
    }

    for (const member of catalog.staff) {
      await tx
        .insert(staff)
        .values({
          businessId,
          key: member.id,
          name: member.name,
          role: member.role,
          gender: member.gender ?? null,
        })
        .onConflictDoUpdate({
          target: [staff.businessId, staff.key],
          set: { name: member.name, role: member.role, gender: member.gender ?? null, active: true },
        });
    }
    await tx
      .update(staff)
      .set({ active: false })
      .where(
        and(
          eq(staff.businessId, businessId),
          notInArray(
            staff.key,
            catalog.staff.map((s) => s.id),
          ),
        ),
      );

    for (const service of catalog.services) {
      const row = { name: service.name, names: service.names ?? {}, minutes: service.minutes, active: true };
      await tx
        .insert(services)
        .values({ businessId, key: service.id, ...row })
        .onConflictDoUpdate({ target: [services.businessId, services.key], set: row });
    }
    await tx
      .update(services)
      .set({ active: false })
      .where(
        and(
          eq(services.businessId, businessId),
          notInArray(
            services.key,
            catalog.services.map((s) => s.id),
          ),
        ),
      );

    await tx
      .insert(businessPhoneNumbers)
      .values({ businessId, phoneNumberId, displayPhone: practice.displayPhone?.replace(/\s/g, "") ?? null })
      .onConflictDoUpdate({ target: businessPhoneNumbers.phoneNumberId, set: { businessId } });
    return { businessId, created: !existing };
  });
}
