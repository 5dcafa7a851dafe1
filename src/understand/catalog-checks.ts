// Warnings about a valid catalog that only the engine can give (a term that matches everyday words,
// an example the engine routes elsewhere). `check:data` prints them after the catalog's own warnings.
import type { Catalog } from "../catalog/schema.ts";
import { resourcePlace } from "../catalog/warnings.ts";
import type { Decision, Understanding } from "./decision.ts";
import { compact, fold } from "./normalize.ts";
import { type ExampleTarget, catalogExamples } from "./sources/examples.ts";
import { termWarnings } from "./term-checks.ts";
import { defaultAnalyzer } from "./understand.ts";

export type EngineCheck = (catalog: Catalog, understand: (text: string) => Understanding) => string[];

const shortText = (text: string) => (text.length > 30 ? `${text.slice(0, 30)}…` : text);

/** Where an example sits, as an operator finds it: the file, then the field. */
function examplePlaces(catalog: Catalog): string[] {
  const meta = catalog.files?.meta ?? "catalog.yaml";
  return [
    ...catalog.resources.flatMap((r) => r.examples.map((_, i) => `${resourcePlace(catalog, r)}: examples[${i}]`)),
    ...catalog.examples.outOfScope.map((_, i) => `${meta}: examples.outOfScope[${i}]`),
    ...catalog.examples.chatter.map((_, i) => `${meta}: examples.chatter[${i}]`),
  ];
}

/** The engine's answer in an operator's words. */
function describe(catalog: Catalog, decision: Decision): string {
  const name = (id: string | undefined) => catalog.resources.find((r) => r.id === id)?.name ?? id ?? "";
  switch (decision.kind) {
    case "resources":
    case "clarify":
      return `「${name(decision.matches[0]?.resourceId)}」(${decision.matches[0]?.resourceId}) を最初に案内します`;
    case "category":
      return `分野「${catalog.categories.find((c) => c.id === decision.categoryId)?.name ?? decision.categoryId}」の一覧を案内します`;
    case "openNow":
      return "窓口の受付状況を案内します";
    case "referral":
      return `「${name(decision.resourceId)}」を相談先として案内します（該当する資料なし）`;
    case "detail":
    case "region":
      return `「${name(decision.resourceIds[0])}」(${decision.resourceIds[0]}) を案内します`;
    case "greeting":
      return "あいさつとして答えます";
    case "chatter":
      return "雑談として答えます";
    case "noMatch":
      return decision.reason === "outOfScope" ? "対象外として答えます" : "見つからないと答えます";
  }
}

function answersAsExpected(target: ExampleTarget, decision: Decision): boolean {
  switch (target.type) {
    case "resource": {
      const first = decision.kind === "resources" || decision.kind === "clarify" ? decision.matches[0]?.resourceId : decision.kind === "referral" ? decision.resourceId : decision.kind === "openNow" ? decision.resourceIds[0] : undefined;
      return first === target.id;
    }
    case "outOfScope":
      return (decision.kind === "noMatch" && decision.reason !== "empty") || decision.kind === "chatter";
    case "chatter":
      return decision.kind === "chatter" || decision.kind === "greeting";
  }
}

const expectedLabel = (target: ExampleTarget) => (target.type === "resource" ? `"${target.id}" の例文` : target.type === "outOfScope" ? "対象外の例文" : "雑談の例文");

/** Examples the engine cannot use (no content words), written twice, or answered otherwise than where they sit. */
function examplesRoutedElsewhere(catalog: Catalog, understand: (text: string) => Understanding): string[] {
  const places = examplePlaces(catalog);
  const seen = new Map<string, string>();
  return catalogExamples(catalog).flatMap(({ target, example }, i) => {
    const place = places[i] ?? "";
    const key = compact(fold(example.text));
    const earlier = seen.get(key);
    seen.set(key, place);
    if (earlier !== undefined) return [`${place}: 「${shortText(example.text)}」は ${earlier} と同じ例文です。どちらか一方にしてください`];
    const { decision, explain } = understand(example.text);
    if (explain.words.length === 0) return [`${place}: 「${shortText(example.text)}」からは内容を表す語が読み取れないため、例文として照合に使えません`];
    if (answersAsExpected(target, decision)) return [];
    return [`${place}: ${expectedLabel(target)}「${shortText(example.text)}」に、エンジンは${describe(catalog, decision)}。例文の置き場所か、ほかの語（キーワード・トピック）を見直してください`];
  });
}

const checks: EngineCheck[] = [(catalog) => termWarnings(catalog, defaultAnalyzer()), examplesRoutedElsewhere];

export function engineWarnings(catalog: Catalog, understand: (text: string) => Understanding): string[] {
  return checks.flatMap((check) => check(catalog, understand));
}
