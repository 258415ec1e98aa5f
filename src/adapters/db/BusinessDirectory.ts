/**
 * Which business a WhatsApp number belongs to, and each business's catalogue as the extractor and
 * the bot need it, built from the database rows. Both are cached per process: they change only when
 * a business is seeded or edited, which calls `forget()`.
 */
import { and, asc, eq } from "drizzle-orm";
import type { BusinessCatalog, Language } from "../../domain/business/BusinessCatalog.ts";
import type { Database } from "./database.ts";
import { businesses, businessPhoneNumbers, services, staff } from "./schema.ts";

export interface BusinessNumber {
  businessId: string;
  phoneNumberId: string;
}

export class BusinessDirectory {
  private readonly numbers = new Map<string, string | null>();
  private readonly catalogs = new Map<string, Promise<BusinessCatalog>>();
  private readonly phoneNumberIds = new Map<string, string | null>();

  constructor(private readonly db: Database) {}

  /** The business receiving messages on `phoneNumberId`, or null for a number we do not serve. */
  async businessForNumber(phoneNumberId: string): Promise<string | null> {
    const cached = this.numbers.get(phoneNumberId);
    if (cached !== undefined) return cached;
    const [row] = await this.db
      .select({ businessId: businessPhoneNumbers.businessId })
      .from(businessPhoneNumbers)
      .where(eq(businessPhoneNumbers.phoneNumberId, phoneNumberId))
      .limit(1);
    const businessId = row?.businessId ?? null;
    // Unknown numbers are not cached: a business may be connected while we run.
    if (businessId !== null) this.numbers.set(phoneNumberId, businessId);
    return businessId;
  }

  /** The number replies go out from. */
  async numberOf(businessId: string): Promise<string | null> {
    const cached = this.phoneNumberIds.get(businessId);
    if (cached !== undefined) return cached;
    const [row] = await this.db
      .select({ phoneNumberId: businessPhoneNumbers.phoneNumberId })
      .from(businessPhoneNumbers)
      .where(eq(businessPhoneNumbers.businessId, businessId))
      .orderBy(asc(businessPhoneNumbers.createdAt))
      .limit(1);
    const id = row?.phoneNumberId ?? null;
    if (id !== null) this.phoneNumberIds.set(businessId, id);
    return id;
  }

  catalog(businessId: string): Promise<BusinessCatalog> {
    let cached = this.catalogs.get(businessId);
    if (!cached) {
      cached = this.loadCatalog(businessId);
      cached.catch(() => this.catalogs.delete(businessId));
      this.catalogs.set(businessId, cached);
    }
    return cached;
  }

  forget(): void {
    this.numbers.clear();
    this.catalogs.clear();
    this.phoneNumberIds.clear();
  }

  private async loadCatalog(businessId: string): Promise<BusinessCatalog> {
    const [business] = await this.db.select().from(businesses).where(eq(businesses.id, businessId)).limit(1);
    if (!business) throw new Error(`No business ${businessId}`);
    const [staffRows, serviceRows] = await Promise.all([
      this.db
        .select()
        .from(staff)
        .where(and(eq(staff.businessId, businessId), eq(staff.active, true)))
        .orderBy(asc(staff.createdAt), asc(staff.key)),
      this.db
        .select()
        .from(services)
        .where(and(eq(services.businessId, businessId), eq(services.active, true)))
        .orderBy(asc(services.createdAt), asc(services.key)),
    ]);
    return {
      name: business.name,
      timezone: business.timezone,
      country: business.country,
      languages: business.languages.length > 0 ? business.languages : (["de", "en"] as Language[]),
      staff: staffRows.map((row) => ({
        id: row.key,
        name: row.name,
        role: row.role,
        ...(row.gender ? { gender: row.gender } : {}),
      })),
      services: serviceRows.map((row) => ({
        id: row.key,
        name: row.name,
        names: row.names,
        minutes: row.minutes,
      })),
    };
  }
}
