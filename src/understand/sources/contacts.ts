/** A phone number, e-mail address or web address the user typed names its resource outright. */
import type { Catalog } from "../../catalog/schema.ts";
import { type EvidenceSource, type ResourceHit, noFinding } from "../evidence.ts";
import { createDirectLookup } from "../lookups.ts";

/** More than any term: a number is the resource itself. */
export const CONTACT_WEIGHT = 10;

export function contactsSource(catalog: Catalog): EvidenceSource {
  const lookUp = createDirectLookup(catalog);
  return {
    name: "contacts",
    find(message) {
      const resources: ResourceHit[] = [];
      const seen = new Set<string>();
      for (const hit of lookUp(message.nfkc.toLowerCase())) {
        // A number pasted twice is still one line asked about.
        const once = `${hit.resourceId}|${hit.text}`;
        if (seen.has(once)) continue;
        seen.add(once);
        resources.push({ resourceId: hit.resourceId, own: CONTACT_WEIGHT, named: true, specific: true, matched: hit.text, ...(hit.contactId ? { contactId: hit.contactId } : {}) });
      }
      return { ...noFinding(), resources };
    },
  };
}
