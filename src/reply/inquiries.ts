import type { Catalog, Resource } from "../catalog/schema.ts";

export interface Inquiry {
  /** What the line does for the resource (相談・申請の受付). */
  role: string;
  target: Resource;
}

function resolved(refs: Resource["inquiries"], catalog: Catalog): Inquiry[] {
  return refs.flatMap((ref) => {
    const target = catalog.resources.find((r) => r.id === ref.resource);
    return target ? [{ role: ref.role, target }] : [];
  });
}

/** Every place the source sends people for a resource, whatever their region: what its card lists. */
export function allInquiries(resource: Resource, catalog: Catalog): Inquiry[] {
  return resolved(resource.inquiries, catalog);
}

/**
 * Where the source sends people for a resource, the user's region first; lines for another region are
 * left out (and, when the region is not known, regional ones too: they are for someone else).
 */
export function inquiriesFor(resource: Resource, region: string | undefined, catalog: Catalog): Inquiry[] {
  const forRegion = resource.inquiries.filter((ref) => region !== undefined && ref.region === region);
  const general = resource.inquiries.filter((ref) => ref.region === undefined);
  return resolved([...forRegion, ...general], catalog);
}
