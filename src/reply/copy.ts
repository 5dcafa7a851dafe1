import type { AnswerKey, Catalog, FactKind, Resource, YearEnd } from "../catalog/schema.ts";
import { japaneseWeekdays } from "../hours/calendar.ts";
import type { ClosedFor, LineOpening, OpeningWords, Unsaid } from "../hours/opening.ts";
import { formatIsoDate } from "./format.ts";

// Everything the bot says in prose lives here, so wording can be reviewed in one place. The catalog's
// `voice` says it in its own words; what it leaves out falls back to the neutral defaults below, which
// never name a domain: the same engine serves any catalog.
// Status words (受付中 etc.) never appear in these texts: only cards show a line's status.

const defaults = {
  welcome: "友だち追加ありがとうございます。{name}です。\n{asOf}時点の{scope}をご案内します。知りたいことを入力するか、下のボタンからお選びください。",
  welcomeBack: "またご利用いただき、ありがとうございます。{name}です。\n{asOf}時点の{scope}をご案内します。知りたいことを入力するか、下のボタンからお選びください。",
  join: "{name}です。グループに招待していただき、ありがとうございます。\n{scope}をご案内します（{asOf}時点の情報）。\nご質問は「@{name}」のようにメンションを付けて送ってください。",
  hello: "こんにちは、{name}です。\n{asOf}時点の{scope}をご案内します。知りたいことを入力するか、下のボタンからお選びください。",
  thanks: "どういたしまして。ほかにも気になることがあれば、いつでもお尋ねください。",
  helpLead: "使い方をご案内します。\n知りたいことを、ふだんの言葉で入力してください。",
  notFound: "すみません、お尋ねの内容に合う情報が見つかりませんでした。\nこのボットでは、{asOf}時点の{scope}をご案内しています。",
  outOfScope: "申し訳ありません。そのご質問には、このボットではお答えできません。\nこのボットでは、{asOf}時点の{scope}をご案内しています。",
  referral: "お尋ねの内容に直接お答えする資料は見つかりませんでした。ご相談は{referralName}で受け付けています。",
  resolved: "お知らせいただき、ありがとうございます。ほかにも気になることがあれば、いつでもお尋ねください。",
  unresolved: "お役に立てず、申し訳ありません。{referralName}に直接ご相談いただけます。今の受付状況は次のとおりです。",
  chatter: "お聞かせいただき、ありがとうございます。このボットでは、{asOf}時点の{scope}をご案内しています。知りたいことがあれば、入力するか下のボタンからお選びください。",
  clarify: "どちらについてですか？近いものを並べました。下のボタンからもお選びいただけます。",
  asOfNotice: "{asOf}時点の情報です。",
  sourceLine: "出典：{source}",
  staleStatus: "{asOfMonth}時点の受付時間では{status}",
  hoursNotPublished: "受付時間は公表されていません",
  sourceSilent: "{subject}は出典に記載がありません",
  programmeDeadline: "{programme}の申請期限は{date}です。",
  programmeOpens: "{programme}の申請受付は{date}からです。",
  programmeEnded: "{programme}の申請受付は{date}に終了しています（出典：{source}）。",
  programmeEndedUndated: "{programme}の申請受付は終了しています（出典：{source}）。",
  programmeUnknown: "{programme}は{asOfYear}時点の情報です。現在も募集しているかは公式サイトでご確認ください。",
  programmesEnded: "このうち{count}件は、申請受付を終了しています。",
  programmesAllEnded: "いずれも申請受付を終了しています。",
  askedTimeLater: "ご案内している情報は{asOf}時点のもので、{time}の内容はわかりません。最新の情報は公式サイトでご確認ください。",
  askedTimeCovered: "ご案内している情報は{asOf}時点のものです。それより後の変更は反映されていません。",
  askedTimeEarlier: "ご案内している情報は{asOf}時点のもので、{time}当時の内容とは異なる場合があります。",
} as const;

/**
 * The sentences that answer before the cards (voice.answers). Status words (受付中 etc.) stay out of them
 * too: a sentence says 「いま受け付けています」, the card shows the badge.
 */
const answerDefaults: Record<AnswerKey, string> = {
  category: "「{category}」は{count}件です。{lead}",
  resource: "{resource}は、{summary}",
  topic: "{topics}については、{resource}で扱われています。{summary}",
  related: "あわせて、関連するものを{count}件ご案内します。",
  guides: "あわせて、参考になる資料として{guides}をご案内します。",
  openNow: "いま受け付けているのは、{lines}です。",
  askedNumber: "{resource}の{number}は、{status}。",
  noneOpen: "いま受け付けている窓口はありません。",
  opensAt: "{resource}は{when}から受け付けます。",
  opensNext: "{when}から受け付けます。",
  closedFor: "{reason}のため、{resource}は{when}からの受付です。",
  lineStatus: "{resource}の{status}。",
  staleHours: "受付時間は{asOfMonth}時点の情報によります。",
  hours: "{resource}の受付時間は{hours}です。",
  phone: "{resource}の電話番号は{number}です。",
  openUntil: "いま受け付けています（{until}）。",
  noPhone: "{resource}の電話番号は、出典（{source}、{date}）には載っていません。",
  email: "{resource}はメールでも受け付けています（{address}）。",
  noEmail: "{resource}のメールアドレスは、出典（{source}、{date}）には載っていません。",
  web: "{resource}のページは、{links}です。",
  stated: "{resource}：{fact}（出典：{source}、{date}）。",
  missing: "{aspect}は、{resource}の出典（{source}、{date}）には載っていません。",
  askLine: "{line}でご確認いただけます。",
  askPage: "{page}（{url}）でご確認いただけます。",
  target: "{resource}の対象は、{target}です。",
  organization: "{resource}は{organization}によるものです。",
  inquiry: "{resource}の{role}は、{line}です。",
  source: "{resource}（{organization}）の情報は、「{source}」（{date}）によるものです。",
  more: "{resource}について、カードに載せていない情報をまとめました。",
  nothingMore: "{resource}について出典に載っている情報は、カードの内容ですべてです。",
  regionFallback: "{region}向けのものは、この案内には載っていません。全国向けのものをご案内します。",
  regionFirst: "{region}向けのものを先にご案内します。",
};

/** The details a sentence names: the facts a source may state, and the application period. */
export type FactAspect = FactKind | "period";

/** What each detail is called in a sentence, when the catalog does not name it. */
const aspectDefaults: Record<FactAspect, string> = {
  cost: "利用の費用",
  amount: "金額",
  eligibility: "対象",
  application: "申し込みの方法",
  operator: "運営",
  period: "受付期間",
};

/** One answer sentence in the catalog's words, `values` filling its own placeholders ({resource}, {count}…). */
export function answerText(catalog: Catalog, key: AnswerKey, values: Record<string, string> = {}): string {
  return fill(catalog.voice.answers?.[key] ?? answerDefaults[key], catalog, values);
}

export function aspectName(catalog: Catalog, aspect: FactAspect): string {
  return catalog.voice.answers?.aspects?.[aspect] ?? aspectDefaults[aspect];
}

/** A line's status inside a sentence's parentheses (「…、いま受け付けています）」). */
export const openNowPhrase = "いま受け付けています";

/** 「A、B、Cほか5件」: a list cut short, with how many more there are. */
export function andOthers(list: string, more: number): string {
  return `${list}ほか${more}件`;
}

export function nextOpeningPhrase(when: string): string {
  return `次は${when}から`;
}

// The headings of the 「もっと詳しく」 card (お問い合わせ先 on every card).
export const topicsTitle = "扱っている内容";
export const topicSourceLabel = "この内容の出典";
export const pagesTitle = "ページ";
export const inquiriesTitle = "お問い合わせ先";
export const sourcesTitle = "出典";
export const sourcePageLabel = "出典のページ";

export function sourceNote(source: string): string {
  return `出典：${source}`;
}

/** The bot's name: the catalog's voice.name, else its title. */
export function botName(catalog: Catalog): string {
  return catalog.voice.name ?? catalog.title;
}

/** "2020-03-12" → "2020年3月" */
function monthOf(isoDate: string): string {
  const [year, month] = isoDate.split("-").map(Number);
  return `${year}年${month}月`;
}

// The catalog-wide placeholders, made once per catalog: a reply fills a dozen texts.
const catalogValues = new WeakMap<Catalog, Record<string, string>>();

function valuesOf(catalog: Catalog): Record<string, string> {
  let values = catalogValues.get(catalog);
  if (!values) {
    const categories = catalog.categories.map((c) => c.name).join("、");
    const referred = catalog.resources.find((r) => r.id === catalog.voice.referral?.resource);
    values = {
      name: botName(catalog),
      asOf: formatIsoDate(catalog.asOf),
      asOfMonth: monthOf(catalog.asOf),
      asOfYear: `${catalog.asOf.slice(0, 4)}年`,
      categories,
      source: catalog.source.title,
      referralName: referred?.name ?? "",
    };
    catalogValues.set(catalog, values);
  }
  return values;
}

/** Fills {name}, {asOf}… in a voice text; `extra` adds or overrides keys for one sentence ({source}, {status}). */
// A reply fills a dozen texts, nearly all the same from reply to reply: each result is made once per catalog,
// found by the template (the catalog's own string, whose hash is kept) and then by the values it adds.
const filled = new WeakMap<Catalog, Map<string, Map<string, string>>>();
const FILLED_CAPACITY = 10_000;
const noExtra: Record<string, string> = {};

function fill(text: string, catalog: Catalog, extra: Record<string, string> = noExtra): string {
  let byTemplate = filled.get(catalog);
  if (!byTemplate) filled.set(catalog, (byTemplate = new Map()));
  let results = byTemplate.get(text);
  if (!results) {
    if (byTemplate.size >= FILLED_CAPACITY) byTemplate.clear();
    byTemplate.set(text, (results = new Map()));
  }
  const key = extra === noExtra ? "" : JSON.stringify(extra);
  let result = results.get(key);
  if (result === undefined) {
    if (results.size >= FILLED_CAPACITY) results.clear();
    results.set(key, (result = fillOnce(text, catalog, extra)));
  }
  return result;
}

function fillOnce(text: string, catalog: Catalog, extra: Record<string, string>): string {
  const base = { ...valuesOf(catalog), ...extra };
  // The scope may itself use the other placeholders (e.g. "{categories}の情報"), the sentence's own included.
  const values = { ...base, scope: substitute(catalog.voice.scope ?? `「${base.categories}」の情報`, base) };
  return substitute(text, values);
}

function substitute(text: string, values: Record<string, string>): string {
  return text.replace(/\{([^{}]*)\}/g, (whole, key: string) => values[key] ?? whole);
}

/** returning: the user unblocked the bot rather than adding it for the first time. */
export function welcomeText(catalog: Catalog, returning: boolean): string {
  const { voice } = catalog;
  return fill(returning ? (voice.welcomeBack ?? defaults.welcomeBack) : (voice.welcome ?? defaults.welcome), catalog);
}

export function joinText(catalog: Catalog): string {
  return fill(catalog.voice.join ?? defaults.join, catalog);
}

export function helloText(catalog: Catalog): string {
  return fill(catalog.voice.hello ?? defaults.hello, catalog);
}

export function thanksText(catalog: Catalog): string {
  return fill(catalog.voice.thanks ?? defaults.thanks, catalog);
}

/** Without examples in the catalog, the categories make them: they are what the bot knows. */
function helpExamples(catalog: Catalog): string[] {
  const examples = catalog.voice.help?.examples ?? catalog.categories.slice(0, 3).map((c) => `${c.name}について教えて`);
  return examples.map((e) => fill(e, catalog));
}

export function helpText(catalog: Catalog): string {
  const examples = helpExamples(catalog);
  const lead = fill(catalog.voice.help?.lead ?? defaults.helpLead, catalog);
  return [`${lead}${examples.length > 0 ? "たとえば、" : ""}`, ...examples.map((e) => `・${e}`), "下のボタンから分野を選ぶこともできます。"].join("\n");
}

export function emptyQuestionText(catalog: Catalog): string {
  const [example] = helpExamples(catalog);
  return example ? `ご質問を入力してください。たとえば「${example}」のように送っていただければ、ご案内します。` : "ご質問を入力してください。";
}

export function outOfScopeText(catalog: Catalog): string {
  return fill(catalog.voice.outOfScope ?? defaults.outOfScope, catalog);
}

export function notFoundText(catalog: Catalog, hasSuggestions: boolean): string {
  const next = hasSuggestions ? "近いと思われるものを下に挙げました。言葉を変えてお尋ねいただくこともできます。" : "言葉を変えてお尋ねいただくか、下のボタンからお選びください。";
  return [fill(catalog.voice.notFound ?? defaults.notFound, catalog), next].join("\n");
}

/** A question in the bot's domain that no resource answers specifically, referred to `resource`. */
export function referralText(catalog: Catalog, resource: Resource): string {
  return fill(catalog.voice.referral?.text ?? defaults.referral, catalog, { referralName: resource.name });
}

/** The reply to 「解決した」. */
export function resolvedText(catalog: Catalog): string {
  return fill(catalog.voice.resolved ?? defaults.resolved, catalog);
}

/** The reply to 「解決しない」: with the place for general questions when the catalog names one, else where to go on. */
export function unresolvedText(catalog: Catalog, referral: Resource | undefined): string {
  if (!referral) return "お役に立てず、申し訳ありません。言葉を変えてお尋ねいただくか、下のボタンからお選びください。";
  return fill(catalog.voice.unresolved ?? defaults.unresolved, catalog, { referralName: referral.name });
}

/** A remark or complaint rather than a request: a short, kind reply (the menu follows). */
export function chatterText(catalog: Catalog): string {
  return fill(catalog.voice.chatter ?? defaults.chatter, catalog);
}

/** After the reply to a remark, the resource it is about, offered as a choice (its button follows, not its card). */
export function chatterRelatedText(resource: Resource): string {
  return `関連する情報として「${resource.name}」もご案内できます。下のボタンからご覧ください。`;
}

/** Asks which of a few close resources is meant (their cards and quick replies follow). */
export function clarifyText(catalog: Catalog): string {
  return fill(catalog.voice.clarify ?? defaults.clarify, catalog);
}

const nonTextOpeners: Record<string, string> = {
  sticker: "スタンプありがとうございます。",
  image: "画像を受け取りました。",
  video: "動画を受け取りました。",
  audio: "音声メッセージを受け取りました。",
  file: "ファイルを受け取りました。",
  location: "位置情報を受け取りました。",
};

export function nonTextReply(messageType: string): string {
  const opener = nonTextOpeners[messageType] ?? "メッセージを受け取りました。";
  return `${opener}このボットは、文字で入力されたご質問にお答えしています。知りたいことを入力するか、下のボタンからお選びください。`;
}

export const noLinesWithHoursText = "受付時間が公表されている電話窓口は、いまのところありません。";

/** On every card: the date the facts are from. */
export function asOfNotice(catalog: Catalog): string {
  return fill(catalog.voice.asOfNotice ?? defaults.asOfNotice, catalog);
}

/** On a resource card, {source} is that resource's own source. */
export function sourceLine(catalog: Catalog, resource: Resource): string {
  const { title } = resource.source;
  return fill(catalog.voice.sourceLine ?? defaults.sourceLine, catalog, { source: resource.sources.length > 0 ? andOthers(title, resource.sources.length) : title });
}

export function momentNotice(moment: string): string {
  return `${moment}現在の受付状況です。`;
}

/** A status qualified by the date of the hours it follows (the line's own, else the catalog's): 「2020年3月時点の受付時間では受付中」. */
export function staleStatus(catalog: Catalog, statusLabel: string, hoursAsOf: string = catalog.asOf): string {
  return fill(catalog.voice.staleStatus ?? defaults.staleStatus, catalog, { status: statusLabel, asOf: formatIsoDate(hoursAsOf), asOfMonth: monthOf(hoursAsOf) });
}

/**
 * The words next to a line's badge. Fresh: 「本日17:00まで」, 「本日は祝日（勤労感謝の日）のため受付時間外です。次の受付は…」.
 * With `staleFrom` (facts older than the review period; `hoursAsOf` the date of this line's hours, default the catalog's):
 * 「本日は祝日（勤労感謝の日）のため、2020年3月時点の受付時間では受付時間外（次の受付は…）」.
 */
export function lineStatusText(opening: LineOpening, staleFrom?: Catalog, hoursAsOf?: string): string {
  const because = opening.reason === undefined ? "" : `${opening.reason}のため`;
  if (staleFrom === undefined) return because ? `${because}${opening.label}です。${opening.detail}` : opening.detail;
  return `${because ? `${because}、` : ""}${staleStatus(staleFrom, opening.label, hoursAsOf)}（${opening.detail}）`;
}

/**
 * The published hours after 「受付時間 」. A text that already opens with that word (「受付時間 9:00～17:00」,
 * 「電話受付時間：平日…」) is shown as it is, so the word is not read twice.
 */
export function hoursText(published: string): string {
  const firstDigit = published.search(/\d/);
  const opening = firstDigit < 0 ? published : published.slice(0, firstDigit);
  return opening.includes("受付時間") ? published : `受付時間 ${published}`;
}

function monthDayWords(monthDay: string): string {
  const [month, day] = monthDay.split("-").map(Number);
  return `${month}月${day}日`;
}

/** What the source leaves unsaid, as the subject of 「…は出典に記載がありません」: about today, and beside a later opening. */
const unsaidToday: Record<Exclude<Unsaid, "times" | "days">, string> = {
  yearEnd: "年末年始の受付時間",
  yearEndDates: "本日が年末年始の休みに当たるか",
  otherDays: "本日の受付時間",
};
const unsaidAhead: Record<Unsaid, string> = {
  yearEnd: "年末年始の受付時間",
  yearEndDates: "年末年始の休みの日付",
  days: "受付曜日",
  times: "受付時間",
  otherDays: "それまでの日の受付時間",
};

/** 「{subject}は出典に記載がありません」 in the catalog's voice (the neutral default without a catalog). */
function sourceSilent(catalog: Catalog | undefined, subject: string): string {
  const template = catalog?.voice.sourceSilent ?? defaults.sourceSilent;
  return catalog ? fill(template, catalog, { subject }) : substitute(template, { subject });
}

/** The year-end rule in words, when the source states one. */
export function yearEndText(yearEnd: YearEnd | undefined, catalog?: Catalog): string | undefined {
  if (yearEnd === undefined) return undefined;
  if (yearEnd === "open") return "年末年始も同じ受付時間です";
  if (yearEnd === "closed") return `年末年始はお休みです（${sourceSilent(catalog, "休みの日付")}）`;
  return `年末年始（${monthDayWords(yearEnd.closed.from)}～${monthDayWords(yearEnd.closed.to)}）はお休みです`;
}

function closedReason(closedFor: ClosedFor): string {
  if (closedFor.kind === "holiday") return `本日は祝日（${closedFor.name}）`;
  if (closedFor.kind === "yearEnd") return "年末年始";
  return `本日は${japaneseWeekdays[closedFor.weekday - 1]}曜日`;
}

function buildOpeningWords(catalog: Catalog | undefined): OpeningWords {
  const silent = (subject: string) => sourceSilent(catalog, subject);
  return {
    openUntil: (moment) => `${moment}まで`,
    roundTheClock: "24時間受付",
    opensLaterToday: (moment) => `${moment}から`,
    opensNext: (moment) => `次の受付は${moment}から`,
    opensAfterUnsaid: (moment, unsaid) => `${moment}から受付（${silent(unsaidAhead[unsaid])}）`,
    opensOnDay: (day) => `次の受付は${day}（${silent(unsaidAhead.times)}）`,
    startsOn: (day) => `${day}から受付開始`,
    endedOn: (day) => `${day}で受付を終了しました`,
    noMoreOpenings: (day) => `今後の受付はありません（${day}で終了）`,
    noReopening: "再開の予定は公表されていません",
    notPublished: catalog ? fill(catalog.voice.hoursNotPublished ?? defaults.hoursNotPublished, catalog) : defaults.hoursNotPublished,
    unsaidToday: (unsaid, times) => {
      if (unsaid === "times") return `本日は受付日ですが、${silent(unsaidAhead.times)}`;
      if (unsaid === "days") return `${silent(unsaidAhead.days)}（受付時間は${times}）`;
      return silent(unsaidToday[unsaid]);
    },
    daysUnsaidFrom: (day) => silent(`${day}以降の受付曜日`),
    reason: closedReason,
  };
}

/** How statuses are told when no catalog is at hand: the neutral defaults. */
export const neutralOpeningWords: OpeningWords = buildOpeningWords(undefined);

// One set per catalog: built once, read on every status.
const catalogWords = new WeakMap<Catalog, OpeningWords>();

/** How statuses are told in a catalog's voice (its hoursNotPublished and sourceSilent). */
export function openingWords(catalog: Catalog): OpeningWords {
  let words = catalogWords.get(catalog);
  if (!words) {
    words = buildOpeningWords(catalog);
    catalogWords.set(catalog, words);
  }
  return words;
}

/** A programme already named, or on its own card: 「この制度の申請期限は…」, 「この制度は、…」. */
export const thisProgramme = "この制度";

/** A programme's lifetime on the day of asking ({programme}: its name, or thisProgramme once it is known which). */
export function programmeDeadlineText(catalog: Catalog, programme: string, until: string): string {
  return fill(catalog.voice.programmeDeadline ?? defaults.programmeDeadline, catalog, { programme, date: formatIsoDate(until) });
}

export function programmeOpensText(catalog: Catalog, programme: string, from: string): string {
  return fill(catalog.voice.programmeOpens ?? defaults.programmeOpens, catalog, { programme, date: formatIsoDate(from) });
}

/** {source} is the title of the source that states the end. */
export function programmeEndedText(catalog: Catalog, programme: string, on: string | undefined, source: string): string {
  if (on === undefined) return fill(catalog.voice.programmeEndedUndated ?? defaults.programmeEndedUndated, catalog, { programme, source });
  return fill(catalog.voice.programmeEnded ?? defaults.programmeEnded, catalog, { programme, date: formatIsoDate(on), source });
}

export function programmeUnknownText(catalog: Catalog, programme: string): string {
  return fill(catalog.voice.programmeUnknown ?? defaults.programmeUnknown, catalog, { programme });
}

/** How many of the programmes listed have ended. */
export function programmesEndedText(catalog: Catalog, count: number, total: number): string {
  if (count === total) return fill(catalog.voice.programmesAllEnded ?? defaults.programmesAllEnded, catalog, { total: String(total) });
  return fill(catalog.voice.programmesEnded ?? defaults.programmesEnded, catalog, { count: String(count), total: String(total) });
}

/** What data of the catalog's date can say for a time a question names ({time}: 令和6年度（2024年度）, 現在). */
export function askedTimeText(catalog: Catalog, coverage: "later" | "covered" | "earlier", time: string): string {
  const { voice } = catalog;
  if (coverage === "later") return fill(voice.askedTimeLater ?? defaults.askedTimeLater, catalog, { time });
  if (coverage === "earlier") return fill(voice.askedTimeEarlier ?? defaults.askedTimeEarlier, catalog, { time });
  return fill(voice.askedTimeCovered ?? defaults.askedTimeCovered, catalog);
}

/** The time a question named, in words: 令和6年度（2024年度）, 2024年, 今年度（2026年度）; 現在 for 最新 and 今も. */
export function askedTimeWords(written: string | undefined, year: number | undefined, fiscal: boolean): string {
  if (year === undefined) return "現在";
  const plain = `${year}年${fiscal ? "度" : ""}`;
  return written === undefined || /^\d/.test(written) ? plain : `${written}（${plain}）`;
}
