// The catalog a script works on: DATA_DIR, else data/. A broken catalog ends the script with its problems, not a stack trace.
import { CatalogError, catalogFolder, loadCatalog } from "../src/catalog/load.ts";
import type { Catalog } from "../src/catalog/schema.ts";

export function catalogFromEnv(): Catalog {
  try {
    return loadCatalog(catalogFolder(process.env));
  } catch (err) {
    if (!(err instanceof CatalogError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}
