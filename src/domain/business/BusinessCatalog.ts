/** The part of a business the extractor and the bot need to know: who works there and what it offers. */
export type Language = "en" | "de";

export interface StaffMember {
  id: string;
  name: string;
  role: string;
  gender?: "female" | "male";
}

export interface Service {
  id: string;
  name: string;
  /** Names in other languages, keyed by language code. */
  names?: Partial<Record<Language, string>>;
  minutes: number;
}

export interface BusinessCatalog {
  name: string;
  timezone: string;
  /** ISO 3166 region used to read local phone numbers ("079 555 12 34" in CH). */
  country: string;
  languages: Language[];
  staff: StaffMember[];
  services: Service[];
  /**
   * Ids of staff and services the business no longer has active. Its settings may still name them
   * (a plan, a buffer); the schedule leaves them out instead of refusing them as unknown.
   */
  retired?: { staffIds: readonly string[]; serviceIds: readonly string[] };
}
