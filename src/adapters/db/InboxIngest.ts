/**
 * The webhook's inserts into the inbox, grouped: requests that arrive while earlier inserts are still
 * on their way to the database wait for them and then go together, as ONE multi-row statement
 * (`unnest` arrays, ON CONFLICT DO NOTHING). Each request is still answered only once its own row is
 * committed — nothing is acknowledged before it is durable — but a burst of deliveries pays for one
 * statement and one commit (a disk flush) per group instead of one per message.
 *
 * Nothing waits when the server is quiet: a request finding a free slot is written at once (on its
 * own). Under load, at most `maxInFlight` statements are in the air and the rest form the next group,
 * so the group size follows the load. If a group's statement fails, its rows are written one by one
 * so that each request gets its own answer.
 */
import { type Database, pgArray, rawQuery } from "./database.ts";
import { type InboundMessage, type IngestResult, ingestInboundMessage } from "./inboundQueue.ts";

interface Waiting {
  message: InboundMessage;
  resolve: (result: IngestResult) => void;
  reject: (error: unknown) => void;
}

export interface InboxIngestOptions {
  /** Statements in the air at once (each uses a connection). Default 2. */
  maxInFlight?: number;
  /** Rows in one statement at most. Default 256. */
  maxGroup?: number;
}

export class InboxIngest {
  private waiting: Waiting[] = [];
  private inFlight = 0;
  private readonly maxInFlight: number;
  private readonly maxGroup: number;
  /** Statements written and rows in them: for tests and figures. */
  readonly stats = { statements: 0, rows: 0, fallbacks: 0 };

  constructor(
    private readonly db: Database,
    options: InboxIngestOptions = {},
  ) {
    this.maxInFlight = options.maxInFlight ?? 2;
    this.maxGroup = options.maxGroup ?? 256;
  }

  /** Stores the message in the inbox; resolves once it is committed (or known as a redelivery). */
  ingest(message: InboundMessage): Promise<IngestResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ message, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      const group = this.waiting.splice(0, this.maxGroup);
      this.inFlight++;
      void this.write(group).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async write(group: Waiting[]): Promise<void> {
    this.stats.statements++;
    this.stats.rows += group.length;
    if (group.length === 1) {
      const [only] = group as [Waiting];
      await ingestInboundMessage(this.db, only.message).then(only.resolve, only.reject);
      return;
    }
    let stored: Map<string, number>;
    try {
      stored = await insertGroup(this.db, group);
    } catch {
      this.stats.fallbacks++;
      await Promise.all(group.map((w) => ingestInboundMessage(this.db, w.message).then(w.resolve, w.reject)));
      return;
    }
    for (const w of group) {
      const key = keyOf(w.message);
      const inboxId = stored.get(key);
      // The same wamid twice in one group: the first is stored, the second is a redelivery.
      if (inboxId !== undefined) stored.delete(key);
      w.resolve(inboxId === undefined ? { duplicate: true, inboxId: null } : { duplicate: false, inboxId });
    }
  }
}

const keyOf = (message: Pick<InboundMessage, "businessId" | "wamid">) =>
  `${message.businessId} ${message.wamid}`;

const INGEST_GROUP = {
  name: "rapport_ingest_inbound_group",
  text: `
    INSERT INTO inbound_inbox (business_id, wa_id, phone, wamid, type, body, payload, sent_at)
    SELECT business_id, wa_id, phone, wamid, type, body, payload, sent_at
    FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[],
      $8::timestamptz[]) WITH ORDINALITY AS r(business_id, wa_id, phone, wamid, type, body, payload, sent_at, n)
    -- Arrival order is inbox order: one sender's messages are handled by it.
    ORDER BY n
    ON CONFLICT (business_id, wamid) DO NOTHING
    RETURNING id, business_id, wamid`,
};

/** Inserts the group's rows in arrival order; returns the new rows' ids by business and wamid. */
async function insertGroup(db: Database, group: readonly Waiting[]): Promise<Map<string, number>> {
  const messages = group.map((w) => w.message);
  const rows = await rawQuery<{ id: string | number; business_id: string; wamid: string }>(db, INGEST_GROUP, [
    pgArray(messages.map((m) => m.businessId)),
    pgArray(messages.map((m) => m.waId)),
    pgArray(messages.map((m) => m.phone ?? null)),
    pgArray(messages.map((m) => m.wamid)),
    pgArray(messages.map((m) => m.type)),
    pgArray(messages.map((m) => m.body)),
    pgArray(messages.map((m) => (m.payload == null ? null : JSON.stringify(m.payload)))),
    pgArray(messages.map((m) => (m.sentAt ? m.sentAt.toISOString() : null))),
  ]);
  return new Map(
    rows.map((row) => [keyOf({ businessId: row.business_id, wamid: row.wamid }), Number(row.id)]),
  );
}
