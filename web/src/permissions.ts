/**
 * What each role may do, mirrored from src/domain/access/RolePermissions.ts so the panel shows only
 * what the server will allow. The server decides; this only keeps buttons and menus honest.
 */
import type { Role } from "./types.ts";

const ROLE_PERMISSIONS = {
  "health.read": ["owner", "admin", "staff"],
  "messages.read": ["owner", "admin", "staff"],
  "conversations.reply": ["owner", "admin", "staff"],
  "appointments.read": ["owner", "admin", "staff"],
  "attendance.write": ["owner", "admin", "staff"],
  "schedule.write": ["owner", "admin"],
  "users.manage": ["owner", "admin"],
  "insights.read": ["owner", "admin", "staff", "marketing"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof ROLE_PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (ROLE_PERMISSIONS[permission] as readonly Role[]).includes(role);
}
