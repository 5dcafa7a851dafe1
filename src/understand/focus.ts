/**
 * The subject over the setting. In Japanese the ask sits at the end: the last sentence that asks (a question
 * or a request), and in it the final clause, its predicate and the nouns it is about. The statements before
 * it often only set the scene (台風で工場が止まりました。…; not the asker's own description, 東京都内の
 * 企業です, which says who asks), and so do circumstance phrases anywhere
 * (感染拡大防止のため, 休業中の, 法改正を機に) and the catalog's own setting words. Read from the
 * analyzer's parts of speech: language, not a list of questions.
 */
import type { Token } from "./analyzer.ts";
import { isContent } from "./words.ts";

/** Token positions (indices into the message's tokens) by role, and the message's form. */
export interface TokenFocus {
  /** Words that set the scene: they weigh less, and alone they do not choose the first card. */
  scene: Set<number>;
  /** Words of what is asked: the final clause of the sentence that asks. */
  asked: Set<number>;
  /** Some sentence asks: a question or a request. */
  asks: boolean;
  /** The last sentence ends in a predicate, not a noun (a statement, or a question; not a topic named). */
  declares: boolean;
  /** It says a problem of the writer's (困っています, わからない): help is asked for without a question. */
  problem: boolean;
  /** It ends in the writer's own feeling (つらい, 疲れた, 楽しい, 不安): a remark, unless it also asks. */
  feeling: boolean;
  /**
   * It ends as a reaction rather than a request: a thought reported (…と感じる, …って思ってしまう), laughter
   * (w, 笑), a bid for agreement (…ですよね。) or a wish not to (行きたくない).
   */
  reaction: boolean;
  /** It ends as a story told in the past (…支障がなかった。): a remark, unless what it tells is something the catalog answers. */
  story: boolean;
  /** Tokens of a mood at the end of a sentence (つらい, きつい; not a worry, 不安). */
  moods: Set<number>;
  /** The writer says what they mean to do or want done (導入したい, 負担してほしい, 導入しようと思っています): a request for help with it. */
  intends: boolean;
  /** Tokens that only say a feeling: not a subject, of this domain or another. */
  feelings: Set<number>;
}

// Words of feeling (dictionary forms): language, not a domain. At the end of a statement they make a remark.
export const FEELINGS = new Set(
  [
    "つらい", "辛い", "しんどい", "疲れる", "寂しい", "さみしい", "さびしい", "楽しい", "嬉しい", "うれしい", "悲しい", "苦しい", "怖い", "こわい",
    "退屈", "暇", "ひま", "眠い", "憂鬱", "ゆううつ", "嫌", "いや", "最高", "最悪", "面倒", "めんどくさい", "面倒くさい", "だるい", "飽きる",
    "不満", "不安", "心配", "イライラ", "いらいら", "ストレス", "羨ましい", "うらやましい", "ギスギス", "ぎすぎす", "うんざり", "憂うつ",
  ].map((w) => w.normalize("NFKC")),
);
// Feelings that are worries about something to come (サボりそうで不安): a request for help, not a mood.
const WORRIES = new Set(["不安", "心配", "懸念", "気がかり"]);
// Moods said in other words than FEELINGS' (光熱費がきつい, もやもやする): language, as FEELINGS.
const MOODS = new Set([...[...FEELINGS].filter((w) => !WORRIES.has(w)), "きつい", "キツい", "もやもや", "モヤモヤ", "がっかり", "ショック", "残念"]);
// Verbs that report what the writer thinks or feels (…と感じる, …って思ってしまう, …に驚く): the end of a remark.
const THOUGHTS = new Set(["思う", "感じる", "驚く", "おもう"]);
// 〜しようと思う, 〜しようと考える: what one means to do.
const THINKING = new Set(["思う", "考える", "おもう"]);
// The volitional auxiliaries (しよう, 行こう).
const VOLITIONAL = new Set(["う", "よう"]);
// Laughter typed after a remark (w, ｗｗ, 笑, (笑)): not a word of the sentence.
const LAUGHTER = /^(w+|ｗ+|笑|草)$/u;
// The quoting particles before a reported thought (…って思う, …と感じる).
const QUOTES = new Set(["と", "って"]);
/** How many of the last content words of a statement are read for a feeling (不満を感じています). */
const FEELING_REACH = 3;

const BOUNDARY = /^[。．.!！?？\n]+$/u;
const QUESTION_MARK = /[?？]/u;
// Sentence-final particles that make a question (か, かな, の as in 払うの？).
const QUESTION_ENDINGS = new Set(["か", "かな", "かしら", "の", "ん"]);
const SOFTENERS = new Set(["ね", "よ", "な", "ねえ", "ねぇ", "なぁ", "なあ", "わ"]);
// A request at the end of a sentence: 教えてください, 知りたい, いただけますか (and してほしい, after て only:
// 場所がほしい is a wish, not a request).
const REQUEST_WORDS = new Set(["ください", "下さい", "くださる", "たい", "いただける", "頂ける", "教える", "願う"]);
const WANT_WORDS = new Set(["ほしい", "欲しい"]);
// Question words: a sentence with one asks even without a question mark (評価ってどうすれば).
const QUESTION_WORDS = new Set(["どう", "どうして", "なぜ", "なんで", "何", "なに", "なん", "どこ", "いつ", "誰", "だれ", "どれ", "どの", "どちら", "どっち", "いくら", "どんな", "どうやって"]);
// A problem of the writer's, said as a statement (困っています, 悩んでいます, わからない): a request for help.
const PROBLEM_WORDS = new Set(["困る", "悩む", "迷う"]);
const KNOWING = new Set(["わかる", "分かる", "判る"]);
const NEGATIONS = new Set(["ない", "ん", "ぬ"]);
// Particles that join a clause to the next one (…ので、…けど): the clause after the last one is the final clause.
const CLAUSE_LINKS = new Set(["ので", "から", "けど", "けれど", "けれども", "が", "し", "て", "で", "のに", "ながら"]);
// Marks of a topic in a sentence that sets the scene: the noun before them is still what is asked about.
const TOPIC_MARKS = [["について"], ["に関して"], ["に関する"], ["に関し"], ["の", "件"]];
// A noun phrase followed by these sets the circumstance (感染拡大防止のため, コロナを機に, 法改正に伴い).
const CIRCUMSTANCE_AFTER = [["の", "ため"], ["ため"], ["の", "為"], ["為"], ["を", "機"], ["を", "きっかけ"], ["に", "伴う"], ["に際して"], ["に際し"], ["として"]];
// Suffixes that turn a noun into a circumstance (休業中, コロナ禍, コロナ下).
const CIRCUMSTANCE_SUFFIXES = new Set(["中", "禍", "下"]);

const isNounLike = (t: Token) => t.pos === "名詞" || (t.pos === "UNK" && /[\p{L}\p{N}]/u.test(t.surface));
const form = (t: Token) => (t.pos === "動詞" ? t.base : t.surface);

/** Whether the tokens from `at` read as the given words (a verb in any form). */
function startsWith(tokens: readonly Token[], at: number, words: readonly string[]): boolean {
  return words.every((w, i) => {
    const t = tokens[at + i];
    return t !== undefined && form(t) === w;
  });
}

/** The run of nouns ending just before `end` (exclusive), as token indices. */
function nounsBefore(tokens: readonly Token[], end: number): number[] {
  const run: number[] = [];
  for (let i = end - 1; i >= 0 && isNounLike(tokens[i] as Token); i--) run.unshift(i);
  return run;
}

interface Sentence {
  /** Token indices, boundaries left out. */
  indices: number[];
  asks: boolean;
  /** Ends in a predicate (a verb, an adjective, a copula), not a noun: a sentence, not a topic named (Zoomの使い方). */
  declares: boolean;
  contentful: boolean;
  /** Says who or what the asker is (東京都内の企業です): a noun and a copula, not a circumstance. */
  identity: boolean;
  /** Ends in a reported thought, laughter, a bid for agreement or a wish not to (see TokenFocus.reaction). */
  reacts: boolean;
  /** Ends in the past tense: a story told. */
  tells: boolean;
}

const COPULAS = new Set(["です", "だ", "である"]);
const PAST = "た";
// What may follow the past tense at the end of a story (…しまったんです, …なかったのだ).
const PAST_TAIL = new Set(["ん", "の", "です", "だ"]);

const isLaughter = (t: Token) => LAUGHTER.test(t.surface);
const isFeeling = (t: Token) => FEELINGS.has(t.base) || FEELINGS.has(t.surface) || MOODS.has(t.base);
const isMood = (t: Token) => MOODS.has(t.base) || MOODS.has(t.surface);
const isQuote = (t: Token | undefined) => t !== undefined && t.pos === "助詞" && QUOTES.has(t.surface);

/** Whether the sentence (its spoken tokens) ends as a story told in the past (…迷いました, …しまったんです). */
function endsInPast(spoken: readonly Token[]): boolean {
  let end = spoken.length;
  while (end > 0 && PAST_TAIL.has((spoken[end - 1] as Token).base) && (spoken[end - 1] as Token).pos !== "動詞") end--;
  return end > 0 && (spoken[end - 1] as Token).base === PAST && (spoken[end - 1] as Token).pos === "助動詞";
}

/** Whether the sentence (its spoken tokens) ends as a reaction: a thought reported, agreement sought, a wish not to. */
function endsAsReaction(spoken: readonly Token[], words: readonly Token[]): boolean {
  const lastVerbAt = spoken.findLastIndex((t) => t.pos === "動詞" && t.pos1 === "自立");
  const afterVerb = spoken.slice(lastVerbAt + 1);
  // …と感じる, …って思ってしまう, …に驚く; not …しようと思う (what one means to do, see intends).
  const thought =
    lastVerbAt >= 0 &&
    THOUGHTS.has((spoken[lastVerbAt] as Token).base) &&
    afterVerb.every((t) => t.pos !== "動詞" || t.pos1 !== "自立") &&
    !(isQuote(spoken[lastVerbAt - 1]) && (meansTo(spoken, lastVerbAt - 2) || reportsWorry(spoken, lastVerbAt - 1)));
  // …ですよね。 (with no question mark): agreement sought, not a question asked.
  const tail = words.slice(-2).map((t) => t.surface).join("");
  const agreement = tail === "よね" && words.at(-1)?.pos === "助詞";
  // …行きたくない: a wish not to, said as a feeling.
  const unwilling = spoken.length >= 2 && (spoken.at(-2) as Token).base === "たい" && NEGATIONS.has((spoken.at(-1) as Token).base);
  return thought || agreement || unwilling;
}

/** Whether one of the last content words of a sentence is a mood (…でストレスです, …もやもやする). */
function endsInMood(tokens: readonly Token[], indices: readonly number[]): number[] {
  return indices.filter((i) => isContent(tokens[i] as Token) || isFeeling(tokens[i] as Token)).slice(-FEELING_REACH).filter((i) => isMood(tokens[i] as Token));
}

function sentencesOf(tokens: readonly Token[]): Sentence[] {
  const sentences: Sentence[] = [];
  let current: number[] = [];
  const close = (questionMark: boolean) => {
    if (current.length === 0) return;
    // Symbols (……, 」) and laughter (w) do not end a question.
    const words = current.map((i) => tokens[i] as Token).filter((t) => t.pos !== "記号" && !isLaughter(t) && (t.pos !== "UNK" || /[\p{L}\p{N}]/u.test(t.surface)));
    // Softening particles after a question (ないですかね, いいのかな) leave it a question.
    const spoken = words.slice(0, words.length - [...words].reverse().findIndex((t) => !SOFTENERS.has(t.surface) || t.pos !== "助詞"));
    const last = (spoken.length > 0 ? spoken : words).at(-1);
    const tail = words.slice(-3);
    const laughs = current.some((i) => isLaughter(tokens[i] as Token));
    const reacts = !questionMark && (laughs || endsAsReaction(spoken.length > 0 ? spoken : words, words));
    const tells = !questionMark && endsInPast(spoken.length > 0 ? spoken : words);
    const moodEnd = !questionMark && endsInMood(tokens, current).length > 0;
    const asks =
      questionMark ||
      (last !== undefined && (last.pos === "助詞" || last.pos1 === "非自立") && QUESTION_ENDINGS.has(last.surface)) ||
      tail.some((t, k) => (REQUEST_WORDS.has(t.base) && !NEGATIONS.has(tail[k + 1]?.base ?? "")) || (WANT_WORDS.has(t.base) && tail[k - 1]?.surface === "て")) ||
      // A question word inside a thought reported (なんでリモートさせてくれないんだって思う) asks nothing of the reader.
      (!reacts && !moodEnd && !tells && words.some((t) => QUESTION_WORDS.has(t.surface) && (t.pos === "副詞" || t.pos1 === "代名詞" || t.pos === "連体詞")));
    const lastContent = words.findLast((t) => isContent(t));
    const identity = lastContent?.pos === "名詞" && last !== undefined && COPULAS.has(last.base) && words.indexOf(last) === words.indexOf(lastContent) + 1;
    const declares = last !== undefined && last.pos !== "名詞" && last.pos !== "UNK";
    sentences.push({ indices: current, asks, declares, contentful: current.some((i) => isContent(tokens[i] as Token)), identity, reacts, tells });
    current = [];
  };
  tokens.forEach((t, i) => {
    // A question quoted (…評価できないのかい?って思います) is part of the sentence that reports it.
    if (BOUNDARY.test(t.surface) && !(QUESTION_MARK.test(t.surface) && isQuote(tokens[i + 1]))) close(QUESTION_MARK.test(t.surface));
    else if (!BOUNDARY.test(t.surface)) current.push(i);
  });
  close(false);
  return sentences;
}

/** Whether token i says what one means to do: a wish (導入したい, not 行きたくない), or a verb's volitional form (しよう, not だろう). */
function meansTo(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (t === undefined) return false;
  // 〜してほしい: what the writer wants done.
  if (WANT_WORDS.has(t.base)) return tokens[i - 1]?.surface === "て" && !NEGATIONS.has(tokens[i + 1]?.base ?? "");
  if (t.pos !== "助動詞") return false;
  if (t.base === "たい") return !NEGATIONS.has(tokens[i + 1]?.base ?? "");
  return VOLITIONAL.has(t.base) && tokens[i - 1]?.pos === "動詞";
}

/** Whether the writer says what they mean to do or want done: 導入したい, 負担してほしい, 〜しようと思う/考える. */
function intendsIn(tokens: readonly Token[]): boolean {
  // A volitional form says so only as a thought (しようと思う); alone it may invite (しよう).
  return tokens.some((t, i) => meansTo(tokens, i) && (!VOLITIONAL.has(t.base) || (isQuote(tokens[i + 1]) && THINKING.has(tokens[i + 2]?.base ?? ""))));
}

/** Whether a worry is what a thought reports (…不安だと感じる): a request for help, as the worry itself is. */
function reportsWorry(tokens: readonly Token[], quoteAt: number): boolean {
  return [1, 2].some((k) => WORRIES.has(tokens[quoteAt - k]?.base ?? ""));
}

/** The tokens after the last clause link of a sentence that is followed by more content (its final clause). */
function finalClause(tokens: readonly Token[], sentence: Sentence): number[] {
  const { indices } = sentence;
  let from = 0;
  indices.forEach((index, k) => {
    const t = tokens[index] as Token;
    const links = (t.pos === "助詞" && t.pos1 === "接続助詞" && CLAUSE_LINKS.has(t.surface)) || (t.pos === "記号" && t.pos1 === "読点");
    if (links && indices.slice(k + 1).some((j) => isContent(tokens[j] as Token))) from = k + 1;
  });
  return indices.slice(from);
}

/**
 * Which words of a message set the scene and which say what is asked. `settingAt(i)`: whether token i is
 * one of the catalog's setting words; `generic(i)`: whether it only says how or where to ask (相談, 電話) or
 * names the domain itself (the catalog's anchors).
 */
export function readFocus(tokens: readonly Token[], settingAt: (index: number) => boolean = () => false, generic: (index: number) => boolean = () => false): TokenFocus {
  const scene = new Set<number>();
  const asked = new Set<number>();
  const sentences = sentencesOf(tokens);
  const feelings = new Set(tokens.flatMap((t, i) => (isFeeling(t) ? [i] : [])));
  const lastSaid = [...sentences].reverse().find((s) => s.indices.some((i) => isContent(tokens[i] as Token) || feelings.has(i)));
  const feeling = lastSaid !== undefined && lastSaid.indices.filter((i) => isContent(tokens[i] as Token) || feelings.has(i)).slice(-FEELING_REACH).some((i) => feelings.has(i));
  // A question with a subject of its own, not only how to ask (どこに電話すればいい？ asks about what came before).
  // (An evaluation alone, おかしくないですか, asks about what came before: it has no subject of its own.)
  const asking = sentences.filter((s) => s.asks && s.indices.some((i) => isContent(tokens[i] as Token) && !generic(i) && (tokens[i] as Token).pos !== "形容詞"));
  // Only when a sentence asks something of its own do the statements around it set the scene.
  if (asking.length > 0) {
    for (const s of sentences) {
      if (asking.includes(s) || s.identity) continue;
      const topics = new Set(s.indices.flatMap((i) => (TOPIC_MARKS.some((m) => startsWith(tokens, i, m)) ? nounsBefore(tokens, i) : [])));
      for (const i of s.indices) if (!topics.has(i)) scene.add(i);
    }
  }
  tokens.forEach((t, i) => {
    if (CIRCUMSTANCE_AFTER.some((m) => startsWith(tokens, i, m)) || (t.pos1 === "接尾" && CIRCUMSTANCE_SUFFIXES.has(t.surface))) {
      const run = nounsBefore(tokens, t.pos1 === "接尾" ? i + 1 : i);
      for (const j of run) scene.add(j);
    }
    if (settingAt(i)) scene.add(i);
  });
  const ask = asking.at(-1) ?? [...sentences].reverse().find((s) => s.contentful);
  if (ask) for (const i of finalClause(tokens, ask)) if (!scene.has(i) && isContent(tokens[i] as Token)) asked.add(i);
  const problem = tokens.some((t, i) => PROBLEM_WORDS.has(t.base) || (KNOWING.has(t.base) && NEGATIONS.has(tokens[i + 1]?.base ?? "") ) || (KNOWING.has(t.base) && tokens[i + 1]?.base === "ます" && NEGATIONS.has(tokens[i + 2]?.base ?? "")));
  const lastSentence = [...sentences].reverse().find((s) => s.indices.some((i) => (tokens[i] as Token).pos !== "記号" && !isLaughter(tokens[i] as Token)));
  // Any sentence may end in the mood (在宅でストレスです。外出も禁じられているんです。).
  const moods = new Set(sentences.flatMap((s) => endsInMood(tokens, s.indices)));
  // Laughter alone after the last sentence (楽しい。ｗ) ends it all the same.
  const laughsAfter = sentences.at(-1) !== lastSentence && sentences.at(-1)?.reacts === true;
  const reaction = laughsAfter || (lastSentence?.reacts ?? false);
  return { scene, asked, asks: sentences.some((s) => s.asks), declares: lastSentence?.declares ?? false, problem, feeling, feelings, reaction, story: lastSentence?.tells ?? false, moods, intends: intendsIn(tokens) };
}
