/**
 * Users, logins and sessions. A session's cookie holds a random 32-byte token; the database keeps only
 * its SHA-256, so a leaked table opens no session. Each session has its own CSRF secret, which the
 * browser sends back in `X-CSRF-Token` on every state-changing request.
 */
import { createHash, randomBytes } from "node:crypto";
import { and, asc, count, eq, gt, lt, sql } from "drizzle-orm";
import type { Role } from "../../domain/access/RolePermissions.ts";
import { changeRefusal, type UserChange } from "../../domain/access/UserAdministration.ts";
import type { Database } from "../db/database.ts";
import type { Executor } from "../db/ProfileRepository.ts";
import { accessLog, auditLog, businesses, sessions, users } from "../db/schema.ts";
import { LoginRateLimiter } from "./LoginRateLimiter.ts";
import { hashPassword, verifyPassword, weakPasswordReason } from "./passwordHash.ts";

export type UserRow = typeof users.$inferSelect;

export interface SessionUser {
  id: string;
  businessId: string;
  email: string;
  displayName: string | null;
  role: Role;
}

export interface ActiveSession {
  id: string;
  user: SessionUser;
  csrfSecret: string;
  expiresAt: Date;
}

export interface NewUser {
  businessId: string;
  email: string;
  displayName?: string | null | undefined;
  role: Role;
  password: string;
}

export class UserError extends Error {
  override name = "UserError";
}

export interface AuthServiceOptions {
  db: Database;
  now?: () => Date;
  /** How long a session lasts from login; default 12 hours. */
  sessionTtlMs?: number;
  limiter?: LoginRateLimiter;
}

export type LoginResult =
  | { ok: true; token: string; session: ActiveSession }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "limited"; retryAfterSeconds: number };

/** Checked against when the email is unknown, so a miss costs as much as a wrong password. */
let dummyHash: Promise<string> | undefined;

export const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/** Who did something, for the audit and access logs: `user:<email>`, or `token` for the API token. */
export const actorOf = (user: Pick<SessionUser, "email"> | null) => (user ? `user:${user.email}` : "token");

export class AuthService {
  private readonly db: Database;
  private readonly now: () => Date;
  readonly sessionTtlMs: number;
  readonly limiter: LoginRateLimiter;

  constructor(options: AuthServiceOptions) {
    this.db = options.db;
    this.now = options.now ?? (() => new Date());
    this.sessionTtlMs = options.sessionTtlMs ?? 12 * 60 * 60 * 1000;
    this.limiter = options.limiter ?? new LoginRateLimiter();
  }

  async userCount(): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(users);
    return Number(row?.n ?? 0);
  }

  /** The business a user belongs to: the given id, or the only business there is. */
  async resolveBusiness(id: string | undefined): Promise<string> {
    const rows = await this.db.select({ id: businesses.id }).from(businesses);
    if (id) {
      const found = rows.find((row) => row.id === id);
      if (!found) throw new UserError(`no business "${id}"`);
      return found.id;
    }
    if (rows.length === 1 && rows[0]) return rows[0].id;
    throw new UserError(
      rows.length === 0
        ? "there is no business yet: run `rapport seed-demo` or seed one first"
        : "there are several businesses: name one by its id",
    );
  }

  /** `by` (`user:<email>` or `token`), when given, is written to the audit log with the new user. */
  async addUser(input: NewUser, by?: string): Promise<UserRow> {
    const values = await this.newUserRow(input);
    return this.db.transaction(async (tx) => {
      const user = await this.insertUser(tx, values);
      if (by !== undefined) {
        await tx.insert(auditLog).values({
          businessId: user.businessId,
          actor: by,
          action: "user_added",
          entity: "user",
          entityId: user.id,
          details: { role: user.role },
          at: this.now(),
        });
      }
      return user;
    });
  }

  /**
   * The first-run owner: created only while no user exists at all, null otherwise. The table is locked
   * for the check and the insert, so two setups racing cannot both create an owner.
   */
  async addFirstOwner(input: Omit<NewUser, "role">): Promise<SessionUser | null> {
    const values = await this.newUserRow({ ...input, role: "owner" });
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`LOCK TABLE ${users} IN SHARE ROW EXCLUSIVE MODE`);
      const [row] = await tx.select({ n: count() }).from(users);
      if (Number(row?.n ?? 0) > 0) return null;
      return sessionUser(await this.insertUser(tx, values));
    });
  }

  private async newUserRow(input: NewUser): Promise<typeof users.$inferInsert> {
    const weak = weakPasswordReason(input.password);
    if (weak) throw new UserError(`password ${weak}`);
    return {
      businessId: input.businessId,
      email: input.email.trim().toLowerCase(),
      displayName: input.displayName ?? null,
      role: input.role,
      passwordHash: await hashPassword(input.password),
    };
  }

  private async insertUser(tx: Executor, values: typeof users.$inferInsert): Promise<UserRow> {
    const [existing] = await tx
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.email}) = ${values.email}`);
    if (existing) throw new UserError(`a user with the email ${values.email} already exists`);
    const [row] = await tx.insert(users).values(values).returning();
    if (!row) throw new Error("user insert returned nothing");
    return row;
  }

  async login(email: string, password: string, ip: string): Promise<LoginResult> {
    const at = this.now().getTime();
    const retryAfterSeconds = this.limiter.retryAfter(ip, email, at);
    if (retryAfterSeconds > 0) return { ok: false, reason: "limited", retryAfterSeconds };
    const [user] = await this.db
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`);
    dummyHash ??= hashPassword(randomBytes(16).toString("hex"));
    const valid = await verifyPassword(password, user?.passwordHash ?? (await dummyHash));
    if (!user || !valid || user.disabled) {
      this.limiter.fail(ip, email, at);
      return { ok: false, reason: "invalid" };
    }
    this.limiter.succeed(ip, email);
    const token = randomBytes(32).toString("base64url");
    const now = this.now();
    const expiresAt = new Date(now.getTime() + this.sessionTtlMs);
    const csrfSecret = randomBytes(32).toString("base64url");
    const [session] = await this.db
      .insert(sessions)
      .values({
        tokenHash: sha256(token),
        userId: user.id,
        csrfSecret,
        expiresAt,
        createdAt: now,
        lastSeenAt: now,
        ip,
      })
      .returning({ id: sessions.id });
    await this.db.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id));
    if (!session) throw new Error("session insert returned nothing");
    return { ok: true, token, session: { id: session.id, user: sessionUser(user), csrfSecret, expiresAt } };
  }

  /** The live session the cookie token opens, or null (unknown, expired, or its user disabled). */
  async sessionFor(token: string): Promise<ActiveSession | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const now = this.now();
    const [row] = await this.db
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenHash, sha256(token)), gt(sessions.expiresAt, now)));
    if (!row || row.user.disabled) return null;
    // Written at most once a minute, not on every request.
    if (now.getTime() - row.session.lastSeenAt.getTime() > 60_000) {
      await this.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.session.id));
    }
    return {
      id: row.session.id,
      user: sessionUser(row.user),
      csrfSecret: row.session.csrfSecret,
      expiresAt: row.session.expiresAt,
    };
  }

  /** The business's users (every business's, for the bearer token), by email. */
  async listUsers(businessId: string | null): Promise<UserRow[]> {
    return this.db
      .select()
      .from(users)
      .where(businessId ? eq(users.businessId, businessId) : undefined)
      .orderBy(asc(users.email));
  }

  /**
   * Changes a user's role, password or whether they may log in, under `changeRefusal`'s rule. The
   * users table is locked for the check and the write, so two admins cannot both demote one of the
   * last two owners. Disabling or a new password ends the user's sessions.
   */
  async changeUser(
    actor: Role,
    businessId: string | null,
    userId: string,
    change: UserChange,
    /** Who, for the audit log: `user:<email>` or `token`. */
    by = "system",
  ): Promise<{ ok: true; user: UserRow } | { ok: false; status: 400 | 403 | 404 | 409; error: string }> {
    if (change.password !== undefined) {
      const weak = weakPasswordReason(change.password);
      if (weak) return { ok: false, status: 400, error: `password ${weak}` };
    }
    const passwordHash = change.password === undefined ? undefined : await hashPassword(change.password);
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`LOCK TABLE ${users} IN SHARE ROW EXCLUSIVE MODE`);
      const [target] = await tx
        .select()
        .from(users)
        .where(and(eq(users.id, userId), businessId ? eq(users.businessId, businessId) : undefined));
      if (!target) return { ok: false as const, status: 404 as const, error: "no such user" };
      const [owners] = await tx
        .select({ n: count() })
        .from(users)
        .where(
          and(eq(users.businessId, target.businessId), eq(users.role, "owner"), eq(users.disabled, false)),
        );
      const refusal = changeRefusal(actor, target, change, Number(owners?.n ?? 0));
      if (refusal) {
        const status = refusal.startsWith("the last owner") ? 409 : 403;
        return { ok: false as const, status: status as 403 | 409, error: refusal };
      }
      const [row] = await tx
        .update(users)
        .set({
          ...(change.role !== undefined && { role: change.role }),
          ...(change.disabled !== undefined && {
            disabled: change.disabled,
            disabledAt: change.disabled ? (target.disabledAt ?? this.now()) : null,
          }),
          ...(passwordHash !== undefined && { passwordHash }),
        })
        .where(eq(users.id, target.id))
        .returning();
      if (!row) throw new Error("user update returned nothing");
      if (change.disabled === true || passwordHash !== undefined) {
        await tx.delete(sessions).where(eq(sessions.userId, target.id));
      }
      await tx.insert(auditLog).values({
        businessId: target.businessId,
        actor: by,
        action: "user_changed",
        entity: "user",
        entityId: target.id,
        // What changed, never the password itself.
        details: {
          ...(change.role !== undefined && { role: { from: target.role, to: change.role } }),
          ...(change.disabled !== undefined && { disabled: change.disabled }),
          ...(passwordHash !== undefined && { passwordChanged: true }),
        },
        at: this.now(),
      });
      return { ok: true as const, user: row };
    });
  }

  /** Deletes sessions past their expiry (they open nothing already; this keeps the table small). */
  async sweepExpiredSessions(): Promise<number> {
    return deleteExpiredSessions(this.db, this.now());
  }

  async logout(sessionId: string): Promise<void> {
    await this.db.delete(sessions).where(eq(sessions.id, sessionId));
  }

  async logAccess(entry: AccessEntry): Promise<void> {
    await this.logAccessMany([entry]);
  }

  /** Several views at once (the calendar shows many customers' alerts): one insert. */
  async logAccessMany(entries: readonly AccessEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const at = this.now();
    await this.db.insert(accessLog).values(
      entries.map((entry) => ({
        businessId: entry.businessId,
        contactId: entry.contactId,
        userId: entry.user?.id ?? null,
        actor: actorOf(entry.user),
        resource: entry.resource,
        ip: entry.ip,
        at,
      })),
    );
  }
}

export interface AccessEntry {
  businessId: string;
  contactId: string;
  user: SessionUser | null;
  resource: "health_notes" | "messages";
  ip: string;
}

export async function deleteExpiredSessions(db: Database, now: Date): Promise<number> {
  const deleted = await db.delete(sessions).where(lt(sessions.expiresAt, now)).returning({ id: sessions.id });
  return deleted.length;
}

function sessionUser(row: UserRow): SessionUser {
  return {
    id: row.id,
    businessId: row.businessId,
    email: row.email,
    displayName: row.displayName,
    role: row.role,
  };
}
