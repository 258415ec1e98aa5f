/**
 * Turns what the extractor heard in a customer message into facts for the merge rules, so every
 * caller maps the extractor's payload the same way.
 */
import type { ExtractedFact } from "../extraction/types.ts";
import type { NewFact, NewFactValue } from "./ProfileFact.ts";

export interface MessageOrigin {
  contactId: string;
  messageId: string;
  saidAt: Date;
}

export function factFromExtraction(extracted: ExtractedFact, origin: MessageOrigin): NewFact {
  return {
    ...structuredValue(extracted),
    contactId: origin.contactId,
    text: extracted.value,
    saidAt: origin.saidAt,
    confidence: extracted.confidence,
    source: "customer",
    messageId: origin.messageId,
    quote: extracted.evidence.quote,
  };
}

function structuredValue(extracted: ExtractedFact): NewFactValue {
  switch (extracted.field) {
    case "name":
    case "email":
    case "phone":
      return { field: extracted.field, value: extracted.value };
    case "preferred_staff_member":
      return {
        field: extracted.field,
        value: {
          staffId: extracted.staffId ?? null,
          name: carriesPersonName(extracted) ? extracted.value : null,
          gender: extracted.gender ?? null,
          none: extracted.none === true,
        },
      };
    case "preferred_appointment_times":
      return { field: extracted.field, value: extracted.slots };
    case "communication_preferences":
      return { field: extracted.field, value: extracted.prefs };
    case "special_notes":
      return { field: extracted.field, value: { category: extracted.category, concept: extracted.concept } };
    case "preferred_services":
      return {
        field: extracted.field,
        value: { serviceIds: extracted.serviceIds, interest: extracted.interest },
      };
  }
}

/**
 * "Any female therapist" (a gender, no catalogue match) and "no preference" name nobody; their text
 * stays on the fact, but comparing it as a name would make "any woman" differ from "a female therapist".
 */
function carriesPersonName(extracted: ExtractedFact & { field: "preferred_staff_member" }): boolean {
  if (extracted.none) return false;
  return extracted.staffId !== undefined || extracted.gender === undefined;
}
