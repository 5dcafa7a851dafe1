/**
 * The one shape every evidence source has: a reading of the message in, pieces of evidence for
 * resources and categories out, each with what it matched. Ranking and the decision read only the
 * merged evidence, so a source is added (or turned off) without touching them.
 */
import type { MessageReading, Span } from "./reading.ts";

/** One piece of evidence for a resource. */
export interface ResourceHit {
  resourceId: string;
  /** Added to what the message says of the resource itself: its terms, its numbers. */
  own?: number;
  /** Added to what the message shares with the resource's texts (words, related words). */
  content?: number;
  /** The message names it (its name in one piece, its number). */
  named?: boolean;
  /** One of its names was found, in one piece or by its words (its words apart, with others between them). */
  byName?: boolean;
  /** Found by a word that is not one of the catalog's category words (相談, 給付金 say what kind, not what). */
  specific?: boolean;
  /** Found by a topic it covers or by its name: what it is about, not an object it mentions (パソコン). */
  topical?: boolean;
  /** A catalog term of its own was found (not shared content words). */
  term?: boolean;
  /** Characters of the message this hit covers. */
  covered?: number;
  /** Where the term found is in the message (compact text), for a hit of a term. */
  span?: Span;
  /** The phone number or address typed, when the hit is one. */
  contactId?: string;
  /** Found only in words that set the scene (not what is asked). */
  scene?: boolean;
  /** Found through a related word, not the catalog's own. */
  indirect?: boolean;
  /** Counts only for a resource another hit found (a loosely alike example question). */
  supports?: boolean;
  /** The message is this alike (0–1) to a question the resource answers. */
  likeness?: number;
  /** So alike that it decides. */
  decisive?: boolean;
  /** The topic of its documents found, as the message writes it (else the catalog's term), for a topic hit beyond the scene. */
  topic?: string;
  /** What matched, for explanations. */
  matched: string;
}

/** Evidence that the message is about no resource: like a question on another subject, or a remark. */
export interface ElsewhereHit {
  kind: "outOfScope" | "chatter";
  likeness: number;
  /** So alike that it decides. */
  decisive: boolean;
  matched: string;
}

/** One piece of evidence for a category. */
export interface CategoryHit {
  categoryId: string;
  score: number;
  /** Its name or alias, not just a keyword. */
  named: boolean;
  matched: string;
  covered: number;
  /** Found only in words that set the scene. */
  scene?: boolean;
  /** Where in the message (compact text). */
  span?: Span;
}

/** What one source found in one message. */
export interface Finding {
  resources: ResourceHit[];
  categories: CategoryHit[];
  /** The region the message names, if the source reads regions. */
  region?: string;
  /** Parts of the message the source accounts for with catalog words (so they are not another subject). */
  spans: Span[];
  /** Catalog terms found that say what, not where or who (names, keywords, topics). */
  domainTerms: number;
  elsewhere?: ElsewhereHit[];
  /**
   * Parts of the message read as one resource term with what is asked of them (経費 … 払う as 費用負担): a
   * shared noun there counts for that term, not for a category it also names (経費 of the subsidies).
   */
  claims?: Span[];
}

export const noFinding = (): Finding => ({ resources: [], categories: [], spans: [], domainTerms: 0 });

export interface EvidenceSource {
  name: string;
  find(message: MessageReading): Finding;
}

/** Everything the sources say of one resource. */
export interface Evidence {
  own: number;
  content: number;
  named: boolean;
  /** One of its names was found, in one piece or by its words. */
  byName: boolean;
  specific: boolean;
  /** Catalog terms found for it (not counting shared content words). */
  terms: number;
  /** Places in the message where its terms are, overlapping ones counted once (two terms that share a word, a device and the device's installation, are one). */
  places: number;
  topical: boolean;
  matched: string[];
  contactIds: string[];
  covered: number;
  /** How alike the message is to the closest of its example questions that counted (else 0). */
  likeness: number;
  /** That example is the same question: it decides. */
  decisive: boolean;
  /** Found by words of what is asked, not only by words that set the scene. */
  asked: boolean;
  /** Characters of the message its topics and names found by the catalog's own words cover (0: none). */
  topicCovered: number;
  /** One of those is in what is asked, not only in the scene. */
  topicAsked: boolean;
  /** The topics of its documents found beyond the scene (as the message writes them), in the order found. */
  topics: string[];
  /** Where the topics of its documents found by the catalog's own words are (compact text). */
  topicSpans: Span[];
}

export interface CategoryEvidence {
  score: number;
  named: boolean;
  matched: string[];
  covered: number;
  /** Where its terms are in the message (compact text). */
  spans: Span[];
  /** Found by words of what is asked, not only by words that set the scene. */
  asked: boolean;
}

/** The sources' findings together, in the order the sources ran. */
export interface MergedEvidence {
  resources: Map<string, Evidence>;
  /** Best first. */
  categories: [string, CategoryEvidence][];
  region?: string;
  spans: Span[];
  domainTerms: number;
  /** Most alike first. */
  elsewhere: ElsewhereHit[];
}

export function mergeFindings(findings: readonly Finding[]): MergedEvidence {
  const resources = new Map<string, Evidence>();
  const categories = new Map<string, CategoryEvidence>();
  let region: string | undefined;
  const apply = (hit: ResourceHit) => {
    let e = resources.get(hit.resourceId);
    if (!e) resources.set(hit.resourceId, (e = { own: 0, content: 0, named: false, byName: false, specific: false, terms: 0, places: 0, topical: false, matched: [], contactIds: [], covered: 0, likeness: 0, decisive: false, asked: false, topicCovered: 0, topicAsked: false, topics: [], topicSpans: [] }));
    if (hit.own !== undefined) e.own += hit.own;
    if (hit.content !== undefined) e.content += hit.content;
    e.named ||= hit.named ?? false;
    e.byName ||= hit.byName ?? false;
    e.specific ||= hit.specific ?? false;
    e.topical ||= hit.topical ?? false;
    if (hit.term) e.terms += 1;
    if (hit.term && hit.span) termSpans.set(hit.resourceId, [...(termSpans.get(hit.resourceId) ?? []), hit.span]);
    if (hit.covered !== undefined) e.covered += hit.covered;
    if (hit.contactId) e.contactIds.push(hit.contactId);
    e.likeness = Math.max(e.likeness, hit.likeness ?? 0);
    e.decisive ||= hit.decisive ?? false;
    e.asked ||= !hit.scene;
    if (hit.topical && !hit.indirect) {
      e.topicCovered += hit.covered ?? 0;
      e.topicAsked ||= !hit.scene;
      if (hit.span && hit.topic !== undefined) e.topicSpans.push(hit.span);
    }
    if (hit.topic !== undefined && !e.topics.includes(hit.topic)) e.topics.push(hit.topic);
    e.matched.push(hit.matched);
  };
  const termSpans = new Map<string, Span[]>();
  const claims = findings.flatMap((f) => f.claims ?? []);
  const claimed = (span: Span | undefined) => span !== undefined && claims.some((c) => span.start <= c.start && c.end <= span.end && span.end - span.start <= c.end - c.start);
  for (const finding of findings) {
    for (const hit of finding.resources) if (!hit.supports) apply(hit);
    for (const hit of finding.categories) {
      if (claimed(hit.span)) continue;
      const c = categories.get(hit.categoryId) ?? { score: 0, named: false, matched: [], covered: 0, spans: [], asked: false };
      categories.set(hit.categoryId, {
        score: c.score + hit.score,
        named: c.named || hit.named,
        matched: [...c.matched, hit.matched],
        covered: c.covered + hit.covered,
        spans: hit.span ? [...c.spans, hit.span] : c.spans,
        asked: c.asked || !hit.scene,
      });
    }
    region ??= finding.region;
  }
  // Support counts only where other evidence already is.
  for (const hit of findings.flatMap((f) => f.resources)) if (hit.supports && resources.has(hit.resourceId)) apply(hit);
  for (const [id, e] of resources) e.places = placesOf(termSpans.get(id) ?? []) || e.terms;
  return {
    resources,
    categories: [...categories].sort((a, b) => b[1].score - a[1].score),
    ...(region ? { region } : {}),
    spans: findings.flatMap((f) => f.spans),
    domainTerms: findings.reduce((n, f) => n + f.domainTerms, 0),
    elsewhere: findings.flatMap((f) => f.elsewhere ?? []).sort((a, b) => b.likeness - a.likeness),
  };
}

/** How many places the spans take, overlapping ones counted once (the widest first). */
function placesOf(spans: readonly Span[]): number {
  const kept: Span[] = [];
  for (const span of [...spans].sort((a, b) => b.end - b.start - (a.end - a.start))) {
    if (!kept.some((k) => span.start < k.end && k.start < span.end)) kept.push(span);
  }
  return kept.length;
}

const elsewhereLabel = { outOfScope: "対象外", chatter: "雑談" } as const;

/** One source's part, for explanations: its resources with the score it gave each, best first, and signs of no resource. */
export function sourcePart(name: string, finding: Finding): { source: string; candidates: { resourceId: string; score: number; matched: string[] }[]; elsewhere: string[] } {
  const byId = new Map<string, { resourceId: string; score: number; matched: string[] }>();
  for (const hit of finding.resources) {
    const c = byId.get(hit.resourceId) ?? { resourceId: hit.resourceId, score: 0, matched: [] };
    c.score += (hit.own ?? 0) + (hit.content ?? 0);
    c.matched.push(hit.matched);
    byId.set(hit.resourceId, c);
  }
  const candidates = [...byId.values()].map((c) => ({ ...c, score: Math.round(c.score * 100) / 100 })).sort((a, b) => b.score - a.score);
  return { source: name, candidates, elsewhere: (finding.elsewhere ?? []).map((h) => `${elsewhereLabel[h.kind]} ${h.matched}`) };
}
