/**
 * Who may create or change which user, as a pure rule. Owners hold every right, so only an owner may
 * make, change or disable an owner (an admin could otherwise promote themselves); and a business must
 * always keep one enabled owner, so the last one can be neither disabled nor demoted.
 */
import type { Role } from "./RolePermissions.ts";

export interface UserChange {
  role?: Role | undefined;
  disabled?: boolean | undefined;
  password?: string | undefined;
}

/** Why `actor` may not create a user with `role`, or null. */
export function creationRefusal(actor: Role, role: Role): string | null {
  if (role === "owner" && actor !== "owner") return "only an owner can create an owner";
  return null;
}

/**
 * Why `actor` may not apply `change` to `target`, or null. `enabledOwners`: how many enabled owners
 * the business has now (the target included, if it is one).
 */
export function changeRefusal(
  actor: Role,
  target: { role: Role; disabled: boolean },
  change: UserChange,
  enabledOwners: number,
): string | null {
  if (actor !== "owner" && (target.role === "owner" || change.role === "owner")) {
    return "only an owner can change an owner or make someone owner";
  }
  const losesOwner =
    target.role === "owner" &&
    !target.disabled &&
    (change.disabled === true || (change.role ?? "owner") !== "owner");
  if (losesOwner && enabledOwners <= 1) return "the last owner cannot be disabled or demoted";
  return null;
}
