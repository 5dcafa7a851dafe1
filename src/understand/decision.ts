/** What the bot understood from one message: the renderer turns it into LINE messages. */
import type { AskedTime } from "./asked-time.ts";

export interface ResourceMatch {
  resourceId: string;
  score: number;
  /** Catalog terms that matched (normalised form), for the operator's explanation. */
  matched: string[];
  /** Topics of its documents the message asks about, as it writes them: the answer can say so. */
  topics?: string[];
}

/** A detail a source may state about a resource (see the catalog's `facts`), or how to reach it, or all of it (more). */
export type DetailAspect =
  | "status"
  | "hours"
  | "phone"
  | "email"
  | "web"
  | "cost"
  | "amount"
  | "eligibility"
  | "application"
  | "operator"
  | "period"
  | "source"
  | "more";

export type Decision = (
  | { kind: "greeting"; variant: "hello" | "thanks" | "help" }
  /** region: the user's region when known, so region-only resources can be ordered for them. */
  /** pointedAt: the member the question points at, well ahead of the others: listed first. */
  | { kind: "category"; categoryId: string; matched: string[]; pointedAt?: string[]; region?: string }
  | { kind: "resources"; matches: ResourceMatch[]; region?: string }
  /**
   * "Is it open now?" about these resources (best first). Empty = every phone line with published hours.
   * contactIds narrows to the numbers the user typed, when any.
   */
  | { kind: "openNow"; resourceIds: string[]; contactIds: string[] }
  /**
   * In the bot's domain, but nothing answers it specifically: say so and point to the catalog's place
   * for general questions. categoryIds: the closest categories, best first.
   */
  | { kind: "referral"; resourceId: string; categoryIds: string[]; region?: string }
  /**
   * One detail of these resources, asked by name (「〇〇は無料？」) or about what was just shown (「いくら？」):
   * answered in a sentence first, then their cards (status cards for status, hours and phone; for where
   * to apply, the lines that take applications first). region: the user's, to order those lines.
   */
  | { kind: "detail"; aspect: DetailAspect; resourceIds: string[]; region?: string }
  /**
   * The same kind of help for another region (「東京の場合は？」): that region's first, then nationwide ones;
   * when it has none, the nationwide ones, saying so.
   */
  | { kind: "region"; region: string; resourceIds: string[] }
  | { kind: "noMatch"; reason: "empty" | "outOfScope" | "unknown"; suggestions: ResourceMatch[] }
  /**
   * A remark or a complaint rather than a request (even one about the domain): a short, kind reply and the menu.
   * related: a resource the remark is about, offered as a choice (not shown as a card).
   */
  | { kind: "chatter"; related?: string }
  /**
   * Two or three resources are about equally likely: ask which one is meant, offering them (best first,
   * their cards shown too, so the first is still the best guess).
   */
  | { kind: "clarify"; matches: ResourceMatch[]; region?: string }

) & {
  /** A time the question named (2024年, 今年度, 最新): the reply first says what the data can say for it. */
  time?: AskedTime;
};

export interface Understanding {
  decision: Decision;
  /** A time the message names, whatever the decision (a follow-up's answer carries it too). */
  time?: AskedTime;
  explain: {
    normalized: string;
    /** Region the user seems to be in, if any hint was found (region id). */
    region?: string;
    /** Top candidates with scores and matched terms, best first. */
    candidates: ResourceMatch[];
    /** Each evidence source's part: the resources it found, with the score it gave each, and signs of no resource (対象外, 雑談). */
    sources?: { source: string; candidates: ResourceMatch[]; elsewhere?: string[] }[];
    /** Intent signals found (e.g. "openNow", "listing", "greeting"). */
    signals: string[];
    /** The analyzer's words: surface, dictionary form and reading (申請し→申請/しんせい). */
    tokens: string[];
    /** Content words in dictionary form, after synonyms: what the ranking compared. */
    words: string[];
    /** Nouns no catalog text uses: a sign the question is about something else. */
    foreignNouns: string[];
  };
}
