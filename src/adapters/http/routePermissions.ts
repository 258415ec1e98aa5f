/**
 * The permission each admin API route needs (see `src/domain/access/RolePermissions.ts` for which
 * roles hold it). A route missing here cannot be registered: the admin API fails closed.
 */
import type { Permission } from "../../domain/access/RolePermissions.ts";

export const ROUTE_PERMISSIONS: Readonly<Record<string, Permission>> = {
  "GET /api/contacts": "contacts.read",
  "GET /api/contacts/:id": "contacts.read",
  "POST /api/contacts/:id/facts": "facts.edit",
  "PATCH /api/contacts/:id/facts/:factId": "facts.edit",
  "DELETE /api/contacts/:id/facts/:factId": "facts.edit",
  "GET /api/contacts/:id/messages": "messages.read",
  "POST /api/contacts/:id/messages": "conversations.reply",
  "POST /api/contacts/:id/handoff": "conversations.reply",
  "GET /api/conversations": "messages.read",
  "GET /api/insights": "insights.read",
  "GET /api/users": "users.manage",
  "POST /api/users": "users.manage",
  "PATCH /api/users/:id": "users.manage",
  "GET /api/businesses": "schedule.read",
  "PATCH /api/businesses/:businessId": "schedule.write",
  "POST /api/businesses/:businessId/staff": "schedule.write",
  "POST /api/businesses/:businessId/services": "schedule.write",
  "GET /api/businesses/:businessId/schedule": "schedule.read",
  "PUT /api/businesses/:businessId/schedule": "schedule.write",
  "PATCH /api/businesses/:businessId/staff/:key": "schedule.write",
  "PATCH /api/businesses/:businessId/services/:key": "schedule.write",
  "GET /api/businesses/:businessId/absences": "schedule.read",
  "POST /api/businesses/:businessId/absences": "schedule.write",
  "DELETE /api/businesses/:businessId/absences/:absenceId": "schedule.write",
  "GET /api/businesses/:businessId/appointments": "appointments.read",
  "POST /api/businesses/:businessId/appointments/:appointmentId/attendance": "attendance.write",
};

export function routePermission(method: string, url: string): Permission | undefined {
  return ROUTE_PERMISSIONS[`${method === "HEAD" ? "GET" : method} ${url}`];
}
