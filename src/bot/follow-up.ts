import type { Catalog, Resource } from "../catalog/schema.ts";
import { orderByRegion } from "../reply/render.ts";
import type { Decision, Understanding } from "../understand/decision.ts";
import type { ConversationMemory } from "./memory.ts";

/** What a follow-up asked about what was shown, for logs and the operator's explanation. */
export type FollowUpAspect = "openNow" | "phone" | "email" | "web" | "more" | "detail" | "region";

export interface FollowUp {
  decision: Decision;
  aspect: FollowUpAspect;
  /** The remembered resources the question was about. */
  about: string[];
}

export interface FollowUpResolver {
  /** The text to read as a question: without a leading opener (じゃあ, では), which only links it to the chat. */
  questionText(text: string): string;
  /**
   * The answer about what was just shown, or null when the message is a fresh question: it names
   * what it asks about, or it cannot be resolved against the memory (never a guess).
   */
  resolve(text: string, understanding: Understanding, memory: ConversationMemory): FollowUp | null;
}

type CueKind = "pointers" | "hours" | "phone" | "email" | "web" | "more" | "detail";
const cueKinds: CueKind[] = ["pointers", "hours", "phone", "email", "web", "more", "detail"];

// Widths and case only: kana are not folded, so the cue メール never meets the める of 決める. の is dropped on
// both sides, so 他の meets 他の給付金 however the user joins the words.
const folded = (word: string) =>
  word
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "")
    .replaceAll("の", "");
const longestFirst = (words: string[]) => [...new Set(words.map(folded).filter((w) => w.length > 0))].sort((a, b) => b.length - a.length);

export function createFollowUpResolver(catalog: Catalog, understand: (text: string) => Understanding): FollowUpResolver {
  const vocabulary = catalog.vocabulary.followUp;
  const openers = [...new Set(vocabulary.openers.map((o) => o.normalize("NFKC").toLowerCase()))].sort((a, b) => b.length - a.length);
  const cues = new Map(cueKinds.map((kind) => [kind, longestFirst(vocabulary[kind])]));
  const ordinals = vocabulary.ordinals.map(longestFirst);
  const resources = new Map(catalog.resources.map((r) => [r.id, r]));

  function questionText(text: string): string {
    const plain = text.normalize("NFKC").toLowerCase().trimStart();
    const opener = openers.find((o) => plain.startsWith(o));
    const rest = opener ? plain.slice(opener.length).replace(/^[\s、,。.!?！？]+/u, "") : "";
    return rest.length > 0 ? rest : text;
  }

  /** The cue kinds present, the ordinal (1-based) if any, and what is left once every cue is taken out. */
  function cuesIn(text: string): { found: Set<CueKind>; ordinal?: number; rest: string } {
    let rest = folded(text);
    const found = new Set<CueKind>();
    const take = (words: string[]): boolean => {
      let hit = false;
      for (const word of words) {
        if (!rest.includes(word)) continue;
        rest = rest.replaceAll(word, " ");
        hit = true;
      }
      return hit;
    };
    let ordinal: number | undefined;
    ordinals.forEach((words, i) => {
      if (take(words)) ordinal ??= i + 1;
    });
    for (const kind of cueKinds) if (take(cues.get(kind) ?? [])) found.add(kind);
    return { found, ...(ordinal ? { ordinal } : {}), rest: rest.trim() };
  }

  const shownCategories = (memory: ConversationMemory) =>
    new Set([memory.categoryId, ...memory.resourceIds.map((id) => resources.get(id)?.category)].filter((c): c is string => c !== undefined));

  /**
   * Whether what is left, once the cues are taken out, is a question of its own: it names a resource
   * or category (even one just shown: 「〇〇センターの電話番号」 needs no memory), or is refused.
   * 「他の相談先は？」 names the category shown only to ask for more of it.
   */
  function standsAlone(decision: Decision, memory: ConversationMemory, found: Set<CueKind>): boolean {
    switch (decision.kind) {
      case "resources":
        return decision.matches.length > 0;
      case "category":
        return !(found.has("more") && shownCategories(memory).has(decision.categoryId));
      case "openNow":
        return decision.resourceIds.length > 0;
      case "noMatch":
        return decision.reason === "outOfScope";
      default:
        return false;
    }
  }

  const asMatches = (list: Resource[] | string[]) => list.map((r) => ({ resourceId: typeof r === "string" ? r : r.id, score: 0, matched: [] }));
  const withRegion = (region: string | undefined) => (region ? { region } : {});

  /** Resources like the ones shown (same category) that were not shown, the user's region first. */
  function others(memory: ConversationMemory): Resource[] {
    const category = memory.categoryId ?? resources.get(memory.resourceIds[0] ?? "")?.category;
    const unseen = catalog.resources.filter((r) => r.category === category && !memory.resourceIds.includes(r.id));
    return orderByRegion(unseen, memory.region);
  }

  /** The same answer for another region: that region's help of the same kind first. */
  function forRegion(memory: ConversationMemory, region: string): Decision {
    if (memory.categoryId) return { kind: "category", categoryId: memory.categoryId, matched: [], region };
    const categories = shownCategories(memory);
    const regional = catalog.resources.filter((r) => r.region === region && categories.has(r.category)).map((r) => r.id);
    return { kind: "resources", matches: asMatches([...new Set([...regional, ...memory.resourceIds])]), region };
  }

  function resolve(text: string, understanding: Understanding, memory: ConversationMemory): FollowUp | null {
    const { decision, explain } = understanding;
    const { found, ordinal, rest } = cuesIn(text);
    const asksOpenNow = decision.kind === "openNow" && decision.resourceIds.length === 0 && decision.contactIds.length === 0;
    // Only a region was understood (「東京の場合は？」): the same answer, for that region.
    const regionOnly = decision.kind === "noMatch" && decision.reason === "unknown" && explain.region !== undefined;
    if (found.size === 0 && ordinal === undefined && !asksOpenNow && !regionOnly) return null;
    if (rest.length > 0 && standsAlone(understand(rest).decision, memory, found)) return null;

    const known = memory.resourceIds.filter((id) => resources.has(id));
    const picked = ordinal === undefined ? known : known.slice(ordinal - 1, ordinal);
    if (picked.length === 0) return null;
    const about = (aspect: FollowUpAspect, answer: Decision): FollowUp => ({ decision: answer, aspect, about: picked });
    const contactIds = memory.contactIds;

    if (found.has("hours") || asksOpenNow) return about("openNow", { kind: "openNow", resourceIds: picked, contactIds });
    if (found.has("phone")) return about("phone", { kind: "openNow", resourceIds: picked, contactIds });
    if (found.has("email")) return about("email", { kind: "contact", channel: "email", resourceIds: picked, ...withRegion(memory.region) });
    if (found.has("web")) return about("web", { kind: "contact", channel: "web", resourceIds: picked, ...withRegion(memory.region) });
    if (found.has("more")) {
      const more = others(memory);
      return more.length > 0 ? about("more", { kind: "resources", matches: asMatches(more), ...withRegion(memory.region) }) : null;
    }
    if (found.has("detail") || ordinal !== undefined) return about("detail", { kind: "resources", matches: asMatches(picked), ...withRegion(memory.region) });
    if (regionOnly && explain.region) return about("region", forRegion(memory, explain.region));
    return null;
  }

  return { questionText, resolve };
}
