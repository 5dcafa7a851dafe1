/**
 * Example questions (real questions people asked, kept in the catalog) as precise evidence. A message whose
 * words are nearly those of an example decides for that example's resource (or for "another subject", or
 * "a remark"); a looser likeness only supports a resource another source found, because in-scope and
 * out-of-scope questions share the domain's vocabulary. Likeness is the cosine of the two questions' content
 * words, each weighed by how rare it is among the examples.
 */
import type { Catalog, Example } from "../../catalog/schema.ts";
import type { ElsewhereHit, EvidenceSource, ResourceHit } from "../evidence.ts";
import { noFinding } from "../evidence.ts";
import { compact, fold } from "../normalize.ts";
import type { CatalogReader } from "../words.ts";

/** At or above this likeness an example is the same question asked again… */
export const NEAR_IDENTICAL = 0.85;
/** …when it is also written much the same way (shared character pairs, Dice): one shared word is not the same question. */
const SAME_WRITING = 0.5;
/** At or above this likeness an example supports a resource found otherwise. */
export const LOOSE_LIKENESS = 0.45;
/** A supporting example adds at most this much (a keyword of four characters weighs 3). */
const SUPPORT_WEIGHT = 2;
/** An example text is shown this long in explanations. */
const SHOWN_LENGTH = 40;

export type ExampleTarget = { type: "resource"; id: string } | { type: "outOfScope" } | { type: "chatter" };

interface IndexedExample {
  target: ExampleTarget;
  text: string;
  words: string[];
  norm: number;
  pairs: Set<string>;
}

export interface ExampleLikeness {
  target: ExampleTarget;
  text: string;
  likeness: number;
  /** The same question asked again. */
  same: boolean;
}

/** Character pairs of a folded text without spaces. */
function pairsOf(text: string): Set<string> {
  const compacted = compact(fold(text));
  const pairs = new Set<string>();
  for (let i = 0; i + 2 <= compacted.length; i++) pairs.add(compacted.slice(i, i + 2));
  return pairs;
}

function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size + b.size === 0) return 0;
  let shared = 0;
  for (const p of a) if (b.has(p)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** The examples of a catalog, as one list with what each stands for. */
export function catalogExamples(catalog: Catalog): { target: ExampleTarget; example: Example }[] {
  return [
    ...catalog.resources.flatMap((r) => r.examples.map((example) => ({ target: { type: "resource", id: r.id } as const, example }))),
    ...catalog.examples.outOfScope.map((example) => ({ target: { type: "outOfScope" } as const, example })),
    ...catalog.examples.chatter.map((example) => ({ target: { type: "chatter" } as const, example })),
  ];
}

export const shownExample = (text: string) => `例文:「${text.length > SHOWN_LENGTH ? `${text.slice(0, SHOWN_LENGTH)}…` : text}」`;

/** How alike a message (its content words) is to each example, most alike first. */
export function createExampleIndex(catalog: Catalog, reader: CatalogReader) {
  const listed = catalogExamples(catalog);
  const wordSets = listed.map(({ example }) => [...new Set(reader.keysOf(example.text))]);
  const frequency = new Map<string, number>();
  for (const words of wordSets) for (const w of words) frequency.set(w, (frequency.get(w) ?? 0) + 1);
  // A word no example uses is as rare as can be: it makes a message less like every example.
  const weight = (w: string) => Math.log(1 + listed.length / (frequency.get(w) ?? 1));
  const normOf = (words: readonly string[]) => Math.sqrt(words.reduce((sum, w) => sum + weight(w) ** 2, 0));
  const examples: IndexedExample[] = listed.map(({ target, example }, i) => {
    const words = wordSets[i] ?? [];
    return { target, text: example.text, words, norm: normOf(words), pairs: pairsOf(example.text) };
  });
  const postings = new Map<string, number[]>();
  examples.forEach((e, i) => {
    for (const w of e.words) postings.set(w, [...(postings.get(w) ?? []), i]);
  });

  return {
    size: examples.length,
    /** Examples at least `floor` alike to a message (its text and content words), most alike first. */
    alike(text: string, words: readonly string[], floor: number): ExampleLikeness[] {
      const asked = [...new Set(words)];
      let pairs: Set<string> | undefined;
      const norm = normOf(asked);
      if (norm === 0) return [];
      const dot = new Map<number, number>();
      for (const w of asked) for (const i of postings.get(w) ?? []) dot.set(i, (dot.get(i) ?? 0) + weight(w) ** 2);
      const found: ExampleLikeness[] = [];
      for (const [i, d] of dot) {
        const e = examples[i] as IndexedExample;
        const likeness = d / (norm * e.norm);
        if (likeness < floor) continue;
        pairs ??= pairsOf(text);
        found.push({ target: e.target, text: e.text, likeness, same: likeness >= NEAR_IDENTICAL && dice(pairs, e.pairs) >= SAME_WRITING });
      }
      return found.sort((a, b) => b.likeness - a.likeness);
    },
  };
}

export function examplesSource(index: ReturnType<typeof createExampleIndex>): EvidenceSource {
  return {
    name: "examples",
    find(message) {
      if (index.size === 0) return noFinding();
      const alike = index.alike(
        message.nfkc,
        message.words.map((w) => w.key),
        LOOSE_LIKENESS,
      );
      const resources: ResourceHit[] = [];
      const elsewhere: ElsewhereHit[] = [];
      const seen = new Set<string>();
      for (const { target, text, likeness, same: decisive } of alike) {
        const matched = `${shownExample(text)}(${likeness.toFixed(2)})`;
        if (target.type !== "resource") {
          elsewhere.push({ kind: target.type, likeness, decisive, matched });
          continue;
        }
        // The closest example of each resource speaks for it: many examples are not more evidence.
        if (seen.has(target.id)) continue;
        seen.add(target.id);
        resources.push(decisive ? { resourceId: target.id, likeness, decisive, matched } : { resourceId: target.id, content: SUPPORT_WEIGHT * likeness, likeness, supports: true, matched });
      }
      return { ...noFinding(), resources, elsewhere };
    },
  };
}
