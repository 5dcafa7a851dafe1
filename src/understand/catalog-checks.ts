// Warnings about a valid catalog that only the engine can give (a term that matches everyday words,
// an example the engine routes elsewhere). `check:data` prints them after the catalog's own warnings.
import type { Catalog } from "../catalog/schema.ts";
import type { Understanding } from "./decision.ts";
import { termWarnings } from "./term-checks.ts";
import { defaultAnalyzer } from "./understand.ts";

export type EngineCheck = (catalog: Catalog, understand: (text: string) => Understanding) => string[];

const checks: EngineCheck[] = [(catalog) => termWarnings(catalog, defaultAnalyzer())];

export function engineWarnings(catalog: Catalog, understand: (text: string) => Understanding): string[] {
  return checks.flatMap((check) => check(catalog, understand));
}
