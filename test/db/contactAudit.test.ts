/**
 * A contact's audit entries are found through `audit_log_contact_idx` (business, details->>'contactId',
 * id) instead of a scan of the whole log: the rights requests the contact view lists, and (on
 * PostgreSQL, checked with EXPLAIN) every audit_log query the contact view sends.
 */
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { expect, it } from "vitest";
import { ConversationRecords } from "../../src/adapters/db/ConversationRecords.ts";
import { type Database, rowsOf } from "../../src/adapters/db/database.ts";
import * as schema from "../../src/adapters/db/schema.ts";
import { auditLog, consents, contacts, declinedTopics, messages } from "../../src/adapters/db/schema.ts";
import { ADMIN_TOKEN, startHarness } from "../support/rapportHarness.ts";
import { describeEachBackend, insertBusiness } from "../support/testDatabase.ts";

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

describeEachBackend("a contact's audit entries", (database, backend) => {
  it("the contact's declines, consents and rights requests, oldest first; nobody else's, whatever the details say", async () => {
    const { db } = database();
    const business = await insertBusiness(db);
    const [anna, ben] = await db
      .insert(contacts)
      .values([
        { businessId: business.id, waId: "41790000101" },
        { businessId: business.id, waId: "41790000102" },
      ])
      .returning();
    if (!anna || !ben) throw new Error("no contacts");
    const records = new ConversationRecords();
    const audit = (contactId: string, action: string, details?: Record<string, unknown>) =>
      db
        .insert(auditLog)
        .values(records.auditRow({ businessId: business.id, contactId, action, messageId: null, details }));
    await audit(anna.id, "profile_disclosed");
    await audit(ben.id, "deletion_requested");
    // A caller's details cannot move the entry to another contact.
    await audit(anna.id, "marketing_opt_out", { contactId: ben.id, scope: "all" });
    await db.insert(auditLog).values({
      businessId: business.id,
      actor: "customer",
      action: "added",
      entity: "profile_fact",
      entityId: crypto.randomUUID(),
      details: { contactId: anna.id, field: "name" },
    });

    const [message] = await db
      .insert(messages)
      .values({ businessId: business.id, contactId: anna.id, direction: "in", status: "received" })
      .returning();
    if (!message) throw new Error("no message");
    const said = new Date("2027-03-01T09:30:00.123Z");
    await db.insert(declinedTopics).values({
      businessId: business.id,
      contactId: anna.id,
      topic: "email",
      messageId: message.id,
      quote: "lieber nicht",
      saidAt: said,
    });
    await db.insert(consents).values({
      businessId: business.id,
      contactId: anna.id,
      kind: "special_category_data",
      granted: true,
      wording: "May we keep it?",
      messageId: message.id,
      at: new Date(said.getTime() + 1000),
    });

    const history = await records.historyFor(db, business.id, anna.id);
    expect(history.declinedTopics).toEqual([{ topic: "email", quote: "lieber nicht", saidAt: said }]);
    expect(history.consents).toEqual([
      {
        kind: "special_category_data",
        granted: true,
        wording: "May we keep it?",
        at: new Date(said.getTime() + 1000),
      },
    ]);
    expect(history.requests.every((r) => r.at instanceof Date)).toBe(true);
    expect(history.requests.map((r) => [r.action, r.details.contactId])).toEqual([
      ["profile_disclosed", anna.id],
      ["marketing_opt_out", anna.id],
    ]);
    expect((await records.historyFor(db, business.id, ben.id)).declinedTopics).toEqual([]);
    expect(history.requests[1]?.details).toMatchObject({ scope: "all", messageId: null });
    expect((await records.historyFor(db, business.id, ben.id)).requests.map((r) => r.action)).toEqual([
      "deletion_requested",
    ]);
  });

  it.runIf(backend === "postgres")(
    "every audit_log query of the contact view uses the contact index (EXPLAIN)",
    async () => {
      const url = database().url;
      if (!url) throw new Error("no PostgreSQL url");
      const pool = new pg.Pool({ connectionString: url, max: 4 });
      const sent: Array<{ query: string; params: unknown[] }> = [];
      const logged: Database = drizzle({
        client: pool,
        schema,
        logger: { logQuery: (query, params) => sent.push({ query, params }) },
      });
      const h = await startHarness(logged);
      try {
        const [contact] = await logged
          .insert(contacts)
          .values({ businessId: h.businessId, waId: "41790000201" })
          .returning();
        if (!contact) throw new Error("no contact");
        // A log worth indexing: thousands of other entries of the same business.
        await pool.query(
          `INSERT INTO audit_log (business_id, actor, action, entity, entity_id, details)
           SELECT $1, 'customer', 'added', 'profile_fact', gen_random_uuid()::text,
                  jsonb_build_object('contactId', gen_random_uuid(), 'field', 'name')
           FROM generate_series(1, 5000)`,
          [h.businessId],
        );
        await pool.query("ANALYZE audit_log");
        sent.length = 0;
        const view = await h.rapport.app.inject({
          method: "GET",
          url: `/api/contacts/${contact.id}`,
          headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        });
        expect(view.statusCode).toBe(200);
        const auditQueries = sent.filter(({ query }) => /from "audit_log"/i.test(query));
        expect(auditQueries.length).toBeGreaterThanOrEqual(2);
        for (const { query, params } of auditQueries) {
          const [row] = (await pool.query(`EXPLAIN (FORMAT JSON) ${query}`, params)).rows;
          // How each plan node reads audit_log (other tables in the statement may be scanned).
          const reads: string[] = [];
          const walk = (node: PlanNode) => {
            if (node["Relation Name"] === "audit_log")
              reads.push(`${node["Node Type"]} ${node["Index Name"] ?? ""}`);
            for (const child of node.Plans ?? []) walk(child);
          };
          walk(row["QUERY PLAN"][0].Plan);
          expect(reads, query).not.toHaveLength(0);
          for (const read of reads) expect(read, query).toMatch(/Index.* audit_log_contact_idx$/);
        }
      } finally {
        await h.close();
        await pool.end();
      }
    },
  );

  it("the index exists on this backend", async () => {
    const { db } = database();
    const rows = rowsOf<{ indexdef: string }>(
      await db.execute(sql`SELECT indexdef FROM pg_indexes WHERE indexname = 'audit_log_contact_idx'`),
    );
    expect(rows[0]?.indexdef).toMatch(/\(business_id, \(\(details ->> 'contactId'::text\)\), id\)/);
  });
});
