/**
 * Which business a WhatsApp number belongs to, and each business's catalogue as the extractor and
 * the bot need it, built from the database rows. Both are cached per process: they change only when
 * a business is seeded or edited, which calls `forget()`.
 */
import { asc, eq } from "drizzle-orm";
import { buildBusinessSchedule, parsePracticeSettings } from "../../domain/booking/BusinessSetup.ts";
import type { BusinessSchedule } from "../../domain/booking/types.ts";
import type { BusinessCatalog, Language } from "../../domain/business/BusinessCatalog.ts";
import type { Database } from "./database.ts";
import { businesses, businessPhoneNumbers, services, staff } from "./schema.ts";

export interface BusinessNumber {
  businessId: string;
  phoneNumberId: string;
}

/** How the business books: its schedule and the cancellation notice it asks for. */
export interface BookingSetup {
  schedule: BusinessSchedule;
  cancellationNoticeHours: number;
}

/**
 * How long a catalogue or schedule is trusted: another process (the admin API beside a worker
 * process) may have edited it. Within one process, `forget()` takes effect at once.
 */
const SETUP_TTL_MS = 15_000;

export class BusinessDirectory {
  private readonly numbers = new Map<string, string | null>();
  private readonly catalogs = new Map<string, Promise<BusinessCatalog>>();
  private readonly setups = new Map<string, { at: number; setup: Promise<BookingSetup> }>();
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

  /** The schedule availability works from, built from the catalogue and the business's settings. */
  bookingSetup(businessId: string): Promise<BookingSetup> {
    const cached = this.setups.get(businessId);
    if (cached && Date.now() - cached.at < SETUP_TTL_MS) return cached.setup;
    this.catalogs.delete(businessId);
    const setup = this.loadSetup(businessId);
    setup.catch(() => this.setups.delete(businessId));
    this.setups.set(businessId, { at: Date.now(), setup });
    return setup;
  }

  forget(): void {
    this.numbers.clear();
    this.catalogs.clear();
    this.setups.clear();
    this.phoneNumberIds.clear();
  }

  private async loadSetup(businessId: string): Promise<BookingSetup> {
    const catalog = await this.catalog(businessId);
    const [business] = await this.db
      .select({ settings: businesses.settings })
      .from(businesses)
      .where(eq(businesses.id, businessId))
      .limit(1);
    if (!business) throw new Error(`No business ${businessId}`);
    const settings = parsePracticeSettings(business.settings);
    return {
      schedule: buildBusinessSchedule(catalog, settings),
      cancellationNoticeHours: settings.cancellationNoticeHours,
    };
  }

  private async loadCatalog(businessId: string): Promise<BusinessCatalog> {
    const [business] = await this.db.select().from(businesses).where(eq(businesses.id, businessId)).limit(1);
    if (!business) throw new Error(`No business ${businessId}`);
    // Inactive rows too: the settings may still name them, and the schedule must know they exist.
    const [allStaff, allServices] = await Promise.all([
      this.db
        .select()
        .from(staff)
        .where(eq(staff.businessId, businessId))
        .orderBy(asc(staff.createdAt), asc(staff.key)),
      this.db
        .select()
        .from(services)
        .where(eq(services.businessId, businessId))
        .orderBy(asc(services.createdAt), asc(services.key)),
    ]);
    const staffRows = allStaff.filter((row) => row.active);
    const serviceRows = allServices.filter((row) => row.active);
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
      retired: {
        staffIds: allStaff.filter((row) => !row.active).map((row) => row.key),
        serviceIds: allServices.filter((row) => !row.active).map((row) => row.key),
      },
    };
  }
}
