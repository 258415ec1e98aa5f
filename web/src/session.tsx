/** The logged-in user, their business and its clock, for every screen. */
import { createContext, useContext } from "react";
import type { Clock } from "./format.ts";
import { can, type Permission } from "./permissions.ts";
import type { Business, Me, Role } from "./types.ts";

export interface Session {
  me: Me;
  role: Role;
  business: Business;
  clock: Clock;
  can(permission: Permission): boolean;
  logout(): Promise<void>;
  /** The business's details were saved: the header and clock show them at once. */
  businessChanged(business: Business): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside a session");
  return session;
}

export function sessionFor(
  me: Me,
  business: Business,
  locale: string,
  logout: () => Promise<void>,
  businessChanged: (business: Business) => void,
): Session {
  return {
    me,
    role: me.role,
    business,
    clock: { locale, timeZone: business.timezone },
    can: (permission) => can(me.role, permission),
    logout,
    businessChanged,
  };
}
