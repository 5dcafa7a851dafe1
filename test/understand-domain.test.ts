// Where the domain ends, round 2 of issue 23: a remark is told by its form even when it mentions the domain,
// and an everyday noun does not refuse a question about an area of the domain. The sentences are our own,
// written the way people post (not taken from a question set).
import path from "node:path";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../src/catalog/load.ts";
import { renderDecision, shownResources } from "../src/reply/render.ts";
import type { Decision } from "../src/understand/decision.ts";
import { createUnderstander } from "../src/understand/understand.ts";

const catalog = loadCatalog(path.resolve("data"));
const understand = createUnderstander(catalog);
const decide = (text: string): Decision => understand(text).decision;
const withoutChatter = createUnderstander(catalog, { without: ["chatter"] });
const kind = (decision: Decision) => (decision.kind === "noMatch" ? `noMatch:${decision.reason}` : decision.kind);
const firstShown = (decision: Decision): string | undefined =>
  decision.kind === "resources" || decision.kind === "clarify" ? decision.matches[0]?.resourceId : decision.kind === "category" ? `category:${decision.categoryId}` : undefined;

describe("a remark told by its form, even when it mentions the domain", () => {
  it.each([
    ["a thought reported", "在宅勤務でも仕事は回るのに、毎日出社するのは無意味だと感じる"],
    ["a question inside a thought reported", "出社しないと評価されないのかな?って思ってしまう"],
    ["a question word inside a thought reported", "なんでうちの会社はリモートを認めないんだろうって思う"],
    ["a mood the catalog never names", "通信費がじわじわ増えてきつい…"],
    ["a mood at the end of an earlier sentence", "在宅勤務が続いてストレスです。家から一歩も出ていないんです。"],
    ["laughter", "リモート会議で猫が映り込んでしまうんですよねｗ"],
    ["agreement sought", "テレワークの日は通勤がないから楽ですよね。"],
    ["a wish not to", "明日も出社しなきゃいけないけど、行きたくない"],
    ["a story in the past that nothing answers", "先月で在宅勤務が終わって、今週からまた毎日出社になった。"],
  ])("answers %s as a remark: 「%s」", (_, text) => {
    expect(decide(text).kind).toBe("chatter");
    expect(withoutChatter(text).decision.kind).not.toBe("chatter");
  });

  it.each([
    ["a worry (a request for help)", "部下がサボりそうで心配です"],
    ["what the writer means to do", "在宅勤務を導入したいけど、費用が不安です"],
    ["a question that asks for an opinion", "在宅勤務の費用は会社が負担すべきだと思いますか？"],
    ["a problem of the writer's", "在宅勤務の残業の扱いがわからなくて困っています"],
    ["what the writer wants done, said as a thought", "在宅勤務の費用を会社に負担してほしいと思う"],
    ["a worry said as a thought", "自宅のパソコンを仕事に使うのは不安だと感じています"],
  ])("does not take %s for a remark: 「%s」", (_, text) => {
    expect(decide(text).kind).not.toBe("chatter");
  });

  // vocabulary.employer: the writer speaks for a business about its people. The same sentences without those
  // words stay remarks (the person's own back, their own feeling about telework).
  it.each([
    ["what happens to the staff", "テレワークで腰が痛いと言う社員が増えた", "テレワークで腰が痛くなった"],
    ["a judgement about the firm", "テレワークは当社には向いていないと感じる", "テレワークは自分には向いていないと感じる"],
    ["the staff's mood", "テレワークにしたら社員の目が疲れるらしい", "テレワークにしたら目が疲れるらしい"],
  ])("answers an employer reporting %s: 「%s」 (not 「%s」)", (_, employer, personal) => {
    expect(decide(employer).kind).not.toBe("chatter");
    expect(decide(personal).kind).toBe("chatter");
  });

  it("still thanks a thank-you said in the past", () => {
    expect(decide("ご丁寧にありがとうございました")).toEqual({ kind: "greeting", variant: "thanks" });
  });

  it("reads a story as a request where a resource answers what it tells (a help-line catalog)", () => {
    const kurashi = createUnderstander(loadCatalog(path.resolve("examples/kurashi-soudan")));
    expect(firstShown(kurashi("知らない業者から架空請求のハガキが届いた").decision)).toBe("kokusen-ohiru");
  });

  it("does not read a mood the catalog itself names as a remark (つらい where a line takes it)", () => {
    const kurashi = createUnderstander(loadCatalog(path.resolve("examples/kurashi-soudan")));
    expect(kurashi("毎日が本当につらいです").decision.kind).not.toBe("chatter");
  });
});

describe("the reply to a remark", () => {
  const ctx = { catalog, now: DateTime.fromISO("2026-11-24T10:00:00", { zone: "Asia/Tokyo" }) };

  it("offers the resource the remark is about as a quick reply, never as a card", () => {
    const decision = decide("通信費がじわじわ増えてきつい…");
    expect(decision).toMatchObject({ kind: "chatter", related: expect.stringMatching(/^mhlw-/) });
    const related = decision.kind === "chatter" ? decision.related : undefined;
    const messages = renderDecision(decision, ctx);
    const chips = messages.at(-1)?.quickReply?.items ?? [];
    expect(chips.map((c) => JSON.stringify(c.action))).toEqual([expect.stringContaining(`id=${related}`)]);
    expect(JSON.stringify(messages)).toContain(catalog.resources.find((r) => r.id === related)?.name ?? "?");
    expect(shownResources(decision, ctx)).toEqual([]);
  });

  it("offers nothing when the remark is about nothing the catalog answers", () => {
    const decision = decide("リモート会議で猫が映り込んでしまうんですよねｗ");
    expect(decision).toEqual({ kind: "chatter" });
    expect(renderDecision(decision, ctx).at(-1)?.quickReply).toBeUndefined();
  });
});

describe("is it open now?", () => {
  it("does not read a statement with a time word as a question about the lines", () => {
    expect(decide("通勤がなくなったので朝はゆっくりできる。").kind).not.toBe("openNow");
    expect(decide("VPNの設定まで自分でやるのはもう無理ですよね。").kind).not.toBe("openNow");
  });

  it("still reads a question, or words that only ask how and when, as one", () => {
    expect(decide("朝早いけど今電話つながる？").kind).toBe("openNow");
    expect(decide("今日やってる").kind).toBe("openNow");
    expect(decide("日曜の昼だけど今つながる？").kind).toBe("openNow");
  });
});

describe("an everyday noun does not refuse a question about an area of the domain", () => {
  it("answers a question on leaks that also says 責任 or 注意点", () => {
    expect(firstShown(decide("情報漏えいが起きたら責任は誰にある？"))).toBe("security-guideline");
    expect(kind(decide("テレワークで情報漏洩を防ぐ注意点は？"))).not.toMatch(/^noMatch/);
  });

  it("still refuses another field's noun with only an object of the domain, or with words of how to ask", () => {
    expect(decide("パソコンの修理はどこに頼めばいい？")).toMatchObject({ kind: "noMatch", reason: "outOfScope" });
    expect(decide("相続の相談窓口を知りたい")).toMatchObject({ kind: "noMatch", reason: "outOfScope" });
  });

  it("does not take a topic found only through a related word (業種 → 職種) for an area", () => {
    expect(decide("歩合制で給料が決まる業種の事業主はどう扱われますか")).toMatchObject({ kind: "noMatch", reason: "outOfScope" });
  });

  it("reads a compound led by another field's noun as another thing (ホームセキュリティ is not セキュリティ)", () => {
    expect(decide("ホームセキュリティの見積もりを比べたい")).toMatchObject({ kind: "noMatch", reason: "outOfScope" });
    expect(firstShown(decide("テレワークのセキュリティの見積もりを比べたい"))).not.toBeUndefined();
  });

  it("does not take a word a kind of programme shares with every other for an area (開業の資金), only its name", () => {
    expect(decide("ラーメン屋の開業資金を知りたい").kind).toBe("noMatch");
    expect(firstShown(decide("見積もりより高いパソコンを買ってしまいました。助成金はどこまで出ますか？"))).toBe("category:subsidy");
  });
});

describe("a question made of everyday words", () => {
  it("refers a worry of the domain that names nothing the catalog lists, instead of saying nothing was found", () => {
    expect(decide("みんなサボるようになるんじゃない？")).toMatchObject({ kind: "referral" });
  });

  it("does not refer a question with a noun the catalog lacks, or one that says only when", () => {
    expect(decide("熱が38度あるけど出勤していいの？").kind).toBe("noMatch");
    expect(decide("大阪の今日の感染者数は？").kind).toBe("noMatch");
  });
});

describe("a topic outside the domain", () => {
  it("refuses a question about it", () => {
    expect(decide("在宅勤務中の残業代が未払いです")).toMatchObject({ kind: "noMatch", reason: "outOfScope" });
    expect(decide("在宅勤務の日に出社したときの交通費は会社が出すべき？")).toMatchObject({ kind: "noMatch", reason: "outOfScope" });
    expect(decide("在宅の社員も障害者雇用率に数えられますか")).toMatchObject({ kind: "noMatch", reason: "outOfScope" });
  });

  it("does not veto a question that names topics of the domain at greater length", () => {
    expect(["mhlw-guideline", "mhlw-portal"]).toContain(firstShown(decide("通勤費はなくなったのに、光熱費や通信費の補助はありません。これっておかしくないですか？")));
    expect(firstShown(decide("未払いが起きないように、在宅勤務にみなし労働時間制を入れる条件を知りたい"))).toBe("mhlw-guideline");
    expect(decide("在宅勤務の労災で会社を訴訟したい")).toMatchObject({ kind: "noMatch", reason: "outOfScope" });
  });

  // 通信費 is longer than 課税, but being taxed is what the question asks about it.
  it("refuses a question whose outside topic is what is done to the domain's topic", () => {
    expect(decide("在宅勤務の通信費は課税されますか")).toMatchObject({ kind: "noMatch", reason: "outOfScope" });
  });
});

describe("nouns that are not another subject", () => {
  it("does not refuse a question for a noun that says which side of the subject is asked (注意点)", () => {
    expect(decide("自宅のパソコンで作業するときの注意点は？").kind).not.toBe("noMatch");
  });

  it("does not refuse a verb the catalog uses, said as a noun (働き of 働く)", () => {
    expect(decide("部下の働きがよく見えない").kind).not.toBe("noMatch");
  });
});

describe("what is asked, over the condition and the setting", () => {
  it("puts first the term found with the predicate of what is asked, not one in the condition before it", () => {
    expect(firstShown(decide("家の無線LANが不安定な場合、シェアオフィスの費用は会社に払ってもらえる？"))).toBe("mhlw-guideline");
  });

  it("reads an evaluation asked of what came before (これっておかしくない？) as asking about it, not as a subject of its own", () => {
    expect(firstShown(decide("在宅勤務で光熱費がかさんでいます。これっておかしくないですか？"))).toMatch(/^mhlw-/);
  });

  it("reads a word inside a setting word as the setting's (ウイルス of 新型コロナウイルス is not malware)", () => {
    expect(firstShown(decide("新型コロナウイルスの流行で在宅勤務を始めました。社員の勤務の管理はどうすれば？"))).toBe("mhlw-guideline");
    expect(firstShown(decide("パソコンがウイルスに感染したらどうすれば？"))).toBe("security-guideline");
  });
});

describe("a programme only when funding is asked for, or it is named", () => {
  it("does not answer what something costs with the programmes that pay for it", () => {
    const decision = decide("テレワークの導入費用ってどれくらいかかるもの？");
    expect(firstShown(decision) ?? "").not.toMatch(/subsidy/);
  });

  it("still answers a request for funding of that cost with them", () => {
    expect(firstShown(decide("テレワークの導入費用を補助してもらえる？"))).toBe("category:subsidy");
    expect(firstShown(decide("テレワーク導入に使えるお金の支援はどんなのがある？"))).toBe("category:subsidy");
  });

  it("does not lead with a programme whose terms name one object asked about (テレワークの機器 and 機器の導入)", () => {
    expect(firstShown(decide("テレワーク用の機器の導入にあたって注意すべきことは？")) ?? "").not.toMatch(/subsidy/);
    expect(firstShown(decide("在宅勤務で使う通信機器の費用は会社と社員のどちらが持つ？")) ?? "").not.toMatch(/subsidy/);
  });

  it("leads with a programme named by its words, in pieces, and asks whether it still runs, not whether a line is open", () => {
    expect(firstShown(decide("ITツールの導入補助金について"))).toBe("it-subsidy");
    expect(firstShown(decide("経産省がやってるIT導入向けの補助金って今もある？"))).toBe("it-subsidy");
  });
});

describe("a list asked for", () => {
  it("starts with the member the question points at, well ahead of the others", () => {
    const decision = decide("民間のテレワーク支援をまとめて調べられるサイトってある？");
    expect(decision).toMatchObject({ kind: "category", pointedAt: ["civic-navi"] });
  });
});

describe("the catalog's topics say what, not who reads", () => {
  it("answers how to manage staff's working with the labour guideline, not the security one", () => {
    expect(firstShown(decide("在宅勤務の社員の勤務の管理はどうすれば？"))).toBe("mhlw-guideline");
  });
});
