import type { Vocabulary } from "../catalog/schema.ts";
import { unitsOf } from "../memoized.ts";
import { type SynonymTable, compact, fold, isLatinTerm } from "./normalize.ts";

export type SignalName = "availability" | "time" | "phone" | "inquiry" | "listing" | "greeting" | "thanks" | "help" | "outOfScope" | "outOfScopeTopic" | "anchor";

export interface MessageForm {
  /** Folded, synonyms applied, spaces removed. */
  text: string;
  /** Folded, synonyms applied, spaces kept. */
  spaced: string;
  /** Word segments of the message, folded the same way. */
  segments: ReadonlySet<string>;
}

interface SignalTerm {
  key: string;
  /** For Latin terms: the term as whole words. */
  pattern?: RegExp;
}

export type SignalMatcher = (message: MessageForm) => { signals: Set<SignalName>; found: Map<SignalName, string[]> };

/**
 * Intent words from the vocabulary. Short Japanese words (one or two characters, like 今 or まだ) count only
 * as whole words, so 今 in 今日 or いま in います does not make a question about "now".
 */
export function createSignalMatcher(vocabulary: Vocabulary, synonyms: SynonymTable): SignalMatcher {
  const lists: [SignalName, string[]][] = [
    ["availability", vocabulary.availability],
    ["time", vocabulary.time],
    ["phone", vocabulary.phone],
    ["inquiry", vocabulary.inquiry],
    ["listing", vocabulary.listing],
    ["greeting", vocabulary.greetings],
    ["thanks", vocabulary.thanks],
    ["help", vocabulary.help],
    ["outOfScope", vocabulary.outOfScope],
    ["outOfScopeTopic", vocabulary.outOfScopeTopics],
    ["anchor", vocabulary.anchors],
  ];
  const compiled = lists.map(([name, words]) => {
    const terms: SignalTerm[] = words.map((w) => {
      const folded = synonyms.apply(fold(w));
      const escaped = folded.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      return isLatinTerm(folded)
        ? { key: compact(folded), pattern: new RegExp(`(?<![a-z0-9])${escaped}(?![a-z0-9])`) }
        : { key: compact(folded) };
    });
    return [name, terms.filter((t) => t.key.length > 0)] as const;
  });

  // `chars`: the message's characters; a key whose first is not among them is not in the text.
  const matches = (term: SignalTerm, message: MessageForm, chars: ReadonlySet<number>) => {
    if (term.pattern) return term.pattern.test(message.spaced);
    if (term.key.length <= 2) return message.segments.has(term.key);
    return chars.has(term.key.charCodeAt(0)) && message.text.includes(term.key);
  };

  return (message) => {
    const signals = new Set<SignalName>();
    const found = new Map<SignalName, string[]>();
    const chars = unitsOf(message.text);
    for (const [name, terms] of compiled) {
      const hits = terms.filter((t) => matches(t, message, chars)).map((t) => t.key);
      if (hits.length > 0) {
        signals.add(name);
        found.set(name, hits);
      }
    }
    return { signals, found };
  };
}
