/** The business's staff and services (GET …/schedule), loaded once per page and shared by screens. */
import { useEffect, useState } from "react";
import { api } from "./api.ts";
import type { Language, Schedule, Service, StaffMember } from "./types.ts";

const loaded = new Map<string, Promise<Schedule>>();

export function loadSchedule(businessId: string): Promise<Schedule> {
  let found = loaded.get(businessId);
  if (!found) {
    found = api<Schedule>(`/api/businesses/${businessId}/schedule`);
    found.catch(() => loaded.delete(businessId));
    loaded.set(businessId, found);
  }
  return found;
}

/** The shared copy is out of date (the settings changed): the next screen that needs it reads it again. */
export function forgetSchedule(businessId: string): void {
  loaded.delete(businessId);
}

export interface Catalog {
  staff: StaffMember[];
  services: Service[];
  staffName(id: string): string;
  serviceName(id: string): string;
}

export function catalogOf(schedule: Schedule | null, language: Language): Catalog {
  const staff = schedule?.staff ?? [];
  const services = schedule?.services ?? [];
  return {
    staff,
    services,
    staffName: (id) => staff.find((member) => member.id === id)?.name ?? id,
    serviceName: (id) => {
      const service = services.find((s) => s.id === id);
      return service ? (service.names?.[language] ?? service.name) : id;
    },
  };
}

export function useSchedule(businessId: string): Schedule | null {
  const [schedule, setSchedule] = useState<Schedule | null>(null);
  useEffect(() => {
    let current = true;
    loadSchedule(businessId).then(
      (value) => current && setSchedule(value),
      () => current && setSchedule(null),
    );
    return () => {
      current = false;
    };
  }, [businessId]);
  return schedule;
}
