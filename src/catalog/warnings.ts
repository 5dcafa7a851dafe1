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

/**
 * Hours count as of the catalog's asOf unless a resource or line says otherwise. A resource whose sources are all
 * older than the review period before that date was most likely not checked again: its hours would look current.
 */
const dayOf = (isoDate: string): number => Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000;

function oldSourcesWithoutAsOf(catalog: Catalog): string[] {
  const limit = dayOf(catalog.asOf) - catalog.reviewAfterDays;
  return catalog.resources.flatMap((resource) => {
    const undated = resource.contacts.some((c) => c.kind === "phone" && c.hours !== undefined && c.hours.asOf === undefined);
    const newest = [resource.source, ...resource.sources].map((s) => s.date).reduce((a, b) => (a > b ? a : b));
    if (resource.asOf !== undefined || !undated || dayOf(newest) >= limit) return [];
    return [
      `${resourcePlace(catalog, resource)}: asOf: 出典の日付 (${newest}) がカタログの asOf (${catalog.asOf}) より ${catalog.reviewAfterDays} 日以上前ですが、受付時間はカタログの asOf 時点のものとして表示されます。出典を確かめ直していなければ asOf: "${newest}" のように受付時間が分かっている日を書いてください（確かめ直したなら、その日を書いてください） (old sources and no asOf: the hours look current)`,
    ];
  });
}

/** Checks that need only the catalog. Checks that need the engine are in src/understand/catalog-checks.ts. */
const checks: ((catalog: Catalog) => string[])[] = [idFromFolder, programmesWithoutLifetime, oldSourcesWithoutAsOf];

export function catalogWarnings(catalog: Catalog): string[] {
  return checks.flatMap((check) => check(catalog));
}
