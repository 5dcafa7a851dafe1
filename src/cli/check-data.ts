// `npm run check:data [-- DIR]`: validates the catalog (DIR, else DATA_DIR, else data/) exactly as the bot does at
// start-up, then lists what a valid catalog should still be looked at for (warnings; the exit code stays 0).
import { CatalogError, catalogFolder, displayFolder, loadCatalog } from "../catalog/load.ts";
import { catalogWarnings } from "../catalog/warnings.ts";
import { engineWarnings } from "../understand/catalog-checks.ts";
import { createUnderstander } from "../understand/understand.ts";

const dataDir = catalogFolder(process.env, process.argv[2]);
try {
  const catalog = loadCatalog(dataDir);
  console.log(`OK: ${displayFolder(dataDir)}/: ${catalog.resources.length} resources in ${catalog.categories.length} categories (version ${catalog.version}, as of ${catalog.asOf})`);
  const warnings = [...catalogWarnings(catalog), ...engineWarnings(catalog, createUnderstander(catalog))];
  if (warnings.length > 0) console.log(`\n確認をおすすめする点が ${warnings.length} 件あります (warnings):\n${warnings.map((w) => `  - ${w}`).join("\n")}`);
} catch (err) {
  if (!(err instanceof CatalogError)) throw err;
  console.error(err.message);
  process.exitCode = 1;
}
