/**
 * Profile facts in the database: loads a contact's facts as the domain's `ProfileFact`s and writes
 * exactly what the merge rules return (`ProfileChange`: inserts, status updates, audit entries).
 *
 * Special notes never reach a column in plain text: their value, display text and quote live in
 * `sealed` (AES-256-GCM, bound to the fact's id), and their audit entries are sealed the same way.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { AuditEntry, FactPatch, ProfileChange } from "../../domain/profile/ProfileChange.ts";
import type { Actor, ProfileFact, ProfileField } from "../../domain/profile/ProfileFact.ts";
import type { FieldCipher } from "../crypto/fieldEncryption.ts";
import type { Database } from "./database.ts";
import { auditLog, profileFacts } from "./schema.ts";
import type { FactPatchRow } from "./TurnOutcomeWriter.ts";

/** A database handle or an open transaction: repositories work inside either. */
export type Executor = Pick<
  Database,
  "select" | "selectDistinctOn" | "insert" | "update" | "delete" | "execute"
>;

type FactRow = typeof profileFacts.$inferSelect;
type FactInsert = typeof profileFacts.$inferInsert;

/** Fields whose content is special-category data (health, fears): sealed at rest. */
export const SEALED_FIELDS: ReadonlySet<ProfileField> = new Set<ProfileField>(["special_notes"]);

interface SealedFactContent {
  value: unknown;
  text: string;
  quote: string | null;
}

const factAad = (factId: string) => `profile_fact:${factId}`;
const auditAad = (factId: string) => `audit:${factId}`;

export class ProfileRepository {
  constructor(private readonly cipher: FieldCipher) {}

  /** Every fact of the contact (all statuses), oldest first. */
  async loadFacts(db: Executor, businessId: string, contactId: string): Promise<ProfileFact[]> {
    const rows = await db
      .select()
      .from(profileFacts)
      .where(and(eq(profileFacts.businessId, businessId), eq(profileFacts.contactId, contactId)))
      .orderBy(asc(profileFacts.recordedAt), asc(profileFacts.id));
    return rows.map((row) => this.toFact(row));
  }

  /** Every fact of each contact (all statuses), oldest first: one query for a batch of contacts. */
  async loadFactsFor(
    db: Executor,
    contactsOf: ReadonlyArray<{ businessId: string; contactId: string }>,
  ): Promise<Map<string, ProfileFact[]>> {
    const byContact = new Map<string, ProfileFact[]>(contactsOf.map((c) => [c.contactId, []]));
    if (contactsOf.length === 0) return byContact;
    const rows = await db
      .select()
      .from(profileFacts)
      .where(
        and(
          // Both columns, so the (business_id, contact_id, …) index serves the lookup.
          inArray(profileFacts.businessId, [...new Set(contactsOf.map((c) => c.businessId))]),
          inArray(profileFacts.contactId, [...byContact.keys()]),
        ),
      )
      .orderBy(asc(profileFacts.recordedAt), asc(profileFacts.id));
    for (const row of rows) byContact.get(row.contactId)?.push(this.toFact(row));
    return byContact;
  }

  /** Writes a change: new facts first (updates may point at them), then patches, then the audit trail. */
  async applyChange(db: Executor, businessId: string, change: ProfileChange): Promise<void> {
    if (change.inserts.length > 0) {
      await db.insert(profileFacts).values(change.inserts.map((fact) => this.toRow(businessId, fact)));
    }
    const patches = new Map<string, FactPatch>();
    for (const { factId, patch } of change.updates) patches.set(factId, { ...patches.get(factId), ...patch });
    for (const [factId, patch] of patches) {
      await db
        .update(profileFacts)
        .set(patchColumns(patch))
        .where(and(eq(profileFacts.businessId, businessId), eq(profileFacts.id, factId)));
    }
    if (change.audit.length > 0) {
      await db.insert(auditLog).values(change.audit.map((entry) => this.auditRow(businessId, entry)));
    }
  }

  /**
   * The changes as rows for the turn's one outcome statement (`TurnOutcomeWriter`): patches to facts
   * inserted by the same changes are folded into their rows, the other patches merged per fact.
   */
  changeRows(
    businessId: string,
    changes: readonly ProfileChange[],
  ): { facts: FactInsert[]; patches: FactPatchRow[]; audits: Array<typeof auditLog.$inferInsert> } {
    const inserts = new Map<string, ProfileFact>();
    const patches = new Map<string, FactPatch>();
    const audit: AuditEntry[] = [];
    for (const change of changes) {
      for (const fact of change.inserts) inserts.set(fact.id, fact);
      for (const { factId, patch } of change.updates) {
        const inserted = inserts.get(factId);
        if (inserted) inserts.set(factId, { ...inserted, ...patch } as ProfileFact);
        else patches.set(factId, { ...patches.get(factId), ...patch });
      }
      audit.push(...change.audit);
    }
    return {
      facts: [...inserts.values()].map((fact) => this.toRow(businessId, fact)),
      patches: [...patches].map(([factId, patch]) => ({ businessId, factId, patch: definedKeys(patch) })),
      audits: audit.map((entry) => this.auditRow(businessId, entry)),
    };
  }

  private toRow(businessId: string, fact: ProfileFact): FactInsert {
    const sealed = SEALED_FIELDS.has(fact.field);
    const content: SealedFactContent = { value: fact.value, text: fact.text, quote: fact.quote };
    return {
      id: fact.id,
      businessId,
      contactId: fact.contactId,
      field: fact.field,
      value: sealed ? null : fact.value,
      displayText: sealed ? null : fact.text,
      quote: sealed ? null : fact.quote,
      sealed: sealed ? this.cipher.encrypt(JSON.stringify(content), factAad(fact.id)) : null,
      source: fact.source,
      messageId: fact.messageId,
      saidAt: fact.saidAt,
      recordedAt: fact.recordedAt,
      confidence: clampConfidence(fact.confidence),
      status: fact.status,
      supersedesId: fact.supersedes,
      supersededById: fact.supersededBy,
      editedBy: fact.editedBy,
      sampleSize: fact.sampleSize,
      lastConfirmedAt: fact.lastConfirmedAt,
      confirmations: fact.confirmations,
      removedAt: fact.removedAt,
      removedBy: fact.removedBy as Record<string, unknown> | null,
    };
  }

  private toFact(row: FactRow): ProfileFact {
    const content: SealedFactContent = row.sealed
      ? (JSON.parse(this.cipher.decrypt(row.sealed, factAad(row.id))) as SealedFactContent)
      : { value: row.value, text: row.displayText ?? "", quote: row.quote };
    return {
      id: row.id,
      contactId: row.contactId,
      field: row.field as ProfileField,
      value: content.value,
      text: content.text,
      source: row.source,
      messageId: row.messageId,
      quote: content.quote,
      saidAt: row.saidAt ?? row.recordedAt,
      recordedAt: row.recordedAt,
      confidence: row.confidence ?? 1,
      status: row.status,
      supersedes: row.supersedesId,
      supersededBy: row.supersededById,
      editedBy: row.editedBy,
      sampleSize: row.sampleSize,
      lastConfirmedAt: row.lastConfirmedAt,
      confirmations: row.confirmations,
      removedAt: row.removedAt,
      removedBy: (row.removedBy as Actor | null) ?? null,
    } as ProfileFact;
  }

  private auditRow(businessId: string, entry: AuditEntry): typeof auditLog.$inferInsert {
    const readable = { before: entry.before, after: entry.after, description: entry.description };
    const details: Record<string, unknown> = {
      contactId: entry.contactId,
      field: entry.field,
      actor: entry.actor,
      ...(SEALED_FIELDS.has(entry.field)
        ? { sealed: this.cipher.encrypt(JSON.stringify(readable), auditAad(entry.factId)) }
        : readable),
    };
    return {
      businessId,
      actor: actorName(entry.actor),
      action: entry.action,
      entity: "profile_fact",
      entityId: entry.factId,
      details,
      at: entry.at,
    };
  }

  /** Readable audit details (sealed ones opened), for the admin API. */
  openAuditDetails(factId: string, details: Record<string, unknown>): Record<string, unknown> {
    if (typeof details.sealed !== "string") return details;
    const { sealed, ...rest } = details;
    return { ...rest, ...(JSON.parse(this.cipher.decrypt(sealed as string, auditAad(factId))) as object) };
  }
}

export function actorName(actor: Actor): string {
  switch (actor.kind) {
    case "customer":
      return "customer";
    case "staff":
      return `staff:${actor.userId}`;
    case "behaviour":
      return "behaviour";
    case "retention":
      return "retention";
  }
}

function clampConfidence(confidence: number): number {
  return Math.min(1, Math.max(0, confidence));
}

/** The patch's keys that are set (an undefined key leaves the column as it is). */
function definedKeys(patch: FactPatch): Record<string, unknown> {
  const defined: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) defined[key] = value;
  return defined;
}

function patchColumns(patch: FactPatch): Partial<FactInsert> {
  return {
    ...(patch.status !== undefined && { status: patch.status }),
    ...(patch.supersededBy !== undefined && { supersededById: patch.supersededBy }),
    ...(patch.lastConfirmedAt !== undefined && { lastConfirmedAt: patch.lastConfirmedAt }),
    ...(patch.confirmations !== undefined && { confirmations: patch.confirmations }),
    ...(patch.sampleSize !== undefined && { sampleSize: patch.sampleSize }),
    ...(patch.removedAt !== undefined && { removedAt: patch.removedAt }),
    ...(patch.removedBy !== undefined && { removedBy: patch.removedBy as Record<string, unknown> | null }),
  };
}
