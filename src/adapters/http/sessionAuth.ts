/**
 * Who is calling the admin API: the bearer token (RAPPORT_ADMIN_TOKEN, an owner of every business) or a
 * session cookie (a user of one business, with a role). Cookie-authenticated requests that change
 * something must carry the session's CSRF secret in `X-CSRF-Token`; bearer requests cannot be forged
 * by a browser, so they need none. Also the routes that log in and out, and the first-run owner setup.
 */
import { timingSafeEqual } from "node:crypto";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Role } from "../../domain/access/RolePermissions.ts";
import {
  type ActiveSession,
  type AuthService,
  actorOf,
  type SessionUser,
  UserError,
} from "../auth/AuthService.ts";
import { MAX_PASSWORD_LENGTH } from "../auth/passwordHash.ts";
import { parseCookies, serializeCookie } from "./cookies.ts";
import { parse } from "./requestValidation.ts";

export const SESSION_COOKIE = "rapport_session";
export const CSRF_HEADER = "x-csrf-token";

export type Principal =
  | { kind: "token"; role: Role; user: null; businessId: null; session: null }
  | { kind: "session"; role: Role; user: SessionUser; businessId: string; session: ActiveSession };

const principals = new WeakMap<FastifyRequest, Principal>();

/** Who an audit entry names: `user:<email>` for a session, `token` for the bearer token. */
export const auditActorOf = (principal: Principal) => actorOf(principal.user);

/** The caller of a request that passed `authenticate`. */
export function principalOf(request: FastifyRequest): Principal {
  const principal = principals.get(request);
  if (!principal) throw new Error("principalOf: the request was not authenticated");
  return principal;
}

export interface AuthOptions {
  auth: AuthService;
  token: string | undefined;
  /**
   * The one-time code `rapport serve` prints at start while no user exists: whoever reaches a fresh
   * server first must also be able to read its console (or hold the bearer token) to claim it.
   */
  setupCode: string;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether an Authorization header carries the API token (never when no token is configured). */
function bearerMatches(authorization: string | undefined, token: string | undefined): boolean {
  const given = /^Bearer (.+)$/.exec(authorization ?? "")?.[1];
  return Boolean(token && given && sameSecret(given, token));
}

/** Sets the request's principal, or answers 401/403 and returns null. */
export async function authenticate(
  request: FastifyRequest,
  reply: FastifyReply,
  options: Pick<AuthOptions, "auth" | "token">,
): Promise<Principal | null> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    if (!bearerMatches(authorization, options.token)) {
      reply.code(401).send({ error: "missing or wrong bearer token" });
      return null;
    }
    const principal: Principal = {
      kind: "token",
      role: "owner",
      user: null,
      businessId: null,
      session: null,
    };
    principals.set(request, principal);
    return principal;
  }
  const token = parseCookies(request.headers.cookie).get(SESSION_COOKIE);
  const session = token ? await options.auth.sessionFor(token) : null;
  if (!session) {
    reply.code(401).send({ error: "log in (session cookie) or send the bearer token" });
    return null;
  }
  if (!SAFE_METHODS.has(request.method)) {
    const given = request.headers[CSRF_HEADER];
    if (typeof given !== "string" || !sameSecret(given, session.csrfSecret)) {
      reply.code(403).send({ error: `missing or wrong ${CSRF_HEADER} header` });
      return null;
    }
  }
  const principal: Principal = {
    kind: "session",
    role: session.user.role,
    user: session.user,
    businessId: session.user.businessId,
    session,
  };
  principals.set(request, principal);
  return principal;
}

/** An email as users log in with it, and a password within the hash's limit (login, setup, users). */
export const email = z.string().trim().toLowerCase().pipe(z.email()).pipe(z.string().max(254));
export const password = z.string().min(1).max(MAX_PASSWORD_LENGTH);
const loginBody = z.object({ email, password });
const setupBody = z.object({
  email,
  password,
  name: z.string().trim().min(1).max(200).optional(),
  businessId: z.uuid().optional(),
  setupCode: z.string().max(200).optional(),
});

export const authRoutes: FastifyPluginAsync<AuthOptions> = async (app, options) => {
  const { auth } = options;
  const cookie = (request: FastifyRequest, value: string, maxAgeSeconds: number) =>
    serializeCookie(SESSION_COOKIE, value, {
      maxAge: maxAgeSeconds,
      // request.protocol honours X-Forwarded-Proto only when RAPPORT_TRUST_PROXY trusts the proxy.
      secure: request.protocol === "https",
      sameSite: "Lax",
    });

  /** First run: creates the owner while no user exists at all; afterwards 409. */
  app.post("/api/setup", async (request, reply) => {
    const body = parse(setupBody, request.body ?? {}, reply, "body");
    if (!body) return reply;
    const done = () =>
      reply.code(409).send({ error: "setup is done: an owner exists (add users with `rapport user add`)" });
    if ((await auth.userCount()) > 0) return done();
    const byToken = bearerMatches(request.headers.authorization, options.token);
    const byCode = body.setupCode !== undefined && sameSecret(body.setupCode, options.setupCode);
    if (!byToken && !byCode) {
      return reply.code(403).send({ error: "setup needs the setup code `rapport serve` printed at start" });
    }
    try {
      const businessId = await auth.resolveBusiness(body.businessId);
      const user = await auth.addFirstOwner({
        businessId,
        email: body.email,
        displayName: body.name ?? null,
        password: body.password,
      });
      if (!user) return done();
      return reply.code(201).send({ user });
    } catch (error) {
      if (error instanceof UserError) return reply.code(400).send({ error: error.message });
      throw error;
    }
  });

  app.post("/api/login", async (request, reply) => {
    const body = parse(loginBody, request.body ?? {}, reply, "body");
    if (!body) return reply;
    const result = await auth.login(body.email, body.password, request.ip);
    if (!result.ok) {
      if (result.reason === "limited") {
        return reply
          .code(429)
          .header("retry-after", String(result.retryAfterSeconds))
          .send({ error: "too many failed logins: try again later" });
      }
      return reply.code(401).send({ error: "wrong email or password" });
    }
    const { session } = result;
    return reply
      .header("set-cookie", cookie(request, result.token, auth.sessionTtlMs / 1000))
      .header("cache-control", "no-store")
      .send({ user: session.user, csrfToken: session.csrfSecret, expiresAt: session.expiresAt });
  });

  app.post("/api/logout", async (request, reply) => {
    const principal = await authenticate(request, reply, options);
    if (!principal) return reply;
    if (principal.kind !== "session") return reply.code(400).send({ error: "no session to log out of" });
    await auth.logout(principal.session.id);
    return reply
      .header("set-cookie", cookie(request, "", 0))
      .code(204)
      .send();
  });

  app.get("/api/me", async (request, reply) => {
    const principal = await authenticate(request, reply, options);
    if (!principal) return reply;
    reply.header("cache-control", "no-store");
    if (principal.kind === "token") return { user: null, role: principal.role, via: "token" };
    return {
      user: principal.user,
      role: principal.role,
      via: "session",
      csrfToken: principal.session.csrfSecret,
      expiresAt: principal.session.expiresAt,
    };
  });
};

export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
