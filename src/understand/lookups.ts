import type { Catalog } from "../catalog/schema.ts";

/** A phone number, e-mail address or web address the user pasted, found in the catalog. */
export interface DirectHit {
  resourceId: string;
  contactId?: string;
  /** What matched, as the user typed it (normalised). */
  text: string;
}

const PHONE_PATTERN = /\d[\d\-‐－―ー−()（） ]{7,}\d/g;
const EMAIL_PATTERN = /[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/g;
// Host names, paths and file names: tokens with a dot, slash or digit among URL characters.
const ADDRESS_PATTERN = /[a-z0-9][a-z0-9._~%/-]*[a-z0-9]/g;
const MIN_ADDRESS_LENGTH = 6;
/** An address fragment found in more pages than this is too vague to name one resource. */
const MAX_ADDRESS_OWNERS = 2;

const digitsOf = (s: string) => s.replace(/\D/g, "");
const bareUrl = (url: string) => url.toLowerCase().replace(/^https?:\/\//, "").replace(/^www\./, "").replace(/\/$/, "");

export function createDirectLookup(catalog: Catalog): (lowered: string) => DirectHit[] {
  const contacts = new Map<string, { resourceId: string; contactId: string }>();
  for (const r of catalog.resources) {
    for (const c of r.contacts) contacts.set(c.kind === "phone" ? digitsOf(c.value) : c.value.toLowerCase(), { resourceId: r.id, contactId: c.id });
  }
  const pages = catalog.resources.flatMap((r) => r.links.map((l) => ({ resourceId: r.id, address: bareUrl(l.url) })));

  return (lowered) => {
    const hits: DirectHit[] = [];
    for (const number of lowered.match(PHONE_PATTERN) ?? []) {
      const contact = contacts.get(digitsOf(number));
      if (contact) hits.push({ ...contact, text: digitsOf(number) });
    }
    const emails = lowered.match(EMAIL_PATTERN) ?? [];
    for (const email of emails) {
      const contact = contacts.get(email);
      if (contact) hits.push({ ...contact, text: email });
    }
    // E-mail domains are not web pages (sodan@japan-telework.or.jp is not the association's page).
    const rest = emails.reduce((s, e) => s.replace(e, " "), lowered);
    for (const token of rest.match(ADDRESS_PATTERN) ?? []) {
      const address = bareUrl(token);
      if (address.length < MIN_ADDRESS_LENGTH || !/[./\d]/.test(address) || /^[\d-]+$/.test(address)) continue;
      const owners = new Set(pages.filter((p) => p.address.includes(address)).map((p) => p.resourceId));
      if (owners.size === 0 || owners.size > MAX_ADDRESS_OWNERS) continue;
      for (const resourceId of owners) hits.push({ resourceId, text: address });
    }
    return hits;
  };
}
