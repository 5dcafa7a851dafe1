// Things in a valid catalog that an operator should look at: `check:data` prints them, the bot starts anyway.
import type { Catalog, Resource } from "./schema.ts";

/** Where a resource was read from, as error messages name it: 「data/resources/04-x.yaml: resource "x"」. */
export function resourcePlace(catalog: Catalog, resource: Resource): string {
  const file = catalog.files?.resources[resource.id] ?? "resources/";
  return `${file}: resource "${resource.id}"`;
}

/** Whether a resource is a programme with a lifetime: its own flag, else its category's. */
export function isProgramme(catalog: Catalog, resource: Resource): boolean {
  return resource.programme ?? catalog.categories.find((c) => c.id === resource.category)?.programmes ?? false;
}

/** A programme that states neither its period nor that it ended is shown with "check whether it is still open". */
function programmesWithoutLifetime(catalog: Catalog): string[] {
  return catalog.resources
    .filter((r) => isProgramme(catalog, r) && r.period === undefined && r.ended === undefined)
    .map((r) => `${resourcePlace(catalog, r)}: period / ended: 制度の申請期間も終了も書かれていません。出典に記載があれば period: { from, until, source } か ended: { on, source } を書いてください（記載がなければこのままで構いません）`);
}

/** Without an id, identifiers follow the folder's name: renaming the folder would orphan the rich menu and memory. */
function idFromFolder(catalog: Catalog): string[] {
  if (catalog.idGiven) return [];
  const meta = catalog.files?.meta ?? "catalog.yaml";
  return [`${meta}: id: がありません。リッチメニューの名前や会話の記憶のキーには、フォルダー名から作った「${catalog.id}」を使います。フォルダー名を変えても変わらないよう id: ${catalog.id} と書いてください (no id: identifiers follow the folder name)`];
}

/** Checks that need only the catalog. Checks that need the engine are in src/understand/catalog-checks.ts. */
const checks: ((catalog: Catalog) => string[])[] = [idFromFolder, programmesWithoutLifetime];

export function catalogWarnings(catalog: Catalog): string[] {
  return checks.flatMap((check) => check(catalog));
}
