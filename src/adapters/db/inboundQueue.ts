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
import { type Database, rawQuery, rowsOf } from "./database.ts";

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
  const [row] = await rawQuery<{
    contact_id: string;
    message_id: string | null;
    job_id: string | number | null;
  }>(db, INGEST, [
    message.businessId,
    message.waId,
    message.phone ?? null,
    sentAt,
    message.wamid,
    message.type,
    message.body,
    payload,
  ]);
  if (!row) throw new Error("ingestInboundMessage: the statement returned no row");
  return {
    duplicate: row.message_id === null,
    contactId: row.contact_id,
    messageId: row.message_id,
    jobId: row.job_id === null ? null : Number(row.job_id),
  };
}

/** The contact upsert, the message (once per wamid) and its job: one statement, no reads before. */
const INGEST = {
  name: "rapport_ingest_inbound_message",
  text: `
    WITH contact AS (
      INSERT INTO contacts (business_id, wa_id, phone, last_inbound_at)
      VALUES ($1::uuid, $2::text, $3::text, COALESCE($4::timestamptz, now()))
      ON CONFLICT (business_id, wa_id) DO UPDATE
        SET last_inbound_at = GREATEST(contacts.last_inbound_at, EXCLUDED.last_inbound_at),
            phone = COALESCE(contacts.phone, EXCLUDED.phone)
      RETURNING id
    ), message AS (
      INSERT INTO messages (business_id, contact_id, direction, wamid, type, body, payload, status, sent_at)
      SELECT $1::uuid, contact.id, 'in', $5::text, $6::text, $7::text, $8::jsonb, 'received', $4::timestamptz
      FROM contact
      ON CONFLICT (business_id, wamid) DO NOTHING
      RETURNING id, contact_id
    ), job AS (
      INSERT INTO inbound_jobs (business_id, contact_id, message_id)
      SELECT $1::uuid, message.contact_id, message.id FROM message
      RETURNING id
    )
    SELECT (SELECT id FROM contact) AS contact_id,
           (SELECT id FROM message) AS message_id,
           (SELECT id FROM job) AS job_id`,
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
  // One statement: pick (locking, skipping rows other workers are picking) and lease.
  const claimed = rowsOf<JobRow>(
    await db.execute(sql`
      WITH candidates AS (
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
      )
      UPDATE inbound_jobs
      SET status = 'running',
          attempts = inbound_jobs.attempts + 1,
          locked_by = ${options.workerId},
          locked_until = now() + make_interval(secs => ${leaseSeconds})
      FROM candidates
      WHERE inbound_jobs.id = candidates.id
      RETURNING inbound_jobs.id, inbound_jobs.business_id, inbound_jobs.contact_id, inbound_jobs.message_id,
                inbound_jobs.attempts, inbound_jobs.locked_until
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
}

/**
 * Marks a job done and its message processed. False when the worker no longer holds the job
 * (its lease ran out and another worker took it).
 */
export async function completeInboundJob(db: Database, jobId: number, workerId: string): Promise<boolean> {
  return (await completeInboundJobs(db, [jobId], workerId)).includes(jobId);
}

/** `completeInboundJob` for several jobs in one statement; returns the ids this worker still held. */
export async function completeInboundJobs(
  db: Database,
  jobIds: readonly number[],
  workerId: string,
): Promise<number[]> {
  if (jobIds.length === 0) return [];
  const result = await db.execute(sql`
    WITH done AS (
      UPDATE inbound_jobs
      SET status = 'done', finished_at = now(), locked_until = NULL
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
