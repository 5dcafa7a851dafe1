/**
 * The catalog's own terms found in the message: names (also cut short, by reading, or with a typo),
 * keywords, topics, organisations, category words and region hints, each weighed by how specific it is.
 */
import Fuse from "fuse.js";
import type { CategoryHit, EvidenceSource, ResourceHit } from "../evidence.ts";
import type { MessageReading, Span } from "../reading.ts";
import { type TermIndex, type TermOccurrence, type TermTarget, WORD_CONFIDENCE, targetKey } from "../term-index.ts";

const FUZZY_CONFIDENCE = 0.6;
/** How much more a term says when it is found with the predicate of what is asked. */
const ASKED_TERM = 1.3;
const viaLabel = { words: "語形", reading: "読み", start: "前半", fuzzy: "あいまい" } as const;

/** Fuse scores a pattern by its share of wrong characters: allow about one typo in a name. */
function fuzzyLimit(length: number): number {
  return Math.min(0.3, 1.2 / length);
}

const namesResource = (o: TermOccurrence) => o.term.targets.some((t) => t.type === "resource" && t.kind === "name");

export function termsSource(index: TermIndex): EvidenceSource {
  function occurrencesOf(message: MessageReading): TermOccurrence[] {
    const { text } = message.form;
    const spans = message.katakanaWords;
    const cutsWord = (o: TermOccurrence) => spans.some(([a, b]) => (a < o.start && o.start < b) || (a < o.end && o.end < b));
    const exact = [...index.find(text, message.gaps).filter((o) => !cutsWord(o)), ...index.findByWords(message.located), ...index.findByReading(message.spelled)]
      // A term inside a setting word is part of the setting (ウイルス of 新型コロナウイルス is not malware).
      .filter((o) => !message.insideSetting(o));
    // A name cut short counts only when nothing names a resource in full.
    if (!exact.some(namesResource)) exact.push(...index.findNameStarts(text).filter((o) => !cutsWord(o)));
    // Typo tolerance is a fallback: when a resource name matched exactly, near-misses add only noise.
    if (exact.some(namesResource)) return exact;
    const candidates = index.fuzzyCandidates(text, new Set(exact.map((o) => o.term.key)));
    if (candidates.length === 0) return exact;
    const fuse = new Fuse([text], { includeScore: true, includeMatches: true, ignoreLocation: true, isCaseSensitive: true, threshold: 0.3 });
    const fuzzy: TermOccurrence[] = [];
    for (const term of candidates) {
      const hit = fuse.search(term.key)[0];
      const indices = hit?.matches?.[0]?.indices;
      if (!hit || hit.score === undefined || hit.score > fuzzyLimit(term.key.length) || !indices?.length) continue;
      const start = Math.min(...indices.map(([s]) => s));
      const end = Math.max(...indices.map(([, e]) => e)) + 1;
      fuzzy.push({ term, start, end, confidence: FUZZY_CONFIDENCE, via: "fuzzy", covered: end - start });
    }
    return [...exact, ...fuzzy];
  }

  return {
    name: "terms",
    find(message) {
      const accepted = acceptedMatches(occurrencesOf(message));
      const resources: ResourceHit[] = [];
      const categories: CategoryHit[] = [];
      let region: string | undefined;
      // A term written twice is still one thing asked about.
      const counted = new Set<string>();
      for (const { occurrence, target } of accepted) {
        const once = `${occurrence.term.key}|${targetKey(target)}`;
        if (counted.has(once)) continue;
        counted.add(once);
        // A term in words that only set the scene is not what is asked (it keeps its weight: it may be who asks).
        // A term found with the predicate of what is asked (費用は会社に払ってもらえる？) is what is asked: it says more,
        // and its words stand apart as a clause spreads them, not as unrelated words do.
        const claimed = target.type === "resource" && claimOf(message, occurrence) !== null;
        const weight = target.weight * (claimed ? Math.max(occurrence.confidence, WORD_CONFIDENCE) * ASKED_TERM : occurrence.confidence);
        // A name cut short to words that only set the scene (新型コロナウイルス感染症対策 of a subsidy's long name)
        // is the scene, whatever its place: it does not name the resource.
        const settingName = occurrence.via === "start" && message.onlySetting(occurrence);
        const scene = settingName || message.roleOf(occurrence) === "scene" ? { scene: true } : {};
        const length = occurrence.covered;
        // Words found apart cover only themselves; a name counts as named only written in one piece.
        const whole = occurrence.covered === occurrence.end - occurrence.start;
        if (target.type === "region") region ??= target.id;
        else if (target.type === "category") categories.push({ categoryId: target.id, score: weight, named: target.kind === "name", matched: target.source, covered: length, span: { start: occurrence.start, end: occurrence.end }, ...scene });
        else {
          resources.push({
            resourceId: target.id,
            own: weight,
            named: target.kind === "name" && whole,
            byName: target.kind === "name" && !settingName,
            specific: target.kind !== "organization" && !occurrence.term.targets.some((t) => t.type === "category"),
            term: true,
            topical: target.kind === "topic" || (target.kind === "name" && whole),
            covered: length,
            // Who runs it (東京都 of the Tokyo subsidy, often who asks: 東京都の会社です) takes no place among what is asked.
            ...(target.kind === "organization" ? {} : { span: { start: occurrence.start, end: occurrence.end } }),
            matched: occurrence.via === "exact" ? target.source : `${target.source}(${viaLabel[occurrence.via]})`,
            ...scene,
            // A topic asked about, to say back which one the resource covers: in the asker's words where they wrote it
            // in one piece (私物パソコン, not the catalog's BYOD), else the catalog's; a typo's guess is not said back.
            ...(target.kind === "topic" && !scene.scene && occurrence.via !== "fuzzy" ? { topic: (whole && writtenAt(message, occurrence)) || target.source } : {}),
          });
        }
      }
      return {
        resources,
        categories,
        claims: claimsOf(message, accepted.map((a) => a.occurrence).filter((o) => o.term.targets.some((t) => t.type === "resource" && t.kind !== "organization"))),
        ...(region ? { region } : {}),
        spans: accepted.map(({ occurrence }) => ({ start: occurrence.start, end: occurrence.end })),
        domainTerms: accepted.filter(({ target }) => target.kind === "name" || target.kind === "keyword" || target.kind === "topic").length,
      };
    },
  };
}

/** The message as written where a span of its compact text lies: the words it covers, without spaces. */
function writtenAt(message: MessageReading, span: Span): string {
  // Words the compact text leaves out (particles) take no room there, so they overlap nothing.
  const inside = message.tokens.filter((t) => {
    const at = message.locate(t);
    return at.start < span.end && span.start < at.end;
  });
  const [first] = inside;
  const last = inside.at(-1);
  return first && last ? message.nfkc.slice(first.start, last.end).replace(/\s+/gu, "") : "";
}

/**
 * A shared noun counts for what is asked about it: where a resource term is found by two or more words and
 * one of them is a predicate among the words of what is asked (費用 … 負担する of 費用負担 in 費用は誰が負担
 * する？), the term's nouns are claimed by it. `related`: other keys a message word stands for.
 */
export function claimsOf(message: MessageReading, occurrences: readonly TermOccurrence[], related: (key: string) => readonly string[] = () => []): Span[] {
  return occurrences.flatMap((o) => claimOf(message, o, related) ?? []);
}

/** The nouns one term claims, when it is found with a predicate of what is asked (費用 … 負担する); null if it is not. */
export function claimOf(message: MessageReading, o: TermOccurrence, related: (key: string) => readonly string[] = () => []): Span[] | null {
  if (o.term.words.length < 2) return null;
  const inside = message.words.filter((w) => {
    const at = message.locate(w);
    return o.start <= at.start && at.end <= o.end && [w.key, ...related(w.key)].some((k) => o.term.words.includes(k));
  });
  if (!inside.some((w) => w.predicate && message.roleOf(message.locate(w)) === "asked")) return null;
  return inside.filter((w) => w.noun && !w.predicate).map((w) => message.locate(w));
}

/**
 * A term inside a longer resource name says nothing of its own (給付金 inside 特別定額給付金, 大阪 inside
 * 大阪府の相談センター); and for one target, only the longest of nested matches counts.
 */
function acceptedMatches(occurrences: TermOccurrence[]): { occurrence: TermOccurrence; target: TermTarget }[] {
  const nameSpans = occurrences.filter(namesResource);
  const inside = (o: TermOccurrence, n: TermOccurrence) => n.start <= o.start && o.end <= n.end && n.end - n.start > o.end - o.start;
  // Longest first by what they cover: words found apart (電話 … 相談) must not swallow a name between them.
  const sorted = [...occurrences].sort((a, b) => b.covered - a.covered || b.confidence - a.confidence || a.end - a.start - (b.end - b.start));
  const acceptedSpans = new Map<string, TermOccurrence[]>();
  const accepted: { occurrence: TermOccurrence; target: TermTarget }[] = [];
  for (const occurrence of sorted) {
    const containers = nameSpans.filter((n) => inside(occurrence, n));
    for (const target of occurrence.term.targets) {
      const key = targetKey(target);
      if (containers.some((n) => !n.term.targetKeys.has(key))) continue;
      // Region hints nest across regions too: 京都 inside 東京都 is not Kyoto.
      const spansKey = target.type === "region" ? "region" : key;
      const spans = acceptedSpans.get(spansKey) ?? [];
      if (spans.some((a) => a.start <= occurrence.start && occurrence.end <= a.end)) continue;
      // Words found apart cover only themselves, so they do not hide what lies between them.
      if (occurrence.covered === occurrence.end - occurrence.start) acceptedSpans.set(spansKey, [...spans, occurrence]);
      accepted.push({ occurrence, target });
    }
  }
  return accepted;
}
