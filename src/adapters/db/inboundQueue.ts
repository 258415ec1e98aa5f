/**
 * The durable inbox: webhook → `ingestInboundMessage` (one insert, nothing else) → workers
 * `claimInboundJobs` (lease a batch, admit it: contacts and `messages` rows, set-based) →
 * `completeInboundJobs` / `failInboundJob`.
 *
 * Order per sender: a row can be claimed only when no earlier row of the same sender (business,
 * wa_id) is pending or running, so one customer's messages are handled one at a time, in arrival
 * order, while different customers are worked in parallel.
 *
 * Why the webhook writes so little: Meta waits for the acknowledgement and retries slow ones, and a
 * burst must not queue behind contact upserts, foreign-key checks and index maintenance. Those are
 * done by the worker, a batch at a time, where they cost a fraction per message.
 */
import { sql } from "drizzle-orm";
import { type Database, pgArray, rawQuery, rowsOf } from "./database.ts";

export interface InboundMessage {
  businessId: string;
  /** WhatsApp's id of the sender. */
  waId: string;
  /** Sender's number, E.164, when known. */
  phone?: string | null;
  wamid: string;
  type: string;
  body: string | null;
  payload?: Record<string, unknown> | null;
  /** WhatsApp's timestamp of the message. */
  sentAt?: Date | null;
}

export interface IngestResult {
  /** True when this wamid had been stored before: nothing was written. */
  duplicate: boolean;
  /** The inbox row (and job) id; null for a duplicate. */
  inboxId: number | null;
}

/**
 * Stores an inbound message in the inbox, which queues it. A redelivered webhook (same business and
 * wamid) changes nothing and returns `duplicate: true`.
 */
export async function ingestInboundMessage(db: Database, message: InboundMessage): Promise<IngestResult> {
  const rows = await rawQuery<{ id: string | number }>(db, INGEST, [
    message.businessId,
    message.waId,
    message.phone ?? null,
    message.wamid,
    message.type,
    message.body,
    message.payload == null ? null : JSON.stringify(message.payload),
    message.sentAt ?? null,
  ]);
  const row = rows[0];
  return row ? { duplicate: false, inboxId: Number(row.id) } : { duplicate: true, inboxId: null };
}

const INGEST = {
  name: "rapport_ingest_inbound_message",
  text: `
    INSERT INTO inbound_inbox (business_id, wa_id, phone, wamid, type, body, payload, sent_at)
    VALUES ($1::uuid, $2::text, $3::text, $4::text, $5::text, $6::text, $7::jsonb, $8::timestamptz)
    ON CONFLICT (business_id, wamid) DO NOTHING
    RETURNING id`,
};

export interface ClaimedJob {
  id: number;
  businessId: string;
  contactId: string;
  messageId: string;
  /** Including this one. */
  attempts: number;
  lockedUntil: Date;
}

export interface ClaimOptions {
  /** Who holds the lease: only it may complete or fail the job. */
  workerId: string;
  limit?: number;
  /** How long the worker may take before the job is handed to another. */
  leaseSeconds?: number;
  /** Work for one business only. */
  businessId?: string;
}

interface ClaimedRow {
  id: string | number;
  business_id: string;
  wa_id: string;
  phone: string | null;
  wamid: string;
  type: string;
  body: string | null;
  payload: unknown;
  sent_at: Date | string | null;
  received_at: Date | string;
  attempts: number;
  locked_until: Date | string;
  contact_id: string | null;
  message_id: string | null;
}

/**
 * Claims up to `limit` jobs, at most one per sender (the earliest unfinished), ordered by arrival,
 * and admits those not admitted yet. Rows another worker is claiming are skipped (FOR UPDATE SKIP
 * LOCKED), never waited for.
 */
export async function claimInboundJobs(db: Database, options: ClaimOptions): Promise<ClaimedJob[]> {
  const limit = options.limit ?? 10;
  const leaseSeconds = options.leaseSeconds ?? 60;
  const businessFilter = options.businessId ? sql`AND i.business_id = ${options.businessId}` : sql``;
  // One statement: pick (locking, skipping rows other workers are picking) and lease.
  const claimed = rowsOf<ClaimedRow>(
    await db.execute(sql`
      WITH candidates AS (
        SELECT i.id FROM inbound_inbox i
        WHERE ((i.status = 'pending' AND i.available_at <= now())
               OR (i.status = 'running' AND i.locked_until < now()))
          ${businessFilter}
          AND NOT EXISTS (
            SELECT 1 FROM inbound_inbox earlier
            WHERE earlier.business_id = i.business_id
              AND earlier.wa_id = i.wa_id
              AND earlier.id < i.id
              AND earlier.status IN ('pending', 'running'))
        ORDER BY i.id
        LIMIT ${limit}
        FOR UPDATE OF i SKIP LOCKED
      )
      UPDATE inbound_inbox
      SET status = 'running',
          attempts = inbound_inbox.attempts + 1,
          locked_by = ${options.workerId},
          locked_until = now() + make_interval(secs => ${leaseSeconds})
      FROM candidates
      WHERE inbound_inbox.id = candidates.id
      RETURNING inbound_inbox.id, inbound_inbox.business_id, inbound_inbox.wa_id, inbound_inbox.phone,
                inbound_inbox.wamid, inbound_inbox.type, inbound_inbox.body, inbound_inbox.payload,
                inbound_inbox.sent_at, inbound_inbox.received_at, inbound_inbox.attempts,
                inbound_inbox.locked_until, inbound_inbox.contact_id, inbound_inbox.message_id
    `),
  );
  if (claimed.length === 0) return [];
  const admitted = await admit(
    db,
    claimed.filter((row) => row.message_id === null),
  );
  return claimed
    .map((row) => {
      const ids = row.message_id === null ? admitted.get(Number(row.id)) : null;
      const contactId = ids?.contactId ?? row.contact_id;
      const messageId = ids?.messageId ?? row.message_id;
      if (contactId === null || messageId === null) {
        throw new Error(`inbox row ${row.id} could not be admitted`);
      }
      return {
        id: Number(row.id),
        businessId: row.business_id,
        contactId,
        messageId,
        attempts: Number(row.attempts),
        lockedUntil: new Date(row.locked_until),
      };
    })
    .sort((a, b) => a.id - b.id);
}

/**
 * Admission: the senders become contacts (created, or their last-inbound time moved on) and the
 * messages become `messages` rows, for a whole batch in one statement, and the inbox rows remember
 * both. A row admitted before (a retry after a crash) finds its message by wamid.
 */
async function admit(
  db: Database,
  rows: readonly ClaimedRow[],
): Promise<Map<number, { contactId: string; messageId: string }>> {
  const result = new Map<number, { contactId: string; messageId: string }>();
  if (rows.length === 0) return result;
  const column = <T>(pick: (row: ClaimedRow) => T) => rows.map(pick);
  const timestamp = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
  const admitted = rowsOf<{ id: string | number; contact_id: string; message_id: string }>(
    await db.execute(sql`
      WITH arrived AS (
        SELECT * FROM unnest(
          ${pgArray(column((r) => String(r.id)))}::bigint[],
          ${pgArray(column((r) => r.business_id))}::uuid[],
          ${pgArray(column((r) => r.wa_id))}::text[],
          ${pgArray(column((r) => r.phone))}::text[],
          ${pgArray(column((r) => r.wamid))}::text[],
          ${pgArray(column((r) => r.type))}::text[],
          ${pgArray(column((r) => r.body))}::text[],
          ${pgArray(column((r) => (r.payload == null ? null : JSON.stringify(r.payload))))}::jsonb[],
          ${pgArray(column((r) => timestamp(r.sent_at)))}::timestamptz[],
          ${pgArray(column((r) => timestamp(r.received_at)))}::timestamptz[]
        ) AS a(inbox_id, business_id, wa_id, phone, wamid, type, body, payload, sent_at, received_at)
      ), contact AS (
        INSERT INTO contacts (business_id, wa_id, phone, last_inbound_at)
        SELECT DISTINCT ON (business_id, wa_id) business_id, wa_id, phone, COALESCE(sent_at, received_at)
        FROM arrived
        ORDER BY business_id, wa_id, inbox_id DESC
        ON CONFLICT (business_id, wa_id) DO UPDATE
          SET last_inbound_at = GREATEST(contacts.last_inbound_at, EXCLUDED.last_inbound_at),
              phone = COALESCE(contacts.phone, EXCLUDED.phone)
        RETURNING id, business_id, wa_id
      ), message AS (
        INSERT INTO messages (business_id, contact_id, direction, wamid, type, body, payload, status, sent_at,
                              created_at)
        SELECT a.business_id, c.id, 'in', a.wamid, a.type, a.body, a.payload, 'received', a.sent_at, a.received_at
        FROM arrived a JOIN contact c ON c.business_id = a.business_id AND c.wa_id = a.wa_id
        ORDER BY a.inbox_id
        ON CONFLICT (business_id, wamid) DO NOTHING
        RETURNING id, business_id, wamid, contact_id
      ), earlier AS (
        SELECT m.id, m.business_id, m.wamid, m.contact_id
        FROM arrived a JOIN messages m ON m.business_id = a.business_id AND m.wamid = a.wamid
      ), known AS (
        SELECT * FROM message UNION ALL SELECT * FROM earlier
      )
      UPDATE inbound_inbox
      SET contact_id = known.contact_id, message_id = known.id
      FROM arrived a JOIN known ON known.business_id = a.business_id AND known.wamid = a.wamid
      WHERE inbound_inbox.id = a.inbox_id
      RETURNING inbound_inbox.id, inbound_inbox.contact_id, inbound_inbox.message_id
    `),
  );
  for (const row of admitted) {
    result.set(Number(row.id), { contactId: row.contact_id, messageId: row.message_id });
  }
  return result;
}

/**
 * Marks a job done and its message processed. False when the worker no longer holds the job
 * (its lease ran out and another worker took it).
 */
export async function completeInboundJob(db: Database, jobId: number, workerId: string): Promise<boolean> {
  return (await completeInboundJobs(db, [jobId], workerId)).includes(jobId);
}

/**
 * `completeInboundJob` for several jobs in one statement; returns the ids this worker still held.
 * The inbox row keeps only its keys: the content lives in `messages` now.
 */
export async function completeInboundJobs(
  db: Database,
  jobIds: readonly number[],
  workerId: string,
): Promise<number[]> {
  if (jobIds.length === 0) return [];
  const result = await db.execute(sql`
    WITH done AS (
      UPDATE inbound_inbox
      SET status = 'done', finished_at = now(), locked_until = NULL, body = NULL, payload = NULL
      WHERE id IN (${sql.join(
        jobIds.map((id) => sql`${id}`),
        sql`, `,
      )}) AND status = 'running' AND locked_by = ${workerId}
      RETURNING id, message_id
    ), processed AS (
      UPDATE messages SET processed_at = now()
      FROM done WHERE messages.id = done.message_id
      RETURNING messages.id
    )
    SELECT done.id FROM done
  `);
  return rowsOf<{ id: string | number }>(result).map((row) => Number(row.id));
}

export interface FailOptions {
  error: string;
  /** After this many attempts the job is given up (`failed`) and no longer holds back the contact. */
  maxAttempts?: number;
  retryInSeconds?: number;
}

/** Records a failed attempt: back to pending after a delay, or `failed` for good. */
export async function failInboundJob(
  db: Database,
  jobId: number,
  workerId: string,
  options: FailOptions,
): Promise<"retry" | "failed" | "not-held"> {
  const maxAttempts = options.maxAttempts ?? 5;
  const retryInSeconds = options.retryInSeconds ?? 30;
  const rows = rowsOf<{ status: string }>(
    await db.execute(sql`
      UPDATE inbound_inbox
      SET status = CASE WHEN attempts >= ${maxAttempts} THEN 'failed'::job_status ELSE 'pending'::job_status END,
          available_at = now() + make_interval(secs => ${retryInSeconds}),
          finished_at = CASE WHEN attempts >= ${maxAttempts} THEN now() END,
          locked_until = NULL,
          locked_by = NULL,
          last_error = ${options.error}
      WHERE id = ${jobId} AND status = 'running' AND locked_by = ${workerId}
      RETURNING status
    `),
  );
  const status = rows[0]?.status;
  if (status === undefined) return "not-held";
  return status === "failed" ? "failed" : "retry";
}

/**
 * Hands every running job back to the queue. Only for a database one process owns (the embedded
 * PGlite behind its lock file): at start, whatever was running belonged to a process that is gone.
 * With PostgreSQL, other instances may be working, so expired leases are what hands work back.
 */
export async function requeueRunningJobs(db: Database): Promise<number> {
  const rows = rowsOf(
    await db.execute(sql`
      UPDATE inbound_inbox
      SET status = 'pending', locked_by = NULL, locked_until = NULL, available_at = now()
      WHERE status = 'running'
      RETURNING id
    `),
  );
  return rows.length;
}
