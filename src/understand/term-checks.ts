// Traps in a catalog's words that the engine falls into and a schema cannot see: a term made only of
// everyday words (よろず相談 is found, by its words, in every message that says 相談), a term shared by so
// many resources that it names none, a term that reads as "is it open now?", and an availability word that
// is also how people ask for help (相談したい).
import { resourcePlace } from "../catalog/warnings.ts";
import type { Catalog } from "../catalog/schema.ts";
import type { Analyzer } from "./analyzer.ts";
import { type MessageForm, createSignalMatcher } from "./signals.ts";
import { compact, createSynonymTable, fold, isLatinTerm } from "./normalize.ts";
import { createCatalogReader, createLexicon } from "./words.ts";

// General Japanese for asking anything of anyone: a term made only of these names nothing. Language-level,
// not a domain (the catalog's own general words, its availability, inquiry… lists, are added to them).
const REQUEST_WORDS = [
  "相談", "質問", "問い合わせ", "問合せ", "連絡", "情報", "案内", "紹介", "利用", "使う", "教える", "知る", "聞く", "調べる", "探す",
  "困る", "悩む", "悩み", "助ける", "手伝う", "話", "話す", "確認", "必要", "対応", "問題", "一般", "全般", "総合", "色々", "いろいろ", "よろず",
];
/** A term found in more than this share of the other resources' texts says nothing about its own. */
const SHARED_SHARE = 1 / 3;

interface Term {
  place: string;
  field: string;
  text: string;
  /** What the term names, in the operator's words: このリソース or この分野. */
  owner: string;
}

function termsOf(catalog: Catalog): Term[] {
  const place = (id: string) => {
    const resource = catalog.resources.find((r) => r.id === id);
    return resource ? resourcePlace(catalog, resource) : id;
  };
  const meta = catalog.files?.meta ?? "catalog.yaml";
  return [
    ...catalog.resources.flatMap((r) => [
      ...r.aliases.map((text, i) => ({ place: place(r.id), field: `aliases[${i}]`, text, owner: "このリソース" })),
      ...r.keywords.map((text, i) => ({ place: place(r.id), field: `keywords[${i}]`, text, owner: "このリソース" })),
      ...r.topics.flatMap((t, i) => t.terms.map((text, j) => ({ place: place(r.id), field: `topics[${i}].terms[${j}]`, text, owner: "このリソース" }))),
    ]),
    // A category's keywords are meant to be broad (they ask for the list); its aliases name it.
    ...catalog.categories.flatMap((c) => c.aliases.map((text, i) => ({ place: `${meta}: category "${c.id}"`, field: `aliases[${i}]`, text, owner: "この分野" }))),
  ];
}

export function termWarnings(catalog: Catalog, analyzer: Analyzer): string[] {
  const { vocabulary } = catalog;
  const synonyms = createSynonymTable(vocabulary.synonyms);
  const lexicon = createLexicon(vocabulary, synonyms, analyzer);
  const reader = createCatalogReader(lexicon);
  const keys = (text: string) => [...new Set(reader.keysOf(text))];
  /** The words a term is found by in a message, as the term index reads it (none: it is found only as written). */
  const matchedWords = (text: string) => {
    const folded = synonyms.apply(fold(text));
    if (isLatinTerm(folded) || /^[\p{Script=Hiragana}ー\s]+$/u.test(text)) return [];
    const tokens = reader.tokensOf(text);
    const words = lexicon.faithful(tokens) ? lexicon.words(tokens) : [];
    return words.some((w) => w.noun) ? [...new Set(words.map((w) => w.key))] : [];
  };
  // The catalog's own general words for asking (not its time or phone words, which a line may rightly own).
  const everyday = new Set([...REQUEST_WORDS, ...[vocabulary.inquiry, vocabulary.greetings, vocabulary.thanks, vocabulary.help, vocabulary.listing].flat()].flatMap(keys));
  const phoneWords = new Set(vocabulary.phone.flatMap(keys));
  const textsOf = new Map(
    catalog.resources.map((r) => [r.id, new Set([r.name, r.officialName, r.summary, r.target ?? "", ...r.aliases, ...r.keywords, ...r.topics.flatMap((t) => t.terms)].flatMap(keys))]),
  );
  const signals = createSignalMatcher(vocabulary, synonyms);
  const formOf = (text: string): MessageForm => {
    const folded = synonyms.apply(fold(text.normalize("NFKC")));
    return { text: compact(folded), spaced: folded, segments: new Set(analyzer.tokenize(text.normalize("NFKC")).map((t) => compact(fold(t.surface)))) };
  };

  const warnings: string[] = [];
  for (const term of termsOf(catalog)) {
    const where = `${term.place}: ${term.field}`;
    const words = matchedWords(term.text);
    if (words.length > 0 && words.every((w) => everyday.has(w))) {
      warnings.push(
        `${where}: 「${term.text}」はふだんの言葉（${words.join("・")}）だけでできているため、語形でくらべると「${words.join("」「")}」を含むどの質問にも当てはまります。${term.owner}に固有の言葉にするか、外してください (made of everyday words only)`,
      );
      continue;
    }
    if (words.length > 0 && words.every((w) => phoneWords.has(w))) {
      warnings.push(`${where}: 「${term.text}」は電話の言葉だけでできているため、電話番号を尋ねるどの質問にも${term.owner}が選ばれます (made of phone words only)`);
      continue;
    }
    const own = term.place.match(/resource "([^"]+)"/)?.[1];
    if (own && !term.field.startsWith("topics") && words.length > 0) {
      const others = catalog.resources.filter((r) => r.id !== own);
      const sharing = others.filter((r) => words.every((w) => textsOf.get(r.id)?.has(w)));
      if (others.length >= 3 && sharing.length > others.length * SHARED_SHARE) {
        warnings.push(`${where}: 「${term.text}」の言葉はほかの ${sharing.length} 件（${others.length} 件中）のリソースにも出てくるため、このリソースを見分ける手がかりになりません (shared by more than a third of the other resources)`);
      }
    }
    const found = signals(formOf(term.text)).found;
    const [trigger] = (["availability", "time"] as const).flatMap((name) => (found.get(name) ?? []).map((word) => ({ name, word })));
    if (trigger) {
      const kind = trigger.name === "time" ? "time（いつかを表す言葉）" : "availability（つながるかを尋ねる言葉）";
      warnings.push(`${where}: 「${term.text}」は ${kind}の「${trigger.word}」を含むため、これを含む質問が「今つながる？」という質問として読まれることがあります (makes ${trigger.name === "time" ? "a time" : "an availability"} signal)`);
    }
  }
  // An availability word that is also how people ask for help turns 「〇〇に相談したい」 into a bare status answer.
  const inquiry = new Set(vocabulary.inquiry.flatMap(keys));
  vocabulary.availability.forEach((word, i) => {
    const asks = keys(word).filter((k) => inquiry.has(k));
    if (asks.length > 0) {
      warnings.push(
        `${catalog.files?.meta ?? "catalog.yaml"}: vocabulary.availability[${i}]: 「${word}」は inquiry の「${asks[0]}」を含みます。「（窓口の名前）に${word}」が、その窓口のカードではなく受付状況だけの答えになります。外すことをおすすめします (an availability word that asks for help)`,
      );
    }
  });
  return warnings;
}
