/**
 * What staff type into "add to the profile" becomes a fact like the customer's would: a special note
 * typed as "Latex allergy" is recognised as the latex-allergy concept (so its alert carries the
 * action "use latex-free gloves"), and structured values without a text get the words the profile
 * uses for them everywhere else.
 */
import type { BusinessCatalog } from "../business/BusinessCatalog.ts";
import { extractSpecialNotes } from "../extraction/fields/specialNotes.ts";
import { MessageText } from "../extraction/text/MessageText.ts";
import type { NoteCategory } from "../extraction/types.ts";
import { describeCommunicationPreference, describeTimePreference } from "./PreferenceDescription.ts";
import type { NewFactValue } from "./ProfileFact.ts";

/** The concept of a note staff typed, when the extractor knows one of that category in the text. */
export function recogniseNoteConcept(text: string, category: NoteCategory): string | null {
  return (
    extractSpecialNotes(new MessageText(text)).find((note) => note.category === category)?.concept ?? null
  );
}

/** The display text for an entry staff gave without one; null when only staff's words will do. */
export function defaultEntryText(entry: NewFactValue, catalog: BusinessCatalog | null): string | null {
  switch (entry.field) {
    case "name":
    case "email":
    case "phone":
    case "language":
      return entry.value;
    case "preferred_staff_member": {
      const { staffId, name, gender, none } = entry.value;
      if (none) return "no preference";
      const member = staffId ? catalog?.staff.find((s) => s.id === staffId) : undefined;
      return member?.name ?? name ?? (gender ? `a ${gender} staff member` : null);
    }
    case "preferred_appointment_times":
      return describeTimePreference(entry.value);
    case "communication_preferences":
      return describeCommunicationPreference(entry.value);
    case "preferred_services": {
      const names = entry.value.serviceIds.map(
        (id) => catalog?.services.find((s) => s.id === id)?.name ?? id,
      );
      return names.length > 0 ? names.join(", ") : null;
    }
    case "special_notes":
      return null;
  }
}
