/**
 * Users of the admin panel over HTTP (`users.manage`: owners and admins), on top of `AuthService`:
 * list, add, change role, disable, set a new password. The rules of who may do what to whom are
 * `src/domain/access/UserAdministration.ts`; password hashes never leave the service.
 */
import type { FastifyPluginAsync } from "fastify";
import { z } from "zod";
import { ROLES } from "../../domain/access/RolePermissions.ts";
import { creationRefusal } from "../../domain/access/UserAdministration.ts";
import { type AuthService, UserError, type UserRow } from "../auth/AuthService.ts";
import { parse, uuid } from "./requestValidation.ts";
import { auditActorOf, email, password, principalOf } from "./sessionAuth.ts";

export interface UsersAdminOptions {
  auth: AuthService;
}

const role = z.enum(ROLES);
const userParams = z.object({ id: uuid });
const newUserBody = z.object({
  email,
  password,
  name: z.string().trim().min(1).max(200).optional(),
  role,
  /** For the bearer token, which belongs to no business. */
  businessId: z.uuid().optional(),
});
const changeBody = z
  .object({ role, disabled: z.boolean(), password })
  .partial()
  .strict()
  .refine((change) => Object.keys(change).length > 0, "nothing to change");

function userView(row: UserRow) {
  return {
    id: row.id,
    businessId: row.businessId,
    email: row.email,
    displayName: row.displayName,
    role: row.role,
    disabledAt: row.disabled ? (row.disabledAt ?? row.createdAt) : null,
    lastLoginAt: row.lastLoginAt,
    createdAt: row.createdAt,
  };
}

export const usersAdmin: FastifyPluginAsync<UsersAdminOptions> = async (app, { auth }) => {
  app.get("/api/users", async (request, reply) => {
    reply.header("cache-control", "no-store");
    return { users: (await auth.listUsers(principalOf(request).businessId)).map(userView) };
  });

  app.post("/api/users", async (request, reply) => {
    const body = parse(newUserBody, request.body ?? {}, reply, "body");
    if (!body) return reply;
    const principal = principalOf(request);
    const refusal = creationRefusal(principal.role, body.role);
    if (refusal) return reply.code(403).send({ error: refusal });
    if (principal.businessId && body.businessId && body.businessId !== principal.businessId) {
      return reply.code(404).send({ error: "no such business" });
    }
    try {
      const businessId = principal.businessId ?? (await auth.resolveBusiness(body.businessId));
      const created = await auth.addUser(
        {
          businessId,
          email: body.email,
          displayName: body.name ?? null,
          role: body.role,
          password: body.password,
        },
        auditActorOf(principal),
      );
      return reply.code(201).send({ user: userView(created) });
    } catch (error) {
      if (error instanceof UserError) {
        return reply.code(/already exists/.test(error.message) ? 409 : 400).send({ error: error.message });
      }
      throw error;
    }
  });

  app.patch("/api/users/:id", async (request, reply) => {
    const params = parse(userParams, request.params, reply, "path");
    if (!params) return reply;
    const body = parse(changeBody, request.body ?? {}, reply, "body");
    if (!body) return reply;
    const principal = principalOf(request);
    const by = auditActorOf(principal);
    const result = await auth.changeUser(principal.role, principal.businessId, params.id, body, by);
    if (!result.ok) return reply.code(result.status).send({ error: result.error });
    return { user: userView(result.user) };
  });
};
