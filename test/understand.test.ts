import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../src/catalog/load.ts";
import type { Decision } from "../src/understand/decision.ts";
import { fold } from "../src/understand/normalize.ts";
import { createUnderstander } from "../src/understand/understand.ts";

const catalog = loadCatalog(path.resolve("data"));
const understand = createUnderstander(catalog);
const decide = (text: string): Decision => understand(text).decision;
const firstResource = (text: string) => {
  const d = decide(text);
  return d.kind === "resources" ? d.matches[0]?.resourceId : d.kind;
};

describe("normalisation", () => {
  it("folds widths, scripts and long vowels to one key", () => {
    expect(fold("ﾃﾚﾜｰｸ")).toBe(fold("テレワーク"));
    expect(fold("てれわーく")).toBe(fold("テレワーク"));
    expect(fold("ＩＴ導入補助金")).toBe(fold("it導入補助金"));
    expect(fold("こんばんは〜")).toBe("こんばんは");
  });
  it("treats の between two nouns as optional", () => {
    expect(fold("情報通信関連の企業")).toBe(fold("情報通信関連企業"));
    expect(fold("テレワークの機器")).toBe(fold("テレワーク機器"));
    expect(fold("ものづくり")).toBe("ものづくり");
  });
  it("keeps voiced marks apart (が is not か)", () => {
    expect(fold("が")).not.toBe(fold("か"));
    expect(fold("パ")).not.toBe(fold("ハ"));
  });
});

describe("resources", () => {
  it.each([
    ["IT導入補助金について教えて", "it-subsidy"],
    ["ＩＴ導入補助金", "it-subsidy"],
    ["IT同入補助金", "it-subsidy"],
    ["てれわーくまねーじゃーってなに？", "telework-manager"],
    ["ﾃﾚﾜｰｸ相談ｾﾝﾀｰのﾒｰﾙｱﾄﾞﾚｽおしえて", "tw-sodan"],
    ["じぎょうじょうがいきんむ がいどらいん", "mhlw-guideline"],
    ["telework security guideline", "security-guideline"],
    ["在宅勤務の社員の残業が増えて困っています", "mhlw-guideline"],
    ["モデル就業規則のひな形はどこ？", "mhlw-portal"],
    ["経理の業務を効率化するITツールに補助はある？", "it-subsidy"],
    ["社員が家で働くときの残業代ってどう管理すればいい", "mhlw-guideline"],
    ["tw-sodan.jp ってどこのサイト？", "tw-sodan"],
    ["000545372.pdf って何の資料？", "security-guideline"],
  ])("「%s」→ %s", (text, id) => {
    expect(firstResource(text)).toBe(id);
  });

  it("finds a resource by a phone number or an e-mail address the user pastes", () => {
    expect(firstResource("03-5213-4032ってどこの番号？")).toBe("telework-manager");
    expect(firstResource("０１２０－９７－０３９６")).toBe("tokyo-center");
    expect(firstResource("SUISHIN@japan-telework.or.jp")).toBe("tokyo-center");
  });

  it("sends subsidy consultations to the consultation centre, and Tokyo firms to the Tokyo centre first", () => {
    expect(firstResource("働き方改革推進支援助成金の申請はどこに出せばいい？")).toBe("tw-sodan");
    expect(firstResource("都内の会社です。働き方改革推進支援助成金の相談はどこでできますか")).toBe("tokyo-center");
    expect(firstResource("働き方改革推進支援助成金について教えて")).toBe("hatarakikata-subsidy");
  });

  it("answers with Tokyo-only help when it is the only match, even if the user's region is unknown", () => {
    expect(firstResource("テレワークを実際に試せる場所ってある？")).toBe("tokyo-center");
  });

  it("does not send a firm outside Tokyo to Tokyo-only help first", () => {
    // Without a nationwide match strong enough, the answer is the subsidy list, Tokyo-only help last.
    expect(decide("大阪の会社です。テレワーク用の機器やソフトの導入費用を助成してほしい")).toMatchObject({ kind: "category", categoryId: "subsidy", region: "other-prefecture" });
    expect(firstResource("大阪の会社です。テレワーク用の通信機器の導入経費を助成してほしい")).toBe("hatarakikata-subsidy");
    expect(understand("京都の会社です").explain.region).toBe("other-prefecture");
    expect(understand("東京都の会社です").explain.region).toBe("tokyo");
  });

  it("records why: the matched terms and scores of the top candidates", () => {
    const { explain } = understand("テレワークセキュリティガイドラインのPDFほしい");
    expect(explain.candidates[0]?.resourceId).toBe("security-guideline");
    expect(explain.candidates[0]?.matched).toContain("テレワークセキュリティガイドライン");
    expect(explain.normalized).toContain("てれわくせきゅりてぃがいどらいん");
  });
});

describe("categories", () => {
  it.each([
    ["助成金とか補助金の一覧みせて", "subsidy"],
    ["そうだんまどぐち いちらん", "consultation"],
    ["subsidy list pls", "subsidy"],
    ["ろうむかんり しゅうぎょうきそく", "labor"],
    ["セキュリティ系の情報まとめて見たい", "security"],
    ["民間の支援プログラムってどんなのがある？", "program"],
    ["相談したい", "consultation"],
    ["テレワーク始めたいけど何から手をつければいいかわからない", "consultation"],
  ])("「%s」→ %s", (text, id) => {
    const d = decide(text);
    expect(d.kind === "category" ? d.categoryId : d.kind).toBe(id);
  });

  it("remembers the user's region so Tokyo help can come first", () => {
    const d = decide("東京都のテレワーク助成金ってある？");
    expect(d).toMatchObject({ kind: "category", categoryId: "subsidy", region: "tokyo" });
  });
});

describe("open-now questions", () => {
  it("asks about a named line", () => {
    expect(decide("今テレワーク相談センターに電話つながる？")).toEqual({ kind: "openNow", resourceIds: ["tw-sodan"], contactIds: [] });
    expect(decide("せいじんのひだけど てれわーくそうだんせんたー やってる？")).toMatchObject({ kind: "openNow", resourceIds: ["tw-sodan"] });
  });
  it("asks about every line when none is named", () => {
    expect(decide("今って電話で相談できますか？")).toEqual({ kind: "openNow", resourceIds: [], contactIds: [] });
    expect(decide("Is the telework hotline open now?")).toEqual({ kind: "openNow", resourceIds: [], contactIds: [] });
  });
  it("narrows to the number the user typed", () => {
    expect(decide("03-5577-4724 って今もつながりますか？")).toEqual({ kind: "openNow", resourceIds: ["tw-sodan"], contactIds: ["alternate-1"], time: { kind: "current", written: "今も" } });
  });
  it("answers for the consultation lines of a subsidy, which has no phone of its own", () => {
    expect(decide("都内の中小企業です。働き方改革推進支援助成金の相談、今電話でできますか？")).toMatchObject({ kind: "openNow", resourceIds: ["tokyo-center", "tw-sodan"] });
  });
  it("does not take 今日 or います for 'now', nor やってる in another sense", () => {
    expect(decide("今日の東京の天気は？").kind).toBe("noMatch");
    expect(decide("テレワーク推進のセミナーとか体験会やってるとこ探してる")).toMatchObject({ kind: "resources" });
    expect(decide("0120-91-6479がつながらないときは他の番号ある？")).toMatchObject({ kind: "resources" });
  });
});

describe("greetings and refusals", () => {
  it.each([
    ["こんにちは", "hello"],
    ["ｺﾝﾆﾁﾊ", "hello"],
    ["ありがとう！助かりました", "thanks"],
    ["使い方を教えて", "help"],
  ])("「%s」→ %s", (text, variant) => {
    expect(decide(text)).toEqual({ kind: "greeting", variant });
  });

  it("refuses a named programme the release does not cover instead of answering another one", () => {
    expect(decide("雇用調整助成金の申請方法を知りたい")).toEqual({ kind: "noMatch", reason: "outOfScope", suggestions: [] });
  });
  it("refuses any programme name it does not know, while descriptions of a subsidy still count", () => {
    for (const text of ["ものづくり補助金の公募はいつ？", "キャリアアップ助成金の申請", "東京都の創業助成事業について"]) {
      expect(decide(text)).toMatchObject({ kind: "noMatch", reason: "outOfScope" });
    }
    for (const text of ["テレワーク導入で使える補助金とか助成金、ぜんぶ知りたい", "コロナ助成金の一覧"]) expect(decide(text)).toMatchObject({ kind: "category", categoryId: "subsidy" });
  });
  it("needs more than one generic word from another domain before answering", () => {
    for (const text of ["インボイス制度の登録ってどうやるの？", "東京都の今日の感染者数は？", "年末調整の書き方がわからない", "コロナの後遺症の相談先ってどこ？"]) {
      expect(decide(text).kind).toBe("noMatch");
    }
  });
  it("gives no resource for questions outside telework support", () => {
    for (const text of ["おすすめのラーメン屋教えて", "What's the yen exchange rate today?", "iPhoneの電池がすぐ切れるんだけど"]) {
      expect(decide(text).kind).toBe("noMatch");
    }
  });
  it("treats empty, whitespace and punctuation-only messages as empty", () => {
    for (const text of ["", "   ", "？！", "\u200b\u200f"]) expect(decide(text)).toMatchObject({ kind: "noMatch", reason: "empty" });
  });
  it("reads at most 5000 characters and never throws on odd input", () => {
    expect(() => decide("助成金".repeat(10_000))).not.toThrow();
    expect(() => decide("👨‍👩‍👧‍👦🇯🇵\u0000\u202e<script>alert(1)</script>' OR 1=1 --")).not.toThrow();
  });
});
