/**
 * Who may do what in the admin API, as data: one row per permission, listing the roles that hold it.
 * The bearer token (RAPPORT_ADMIN_TOKEN) counts as an owner. Health notes are special notes of the
 * categories allergy, medical, fear and limitation (see `HEALTH_CATEGORIES`), together with the facts,
 * quotes and audit entries behind them; a role without `health.read` gets the contact without them,
 * and a role without `health.edit` gets 403 for changing one. Conversations (transcripts) carry what
 * the customer said about their health, so reading them needs `messages.read`.
 */
export const ROLES = ["owner", "admin", "staff", "marketing"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_PERMISSIONS = {
  /** Search contacts and read a contact (without health notes unless `health.read`). */
  "contacts.read": ["owner", "admin", "staff", "marketing"],
  /** Correct or delete facts that are not health notes: preferences, services, contact details. */
  "facts.edit": ["owner", "admin", "staff", "marketing"],
  /** See health notes and the facts, quotes and audit entries behind them. */
  "health.read": ["owner", "admin", "staff"],
  /** Correct or delete a health note, or turn a note into one. */
  "health.edit": ["owner", "admin", "staff"],
  /** Read a contact's conversation. */
  "messages.read": ["owner", "admin", "staff"],
  /** Read the business's hours, staff and services. */
  "schedule.read": ["owner", "admin", "staff", "marketing"],
  /** Change hours, staff, services and staff absences. */
  "schedule.write": ["owner", "admin"],
  /** Read the appointment book. */
  "appointments.read": ["owner", "admin", "staff"],
  /** Mark arrived, late, no-show, completed. */
  "attendance.write": ["owner", "admin", "staff"],
  /** Pause the bot for a conversation (human handoff) and reply as staff inside the 24-hour window. */
  "conversations.reply": ["owner", "admin", "staff"],
  /** Read the KPIs (aggregates only: no health note, no message text). */
  "insights.read": ["owner", "admin", "staff", "marketing"],
  /** List, add, disable and change users; only owners may create or change owners. */
  "users.manage": ["owner", "admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof ROLE_PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (ROLE_PERMISSIONS[permission] as readonly Role[]).includes(role);
}
