import type { Catalog, Contact, Resource, YearEnd } from "../catalog/schema.ts";
import type { LineOpening } from "../hours/opening.ts";
import { formatIsoDate } from "./format.ts";

// Everything the bot says in prose lives here, so wording can be reviewed in one place.
// Status words (受付中 etc.) never appear in these texts: only cards show a line's status.

const asOf = (catalog: Catalog) => formatIsoDate(catalog.asOf);

function scope(catalog: Catalog): string {
  const names = catalog.categories.map((c) => c.name).join("、");
  return `このボットでは、${asOf(catalog)}に公表されたテレワーク関連の支援情報（${names}）をご案内しています。`;
}

/** returning: the user unblocked the bot rather than adding it for the first time. */
export function welcomeText(catalog: Catalog, returning: boolean): string {
  return [
    `${returning ? "またご利用いただき、ありがとうございます" : "友だち追加ありがとうございます"}。${catalog.title}です。`,
    "これからテレワークを始める事業者の方に、相談窓口や助成金などの支援情報をご案内します。",
    `情報は${asOf(catalog)}時点のものです。知りたいことを入力するか、下のボタンからお選びください。`,
  ].join("\n");
}

export function joinText(catalog: Catalog): string {
  return [
    `${catalog.title}です。グループに招待していただき、ありがとうございます。`,
    `テレワークの相談窓口や助成金などをご案内します（${asOf(catalog)}時点の情報）。`,
    `ご質問は「@${catalog.title}」のようにメンションを付けて送ってください。`,
  ].join("\n");
}

export function helloText(catalog: Catalog): string {
  return [
    `こんにちは、${catalog.title}です。`,
    `テレワークの相談窓口や助成金など、${asOf(catalog)}時点の支援情報をご案内します。知りたいことを入力するか、下のボタンからお選びください。`,
  ].join("\n");
}

export const thanksText = "どういたしまして。ほかにも気になることがあれば、いつでもお尋ねください。";

export const helpText = [
  "使い方をご案内します。",
  "知りたいことを、ふだんの言葉で入力してください。たとえば、",
  "・テレワークの相談窓口を教えて",
  "・テレワークに使える助成金はある？",
  "・電話相談は今つながる？",
  "下のボタンから分野を選ぶこともできます。",
].join("\n");

export const emptyQuestionText =
  "ご質問を入力してください。たとえば「テレワークの相談窓口を教えて」のように送っていただければ、ご案内します。";

export function outOfScopeText(catalog: Catalog): string {
  return ["申し訳ありません。そのご質問には、このボットではお答えできません。", scope(catalog)].join("\n");
}

/** A question in the bot's domain that no resource answers specifically, referred to `resource`. */
export function referralText(catalog: Catalog, resource: Resource): string {
  const configured = catalog.voice?.referral?.text;
  if (configured) return configured.replaceAll("{referralName}", resource.name);
  return `お尋ねの内容に直接お答えする資料は見つかりませんでした。ご相談は${resource.name}で受け付けています。`;
}

export function notFoundText(catalog: Catalog, hasSuggestions: boolean): string {
  const next = hasSuggestions ? "近いと思われるものを下に挙げました。言葉を変えて尋ねることもできます。" : "言葉を変えて尋ねるか、下のボタンからお選びください。";
  return ["すみません、お尋ねの内容に合う情報が見つかりませんでした。", scope(catalog), next].join("\n");
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

export function categoryLead(name: string, count: number, lead: string): string {
  return `「${name}」のご案内です（${count}件）。${lead}`;
}

export const allLinesLead = "電話で相談できる窓口の、今の受付状況です。";

export const noLinesWithHoursText = "受付時間が公表されている電話窓口は、いまのところありません。";

/** On every card: the date the facts are from. */
export function asOfNotice(catalog: Catalog): string {
  return `${asOf(catalog)}時点の情報です。`;
}

export function sourceLine(sourceTitle: string): string {
  return `出典：${sourceTitle}`;
}

export function momentNotice(moment: string): string {
  return `${moment}現在の受付状況です。`;
}

/** "2020年3月": the month whose published hours a status follows once the facts are old. */
export function asOfMonth(catalog: Catalog): string {
  const [year, month] = catalog.asOf.split("-").map(Number);
  return `${year}年${month}月`;
}

/** A status qualified by the date of the hours it follows: 「2020年3月時点の受付時間では受付中」. */
export function staleStatus(month: string, statusLabel: string): string {
  return `${month}時点の受付時間では${statusLabel}`;
}

/**
 * The words next to a line's badge. Fresh: 「本日17:00まで」, 「本日は祝日（勤労感謝の日）のため受付時間外です。次の受付は…」.
 * With `staleMonth`: 「本日は祝日（勤労感謝の日）のため、2020年3月時点の受付時間では受付時間外（次の受付は…）」.
 */
export function lineStatusText(opening: LineOpening, staleMonth?: string): string {
  const because = opening.reason === undefined ? "" : `${opening.reason}のため`;
  if (staleMonth === undefined) return because ? `${because}${opening.label}です。${opening.detail}` : opening.detail;
  return `${because ? `${because}、` : ""}${staleStatus(staleMonth, opening.label)}（${opening.detail}）`;
}

export function hoursText(published: string): string {
  return `受付時間 ${published}`;
}

function monthDayWords(monthDay: string): string {
  const [month, day] = monthDay.split("-").map(Number);
  return `${month}月${day}日`;
}

/** The year-end rule in words, when the source states one. */
export function yearEndText(yearEnd: YearEnd | undefined): string | undefined {
  if (yearEnd === undefined) return undefined;
  if (yearEnd === "open") return "年末年始も同じ受付時間です";
  return `年末年始（${monthDayWords(yearEnd.closed.from)}～${monthDayWords(yearEnd.closed.to)}）は休み`;
}

export function emailsText(name: string, emails: Contact[]): string {
  return [`${name}のメールでのご連絡先です。`, ...emails.map((c) => `${c.label}：${c.value}`)].join("\n");
}

export function noEmailText(name: string): string {
  return `${name}のメールアドレスは公表されていません。ほかの連絡先とウェブサイトは下のカードをご覧ください。`;
}

export function pagesText(name: string, links: Resource["links"]): string {
  return [`${name}のウェブサイトです。`, ...links.map((l) => `${l.label}：${l.url}`)].join("\n");
}
