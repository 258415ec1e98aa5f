/**
 * The durable inbox: webhook → `ingestInboundMessage` (one idempotent statement) → workers
 * `claimInboundJobs` → `completeInboundJob` / `failInboundJob`.
 *
 * Order per contact: a job can be claimed only when no earlier job of its contact is pending or
 * running, so one contact's messages are handled one at a time, in arrival order, while different
 * contacts are worked in parallel. Ingest upserts the contact row first, which locks it: concurrent
 * webhooks for one contact take their job ids (the order) one after the other.
 */
import { sql } from "drizzle-orm";
import { type Database, rowsOf } from "./database.ts";

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
  contactId: string;
  messageId: string | null;
  jobId: number | null;
}

/**
 * Stores an inbound message and queues its processing, in one statement. A redelivered webhook
 * (same business and wamid) changes nothing and returns `duplicate: true`.
 */
export async function ingestInboundMessage(db: Database, message: InboundMessage): Promise<IngestResult> {
  const sentAt = message.sentAt ?? null;
  const payload = message.payload == null ? null : JSON.stringify(message.payload);
  const result = await db.execute(sql`
    WITH contact AS (
      INSERT INTO contacts (business_id, wa_id, phone, last_inbound_at)
      VALUES (${message.businessId}, ${message.waId}, ${message.phone ?? null}, COALESCE(${sentAt}::timestamptz, now()))
      ON CONFLICT (business_id, wa_id) DO UPDATE
        SET last_inbound_at = GREATEST(contacts.last_inbound_at, EXCLUDED.last_inbound_at),
            phone = COALESCE(contacts.phone, EXCLUDED.phone)
      RETURNING id
    ), message AS (
      INSERT INTO messages (business_id, contact_id, direction, wamid, type, body, payload, status, sent_at)
      SELECT ${message.businessId}, contact.id, 'in', ${message.wamid}, ${message.type}, ${message.body},
             ${payload}::jsonb, 'received', ${sentAt}::timestamptz
      FROM contact
      ON CONFLICT (business_id, wamid) DO NOTHING
      RETURNING id, contact_id
    ), job AS (
      INSERT INTO inbound_jobs (business_id, contact_id, message_id)
      SELECT ${message.businessId}, message.contact_id, message.id FROM message
      RETURNING id
    )
    SELECT (SELECT id FROM contact) AS contact_id,
           (SELECT id FROM message) AS message_id,
           (SELECT id FROM job) AS job_id
  `);
  const row = rowsOf<{ contact_id: string; message_id: string | null; job_id: string | number | null }>(
    result,
  )[0];
  if (!row) throw new Error("ingestInboundMessage: the statement returned no row");
  return {
    duplicate: row.message_id === null,
    contactId: row.contact_id,
    messageId: row.message_id,
    jobId: row.job_id === null ? null : Number(row.job_id),
  };
}

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

interface JobRow {
  id: string | number;
  business_id: string;
  contact_id: string;
  message_id: string;
  attempts: number;
  locked_until: Date | string;
}

/**
 * Claims up to `limit` jobs, at most one per contact (the earliest unfinished), ordered by arrival.
 * Rows another worker is claiming are skipped (FOR UPDATE SKIP LOCKED), never waited for.
 */
export async function claimInboundJobs(db: Database, options: ClaimOptions): Promise<ClaimedJob[]> {
  const limit = options.limit ?? 10;
  const leaseSeconds = options.leaseSeconds ?? 60;
  const businessFilter = options.businessId ? sql`AND j.business_id = ${options.businessId}` : sql``;
  return db.transaction(async (tx) => {
    const candidates = rowsOf<{ id: string | number }>(
      await tx.execute(sql`
        SELECT j.id FROM inbound_jobs j
        WHERE ((j.status = 'pending' AND j.available_at <= now())
               OR (j.status = 'running' AND j.locked_until < now()))
          ${businessFilter}
          AND NOT EXISTS (
            SELECT 1 FROM inbound_jobs earlier
            WHERE earlier.contact_id = j.contact_id
              AND earlier.id < j.id
              AND earlier.status IN ('pending', 'running'))
        ORDER BY j.id
        LIMIT ${limit}
        FOR UPDATE OF j SKIP LOCKED
      `),
    );
    if (candidates.length === 0) return [];
    const ids = candidates.map((row) => Number(row.id));
    const claimed = rowsOf<JobRow>(
      await tx.execute(sql`
        UPDATE inbound_jobs
        SET status = 'running',
            attempts = attempts + 1,
            locked_by = ${options.workerId},
            locked_until = now() + make_interval(secs => ${leaseSeconds})
        WHERE id IN (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )})
        RETURNING id, business_id, contact_id, message_id, attempts, locked_until
      `),
    );
    return claimed
      .map((row) => ({
        id: Number(row.id),
        businessId: row.business_id,
        contactId: row.contact_id,
        messageId: row.message_id,
        attempts: Number(row.attempts),
        lockedUntil: new Date(row.locked_until),
      }))
      .sort((a, b) => a.id - b.id);
  });
}

/**
 * Marks a job done and its message processed. False when the worker no longer holds the job
 * (its lease ran out and another worker took it).
 */
export async function completeInboundJob(db: Database, jobId: number, workerId: string): Promise<boolean> {
  const result = await db.execute(sql`
    WITH done AS (
      UPDATE inbound_jobs
      SET status = 'done', finished_at = now(), locked_until = NULL
      WHERE id = ${jobId} AND status = 'running' AND locked_by = ${workerId}
      RETURNING message_id
    )
    UPDATE messages SET processed_at = now()
    FROM done WHERE messages.id = done.message_id
    RETURNING messages.id
  `);
  return rowsOf(result).length === 1;
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
      UPDATE inbound_jobs
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
      UPDATE inbound_jobs
      SET status = 'pending', locked_by = NULL, locked_until = NULL, available_at = now()
      WHERE status = 'running'
      RETURNING id
    `),
  );
  return rows.length;
}
