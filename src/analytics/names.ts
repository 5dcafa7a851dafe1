import type { Catalog } from "../catalog/schema.ts";
import { botName } from "../reply/copy.ts";
import type { Names } from "./report-format.ts";

export function namesOf(catalog: Catalog): Names {
  return {
    bot: botName(catalog),
    resources: new Map(catalog.resources.map((r) => [r.id, r.name])),
    categories: new Map(catalog.categories.map((c) => [c.id, c.name])),
  };
}
