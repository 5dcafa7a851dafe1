import type { Catalog, Resource } from "../catalog/schema.ts";
import { isProgramme } from "../catalog/warnings.ts";
import { orderByRegion } from "../reply/render.ts";
import type { Decision, DetailAspect, Understanding } from "../understand/decision.ts";
import { memoized, unitsOf } from "../memoized.ts";
import type { ConversationMemory } from "./memory.ts";

/** What a question asked about a resource, for logs and the operator's explanation. */
export type FollowUpAspect = DetailAspect | "others" | "item" | "region";

export interface FollowUp {
  decision: Decision;
  aspect: FollowUpAspect;
  /** The resources the question was about. */
  about: string[];
  /** Whether the answer came from what the conversation remembers (else the message named the resource). */
  fromMemory: boolean;
}

export interface FollowUpResolver {
  /** The text to read as a question: without a leading opener (じゃあ, では), which only links it to the chat. */
  questionText(text: string): string;
  /**
   * A question about one detail of a resource: of what was just shown (「いくら？」, 「そこって何時まで？」),
   * or of the resource the message names (「〇〇は無料？」). Null when the message is a question of another
   * kind, or asks about the memory but cannot be resolved against it (never a guess).
   */
  resolve(text: string, understanding: Understanding, memory: ConversationMemory | null): FollowUp | null;
}

// Cue kinds: follow-up words (vocabulary.followUp) and detail words (vocabulary.details).
type CueKind =
  | "pointers"
  | "hours"
  | "phone"
  | "email"
  | "web"
  | "others"
  | "more"
  | "cost"
  | "amount"
  | "eligibility"
  | "application"
  | "operator"
  | "period"
  | "source";

// Content words that make what is left of a follow-up a question of its own, naming nothing or not.
const OWN_QUESTION_WORDS = 3;

// The facts a question may ask for, the first found winning: 「いつまで申請できる？」 asks the period, not how to apply.
const factOrder = ["period", "amount", "cost", "eligibility", "application", "operator", "source"] as const;

// Widths and case only: kana are not folded, so the cue メール never meets the める of 決める. の is dropped on
// both sides, so 他の meets 他の給付金 however the user joins the words.
// The message's NFKC lower case, made once for its opener and again for its cues: the last few are kept.
const plainOf = memoized((text) => text.normalize("NFKC").toLowerCase(), 64);
// A message is folded several times (its cues, then the names in it): the last results are kept.
const folded = memoized(
  (word) =>
    plainOf(word)
      .replace(/[^\p{L}\p{N}]+/gu, "")
      .replaceAll("の", ""),
  1000,
);

interface Cues {
  found: Set<CueKind>;
  /** 1-based, when the message names the n-th item. */
  ordinal?: number;
  /** What is left once every cue is taken out. */
  rest: string;
  /** What follows the last cue: empty when the message ends on what it asks (「〇〇の費用は？」). */
  tail: string;
}

export function createFollowUpResolver(catalog: Catalog, understand: (text: string) => Understanding): FollowUpResolver {
  const { followUp: vocabulary, details } = catalog.vocabulary;
  const openers = [...new Set(vocabulary.openers.map((o) => o.normalize("NFKC").toLowerCase()))].sort((a, b) => b.length - a.length);
  const lists: [CueKind, string[]][] = [
    ["pointers", vocabulary.pointers],
    ["hours", vocabulary.hours],
    ["phone", vocabulary.phone],
    ["email", vocabulary.email],
    ["web", vocabulary.web],
    ["others", vocabulary.more],
    ["more", vocabulary.detail],
    ...factOrder.map((kind): [CueKind, string[]] => [kind, details[kind]]),
  ];
  // One list, longest words first, so 電話番号 is taken before 番号 and いくらかかる before いくら; a word
  // in two lists (いくら) is a cue of both kinds.
  const cueWords = new Map<string, Set<CueKind>>();
  for (const [kind, words] of lists) {
    for (const word of words.map(folded).filter((w) => w.length > 0)) cueWords.set(word, (cueWords.get(word) ?? new Set()).add(kind));
  }
  const byLength = [...cueWords.keys()].sort((a, b) => b.length - a.length);
  const ordinals = vocabulary.ordinals.map((words) => [...new Set(words.map(folded).filter((w) => w.length > 0))].sort((a, b) => b.length - a.length));
  const resources = new Map(catalog.resources.map((r) => [r.id, r]));
  // What names a resource or a category in a message: its names and readings, and for a resource its numbers and addresses.
  const nameKeys = (names: string[]) => [...new Set(names.map(folded).filter((n) => n.length > 1))];
  const resourceNames = new Map(
    catalog.resources.map((r) => [r.id, nameKeys([r.name, r.officialName, ...r.aliases, ...r.readings, ...r.contacts.map((c) => c.value)])]),
  );
  const categoryNames = new Map(catalog.categories.map((c) => [c.id, nameKeys([c.name, ...c.aliases, ...c.readings])]));
  const names = (text: string, keys: string[] | undefined) => {
    const whole = folded(text);
    return (keys ?? []).some((key) => whole.includes(key));
  };

  function questionText(text: string): string {
    const plain = plainOf(text).trimStart();
    const opener = openers.find((o) => plain.startsWith(o));
    const rest = opener ? plain.slice(opener.length).replace(/^[\s、,。.!?！？]+/u, "") : "";
    return rest.length > 0 ? rest : text;
  }

  // Every name, longest first: a cue inside one (the サイト of 〇〇ポータルサイト) is part of the name, not a question.
  const allNames = [...new Set([...resourceNames.values()].flat())].sort((a, b) => b.length - a.length);
  const taken = (length: number) => "\u0000".repeat(length);
  // Only a word whose first character is in the text can be in it (masking only ever blanks characters).
  const withoutNames = (text: string, chars: ReadonlySet<number>) =>
    allNames.reduce((masked, name) => (chars.has(name.charCodeAt(0)) && masked.includes(name) ? masked.replaceAll(name, taken(name.length)) : masked), text);

  function cuesIn(text: string): Cues {
    const whole = folded(text);
    const chars = unitsOf(whole);
    // Positions stay those of `whole`: a cue found is blanked in what is left (rest) and taken in what is scanned.
    let scanned = withoutNames(whole, chars);
    const rest = whole.split("");
    let lastEnd = 0;
    const take = (word: string): boolean => {
      if (!chars.has(word.charCodeAt(0))) return false;
      let at = scanned.indexOf(word);
      if (at < 0) return false;
      while (at >= 0) {
        rest.fill(" ", at, at + word.length);
        scanned = scanned.slice(0, at) + taken(word.length) + scanned.slice(at + word.length);
        lastEnd = Math.max(lastEnd, at + word.length);
        at = scanned.indexOf(word, at + word.length);
      }
      return true;
    };
    let ordinal: number | undefined;
    ordinals.forEach((words, i) => {
      if (words.filter(take).length > 0) ordinal ??= i + 1;
    });
    const found = new Set<CueKind>();
    for (const word of byLength) if (take(word)) cueWords.get(word)?.forEach((kind) => found.add(kind));
    return { found, ...(ordinal ? { ordinal } : {}), rest: rest.join("").trim(), tail: whole.slice(lastEnd) };
  }

  /** Only a region understood (「東京の場合は？」, 「東京の会社なんだけど」, which alone reads as a remark). */
  const saysOnlyRegion = (decision: Decision, region: string | undefined) =>
    region !== undefined && ((decision.kind === "noMatch" && decision.reason === "unknown") || decision.kind === "chatter");

  const known = (list: readonly string[] | undefined) => (list ?? []).filter((id) => resources.has(id));

  const shownCategories = (memory: ConversationMemory) =>
    new Set([memory.categoryId, ...memory.resourceIds.map((id) => resources.get(id)?.category)].filter((c): c is string => c !== undefined));

  /**
   * Whether what is left, once the cues are taken out, is a question of its own: it names a resource
   * or category (even one just shown: 「〇〇センターの電話番号」 needs no memory), says enough to be read
   * on its own (「…買った機器の費用も対象になりますか」), or is refused. 「他の相談先は？」 names the
   * category shown only to ask for more of it; 「誰でも相談できる？」 says nothing of its own, whatever one
   * general word in it matches.
   */
  function standsAlone(rest: string, { decision, explain }: Understanding, memory: ConversationMemory, found: Set<CueKind>): boolean {
    const saysEnough = explain.words.length >= OWN_QUESTION_WORDS;
    switch (decision.kind) {
      case "resources":
        return saysEnough || decision.matches.some((m) => names(rest, resourceNames.get(m.resourceId)));
      case "category":
        return (saysEnough || names(rest, categoryNames.get(decision.categoryId))) && !(found.has("others") && shownCategories(memory).has(decision.categoryId));
      case "openNow":
        return decision.resourceIds.length > 0;
      case "noMatch":
        return decision.reason === "outOfScope";
      default:
        return false;
    }
  }

  /** 「いくら」 asks what a programme pays and what a service costs; what the resource states decides first. */
  function factAspect(found: Set<CueKind>, subject: Resource | undefined): DetailAspect | undefined {
    if (found.has("cost") && found.has("amount") && subject) {
      if (subject.facts.amount) return "amount";
      if (subject.facts.cost) return "cost";
      return isProgramme(catalog, subject) ? "amount" : "cost";
    }
    return factOrder.find((kind) => found.has(kind));
  }

  /**
   * The detail asked, the lines' status first: 「いつまで電話できる？」 asks the hours, not a programme's
   * period. 「まだやってる？」 about a programme asks whether it still takes applications, not whether a line
   * is open. Asking for others (「他の相談先は？」) is not a detail of what was shown.
   */
  function aspectOf(found: Set<CueKind>, subject: Resource | undefined, asksOpenNow: boolean, saysPhone = found.has("phone")): DetailAspect | undefined {
    if (found.has("hours") || (found.has("period") && found.has("phone"))) return "hours";
    if (asksOpenNow) return subject && isProgramme(catalog, subject) && !saysPhone ? "period" : "status";
    if (found.has("phone")) return "phone";
    if (found.has("email")) return "email";
    if (found.has("web")) return "web";
    if (found.has("others")) return undefined;
    const fact = factAspect(found, subject);
    // 「いつまでやってる？」 about a line is its hours; only a programme has an application period.
    if (fact === "period" && subject && !isProgramme(catalog, subject) && subject.contacts.some((c) => c.kind === "phone")) return "hours";
    return fact ?? (found.has("more") ? "more" : undefined);
  }

  const asMatches = (list: Resource[] | string[]) => list.map((r) => ({ resourceId: typeof r === "string" ? r : r.id, score: 0, matched: [] }));
  const withRegion = (region: string | undefined) => (region ? { region } : {});

  /** Resources like the ones shown (same category) that were not shown, the user's region first. */
  function others(memory: ConversationMemory): Resource[] {
    const category = memory.categoryId ?? resources.get(memory.resourceIds[0] ?? "")?.category;
    const unseen = catalog.resources.filter((r) => r.category === category && !memory.resourceIds.includes(r.id));
    return orderByRegion(unseen, memory.region);
  }

  /** The same kind of help for another region: that region's own first, then the nationwide ones; never another region's. */
  function forRegion(memory: ConversationMemory, region: string): Decision | null {
    const categories = shownCategories(memory);
    const ofKind = catalog.resources.filter((r) => categories.has(r.category));
    const shownFirst = (list: Resource[]) => [...list.filter((r) => memory.resourceIds.includes(r.id)), ...list.filter((r) => !memory.resourceIds.includes(r.id))];
    const resourceIds = [...ofKind.filter((r) => r.region === region), ...shownFirst(ofKind.filter((r) => r.region === undefined))].map((r) => r.id);
    return resourceIds.length > 0 ? { kind: "region", region, resourceIds } : null;
  }

  /** A question about what was just shown. */
  function aboutMemory(cues: Cues, understanding: Understanding, memory: ConversationMemory): FollowUp | null {
    const { decision, explain } = understanding;
    const { found, ordinal } = cues;
    const asksOpenNow = decision.kind === "openNow" && decision.resourceIds.length === 0 && decision.contactIds.length === 0;
    const shown = known(memory.resourceIds);
    // 「2つ目」 counts in the last reply that showed several items, even after a one-card answer.
    const list = shown.length > 1 ? shown : known(memory.list ?? shown);
    const picked = ordinal === undefined ? shown : list.slice(ordinal - 1, ordinal);
    if (picked.length === 0) return null;
    const subject = ordinal === undefined && memory.subject ? known(memory.subject) : picked;
    const region = explain.region ?? memory.region;
    const about = (aspect: FollowUpAspect, answer: Decision, ids: string[]): FollowUp => ({ decision: answer, aspect, about: ids, fromMemory: true });

    // 「いつならつながる？」: whether it can be reached, asking nothing else, is about the lines shown.
    const availability = decision.kind === "noMatch" && decision.reason === "unknown" && explain.signals.some((s) => s.startsWith("availability:"));
    // A phone word, as a follow-up cue or as the reading's own signal (a catalog may list no follow-up words).
    const saysPhone = found.has("phone") || explain.signals.some((s) => s.startsWith("phone:"));
    const aspect = aspectOf(found, resources.get(subject[0] ?? ""), asksOpenNow, saysPhone) ?? (availability ? "status" : undefined);
    if (aspect) {
      // How to reach what was shown is about the cards themselves; any other detail about what was asked.
      const ids = aspect === "status" || aspect === "hours" || aspect === "phone" || aspect === "email" || aspect === "web" ? picked : subject;
      return about(aspect, { kind: "detail", aspect, resourceIds: ids, ...withRegion(region) }, ids);
    }
    if (found.has("others")) {
      const more = others(memory);
      return more.length > 0 ? about("others", { kind: "resources", matches: asMatches(more), ...withRegion(memory.region) }, picked) : null;
    }
    if (ordinal !== undefined) return about("item", { kind: "resources", matches: asMatches(picked), ...withRegion(memory.region) }, picked);
    const regionOnly = saysOnlyRegion(decision, explain.region);
    if (regionOnly && explain.region) {
      const answer = forRegion(memory, explain.region);
      return answer ? about("region", answer, picked) : null;
    }
    return null;
  }

  /**
   * A detail of the resource the message names (「〇〇は無料？」), when the message ends on what it asks: not
   * 「〇〇の費用も対象になる？」, nor a resource only matched by a word. A question the reading
   * already answered with where to ask (it put the resource's inquiry line first) is where to apply.
   */
  function aboutNamed(text: string, cues: Cues, understanding: Understanding, memory: ConversationMemory | null): FollowUp | null {
    const { decision, explain } = understanding;
    if (decision.kind !== "resources") return null;
    const matched = new Set(decision.matches.map((m) => m.resourceId));
    // The best match itself, not the line a 「どこに申請」 put first.
    const subjectId = explain.candidates.find((c) => matched.has(c.resourceId))?.resourceId ?? decision.matches[0]?.resourceId;
    const subject = resources.get(subjectId ?? "");
    if (!subject || !names(text, resourceNames.get(subject.id))) return null;
    const putInquiryFirst = subject.inquiries.some((q) => q.resource === decision.matches[0]?.resourceId);
    const aspect = cues.found.size > 0 ? aspectOf(cues.found, subject, false) : putInquiryFirst ? "application" : undefined;
    if (!aspect || aspect === "more" || (cues.found.size > 0 && !endsOnCue(cues.tail))) return null;
    const region = explain.region ?? memory?.region;
    return { decision: { kind: "detail", aspect, resourceIds: [subject.id], ...withRegion(region) }, aspect, about: [subject.id], fromMemory: false };
  }

  /** Whether what follows the last cue adds nothing to ask about (「は？」, 「を教えてください」). */
  function endsOnCue(tail: string): boolean {
    if (tail.length === 0) return true;
    const { decision, explain } = understand(tail);
    // A bare particle left over (「は」) reads as a remark; it still asks nothing of its own.
    const asksNothing = decision.kind === "chatter" || (decision.kind === "noMatch" && decision.reason !== "outOfScope");
    return asksNothing && explain.candidates.length === 0 && explain.foreignNouns.length === 0;
  }

  function resolve(text: string, understanding: Understanding, memory: ConversationMemory | null): FollowUp | null {
    const { decision, explain } = understanding;
    const cues = cuesIn(text);
    const asksOpenNow = decision.kind === "openNow" && decision.resourceIds.length === 0 && decision.contactIds.length === 0;
    const regionOnly = saysOnlyRegion(decision, explain.region);
    const availability = decision.kind === "noMatch" && explain.signals.some((s) => s.startsWith("availability:"));
    const asks = cues.found.size > 0 || cues.ordinal !== undefined || asksOpenNow || regionOnly || availability;
    if (memory && asks && !(cues.rest.length > 0 && standsAlone(cues.rest, understand(cues.rest), memory, cues.found))) {
      const followUp = aboutMemory(cues, understanding, memory);
      if (followUp) return followUp;
    }
    return aboutNamed(text, cues, understanding, memory);
  }

  return { questionText, resolve };
}
