// `npm run check:data [-- DIR]`: validates the catalog (DIR, else DATA_DIR, else data/) exactly as the bot does at start-up.
import { CatalogError, catalogFolder, displayFolder, loadCatalog } from "./load.ts";

const dataDir = catalogFolder(process.env, process.argv[2]);
try {
  const catalog = loadCatalog(dataDir);
  console.log(`OK: ${displayFolder(dataDir)}/: ${catalog.resources.length} resources in ${catalog.categories.length} categories (version ${catalog.version}, as of ${catalog.asOf})`);
} catch (err) {
  if (!(err instanceof CatalogError)) throw err;
  console.error(err.message);
  process.exitCode = 1;
}
