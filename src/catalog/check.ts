// `npm run check:data`: validates data/ exactly as the bot does at start-up.
import path from "node:path";
import { CatalogError, loadCatalog } from "./load.ts";

const dataDir = path.resolve(process.argv[2] ?? process.env.DATA_DIR ?? "data");
try {
  const catalog = loadCatalog(dataDir);
  console.log(`OK: ${catalog.resources.length} resources in ${catalog.categories.length} categories (version ${catalog.version}, as of ${catalog.asOf})`);
} catch (err) {
  if (!(err instanceof CatalogError)) throw err;
  console.error(err.message);
  process.exitCode = 1;
}
