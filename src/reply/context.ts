import type { DateTime } from "luxon";
import type { Catalog, Category, Resource } from "../catalog/schema.ts";

/** What every renderer needs: the catalog and the instant the reply is for (Asia/Tokyo). */
export interface RenderContext {
  catalog: Catalog;
  now: DateTime;
}

export function resourceById(catalog: Catalog, id: string): Resource | undefined {
  return catalog.resources.find((r) => r.id === id);
}

export function categoryById(catalog: Catalog, id: string): Category | undefined {
  return catalog.categories.find((c) => c.id === id);
}
