import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { businessPhoneNumbers, contacts, messages, profileFacts } from "../../src/adapters/db/schema.ts";
import { describeEachBackend, insertBusiness } from "../support/testDatabase.ts";

/** The database's complaint, whichever driver wrapped it. */
async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const parts: string[] = [];
    for (let e: unknown = error; e instanceof Error; e = e.cause) parts.push(e.message);
    return parts.join(" | ");
  }
  throw new Error("expected the database to refuse this");
}

describeEachBackend("business scoping", (database) => {
  it("lets two businesses know the same WhatsApp user, but one business only once", async () => {
    const { db } = database();
    const salon = await insertBusiness(db);
    const dentist = await insertBusiness(db);
    await db.insert(contacts).values({ businessId: salon.id, waId: "41795551234" });
    await db.insert(contacts).values({ businessId: dentist.id, waId: "41795551234" });

    expect(await failure(db.insert(contacts).values({ businessId: salon.id, waId: "41795551234" }))).toMatch(
      /contacts_business_wa_id|duplicate key/,
    );
    const rows = await db.select().from(contacts).where(eq(contacts.waId, "41795551234"));
    expect(rows.map((row) => row.businessId).sort()).toEqual([salon.id, dentist.id].sort());
  });

  it("refuses a message that points at another business's contact", async () => {
    const { db } = database();
    const salon = await insertBusiness(db);
    const dentist = await insertBusiness(db);
    const [contact] = await db
      .insert(contacts)
      .values({ businessId: salon.id, waId: "4915112345678" })
      .returning();
    if (!contact) throw new Error("no contact");

    const refused = db.insert(messages).values({
      businessId: dentist.id,
      contactId: contact.id,
      direction: "in",
      wamid: "wamid.cross",
      body: "Hallo",
      status: "received",
    });
    expect(await failure(refused)).toMatch(/messages_contact_fk|foreign key/);
  });

  it("routes a WhatsApp phone_number_id to exactly one business", async () => {
    const { db } = database();
    const salon = await insertBusiness(db);
    const dentist = await insertBusiness(db);
    await db.insert(businessPhoneNumbers).values({ businessId: salon.id, phoneNumberId: "pnid-1" });
    expect(
      await failure(
        db.insert(businessPhoneNumbers).values({ businessId: dentist.id, phoneNumberId: "pnid-1" }),
      ),
    ).toMatch(/phone_number_id_key|duplicate key/);
  });

  it("refuses special notes stored in plain text", async () => {
    const { db } = database();
    const salon = await insertBusiness(db);
    expect(
      await failure(
        db
          .insert(contacts)
          .values({ businessId: salon.id, waId: "41790000001", specialNotes: "latex allergy" }),
      ),
    ).toMatch(/contacts_special_notes_sealed|check constraint/);

    const [contact] = await db
      .insert(contacts)
      .values({ businessId: salon.id, waId: "41790000002" })
      .returning();
    if (!contact) throw new Error("no contact");
    const plainFact = db.insert(profileFacts).values({
      businessId: salon.id,
      contactId: contact.id,
      field: "special_notes",
      value: "latex allergy",
      quote: "I'm allergic to latex",
      source: "customer",
      status: "current",
    });
    expect(await failure(plainFact)).toMatch(/profile_facts_special_sealed|check constraint/);
  });
});
