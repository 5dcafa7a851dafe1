// Understanding people (issue 23): the subject over the setting, related words, programmes only when asked for,
// a shared noun counted for what is asked about it, and where the domain ends (remarks, referrals, which one?).
// The questions are our own, of the kinds the issue names.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../src/catalog/load.ts";
import type { Catalog } from "../src/catalog/schema.ts";
import { createAnalyzer } from "../src/understand/analyzer.ts";
import type { Decision } from "../src/understand/decision.ts";
import { readFocus } from "../src/understand/focus.ts";
import { loadRelatedWords } from "../src/understand/related-words.ts";
import { type PartName, createUnderstander } from "../src/understand/understand.ts";

const catalog = loadCatalog(path.resolve("data"));
const understand = createUnderstander(catalog);
const without = (...parts: PartName[]) => createUnderstander(catalog, { without: parts });
const first = (decision: Decision): string => {
  if (decision.kind === "resources" || decision.kind === "clarify") return decision.matches[0]?.resourceId ?? "";
  if (decision.kind === "category") return `category:${decision.categoryId}`;
  if (decision.kind === "noMatch") return `noMatch:${decision.reason}`;
  return decision.kind;
};

describe("the subject over the setting", () => {
  const analyzer = createAnalyzer();
  // As the reader does it: how-to-ask words (電話, 相談) give a sentence no subject of its own.
  const howToAsk = new Set(["電話", "相談"]);
  const roles = (text: string) => {
    const tokens = analyzer.tokenize(text);
    const focus = readFocus(tokens, () => false, (i) => howToAsk.has(tokens[i]?.base ?? ""));
    return {
      scene: [...focus.scene].map((i) => tokens[i]?.surface).join(""),
      asked: [...focus.asked].map((i) => tokens[i]?.surface).join(""),
    };
  };

  it("reads the statement before a question, and circumstance phrases, as the scene; the final clause as what is asked", () => {
    expect(roles("新型コロナ対策で在宅勤務を始めます。みなし労働時間制は使えますか")).toEqual({ scene: "新型コロナ対策で在宅勤務を始めます", asked: "みなし労働時間使え" });
    expect(roles("感染拡大防止のため在宅勤務を導入した場合、自宅のネット代は誰が払うの？").scene).toBe("感染拡大防止");
    expect(roles("在宅勤務中の通信費は誰が払う？").scene).toBe("在宅勤務中");
  });

  it("keeps who asks (東京都内の企業です) and what a statement is about (…について) out of the scene", () => {
    expect(roles("東京都内の企業です。助成金の相談はどこで？").scene).toBe("");
    expect(roles("在宅勤務中の通信費について質問です。会社が負担すべき？").scene).not.toContain("通信費");
  });

  it("leaves the scene alone when the question asks nothing of its own (どこに電話すれば？)", () => {
    expect(roles("助成金の申請を考えています。どこに電話すればいいですか").scene).toBe("");
  });

  it("does not show first a resource found only in the scene", () => {
    const text = "IT導入補助金でパソコンを入れました。在宅勤務中のけがは労災になりますか";
    expect(first(understand(text).decision)).toBe("mhlw-guideline");
    expect(first(without("subject")(text).decision)).toBe("it-subsidy");
  });

  it("reads a word a category names on its own as a subject, even inside a setting word (ウイルス of 新型コロナウイルス)", () => {
    expect(first(understand("ウイルス対策ソフトは必要ですか").decision)).toBe("security-guideline");
  });

  it("does not read a programme's name cut short to the setting (新型コロナウイルス感染症対策…) as the programme named", () => {
    const text = "新型コロナウイルス感染症対策として在宅勤務を導入したが、社員の健康管理はどうする？";
    expect(first(understand(text).decision)).toBe("mhlw-guideline");
    expect(first(without("subject")(text).decision)).toBe("hatarakikata-subsidy");
  });
});

describe("related words from a dictionary", () => {
  it("keeps only the groups that meet the catalog's words, with each word's catalog words", () => {
    const related = loadRelatedWords(new Set(["費用"]), (w) => w, (key) => key === "費用");
    expect(related.get("経費")).toEqual(["費用"]);
    expect(related.get("費用")).toBeUndefined();
    expect(related.get("マネジメント")).toBeUndefined();
  });

  it("relates a user's word to the catalog's, weaker than the catalog's own, and says so", () => {
    const { explain } = understand("在宅勤務の経費は会社と社員のどちらが払うべきですか");
    const related = explain.sources?.find((p) => p.source === "related");
    expect(related?.candidates.find((c) => c.resourceId === "mhlw-guideline")?.matched.join(" ")).toContain("関連語:経費→費用");
  });

  it("loads nothing, and still understands, when the dictionary file is missing", () => {
    expect(loadRelatedWords(new Set(["費用"]), (w) => w, () => true, "/no/such/file.json").size).toBe(0);
  });
});

describe("a shared noun counts for what is asked about it", () => {
  it("reads 経費 with 払う as who bears a cost (the guideline's 費用負担), not as the subsidies' 経費", () => {
    const text = "在宅勤務の経費は会社と社員のどちらが払うべきですか";
    const { decision, explain } = understand(text);
    expect(first(decision)).not.toBe("category:subsidy");
    expect(explain.candidates.find((c) => c.resourceId === "mhlw-guideline")?.matched).toContain("費用負担(関連語:経費→費用)");
    expect(first(without("related")(text).decision)).toBe("category:subsidy");
  });

  it("still reads 経費 with 補助 as funding", () => {
    expect(first(understand("テレワークの機器の経費を補助してほしい").decision)).toBe("category:subsidy");
  });
});

describe("a programme first only when its kind is asked for", () => {
  const noProgrammes: Catalog = { ...catalog, categories: catalog.categories.map((c) => ({ ...c, programmes: false })) };
  it("does not answer a question about a PC with a subsidy that lists PCs", () => {
    const text = "自宅のパソコンを仕事で使ってもいい？";
    expect(first(understand(text).decision)).not.toMatch(/subsidy/);
    expect(first(createUnderstander(noProgrammes)(text).decision)).toMatch(/subsidy/);
  });

  it("does not show such a subsidy first even when nothing else is found (プリンターは必要？)", () => {
    const text = "在宅勤務でもプリンターは必要ですか";
    expect(first(understand(text).decision)).toBe("referral");
    expect(first(createUnderstander(noProgrammes)(text).decision)).toBe("tokyo-subsidy");
  });

  it("does not count who runs a programme (東京都, often who asks) as a second term asked for", () => {
    expect(first(understand("東京都の会社です。社員が在宅で使うパソコンの設定はどうすれば？").decision)).not.toMatch(/subsidy/);
    expect(first(understand("東京都のパソコン購入の補助").decision)).toBe("tokyo-subsidy");
  });

  it("answers a subsidy named, or asked for, with the subsidy", () => {
    expect(first(understand("IT導入補助金について教えて").decision)).toBe("it-subsidy");
    expect(first(understand("経理の業務を効率化するITツールに補助はある？").decision)).toBe("it-subsidy");
  });
});

describe("where the domain ends", () => {
  it("answers a remark with a kind reply, not the consultation centre", () => {
    expect(understand("在宅続きで家族とギスギスしてつらい").decision).toEqual({ kind: "chatter" });
    expect(understand("テレワーク楽しい！").decision).toEqual({ kind: "chatter" });
    expect(without("chatter")("在宅続きで家族とギスギスしてつらい").decision.kind).not.toBe("chatter");
  });

  it("finds a topic listed as outside by its words, as the catalog's terms are (残業代 … 請求 of 残業代請求)", () => {
    expect(understand("在宅勤務中の残業代は請求できないのか?").decision).toMatchObject({ kind: "noMatch", reason: "outOfScope" });
    expect(understand("会社から出社するよう言われています。拒否してテレワークを続けられますか").decision).toMatchObject({ kind: "noMatch", reason: "outOfScope" });
    expect(first(understand("テレワークでの残業代の計算方法は？").decision)).toBe("mhlw-guideline");
  });

  it("meets a personal mood kindly even when it asks, if nothing of the catalog answers it", () => {
    const text = "在宅勤務になってから毎日がしんどいです。どうしたらいいのかな";
    expect(understand(text).decision.kind).toBe("chatter");
    expect(without("chatter")(text).decision.kind).toBe("referral");
    // A worry about something to come is a request (心配 is no mood).
    expect(understand("テレワークで部下がサボらないか心配").decision.kind).toBe("referral");
  });

  it("reads a problem, a question or a topic named as a request, not a remark", () => {
    expect(understand("テレワークで部下のやる気が下がって困っています").decision.kind).toBe("referral");
    expect(understand("テレワーク中の部下の評価ってどうすれば").decision.kind).not.toBe("chatter");
    expect(understand("借金の相談窓口").decision).toMatchObject({ kind: "noMatch", reason: "outOfScope" });
  });

  it("refers an in-domain worry without a domain word instead of refusing it", () => {
    expect(understand("社員が家だとサボりそうで不安").decision.kind).toBe("referral");
  });

  it("asks which one when resources of different kinds are about equally likely, best first", () => {
    // One keyword on a labour document and on a security one: a question with it alone could mean either.
    const shared: Catalog = {
      ...catalog,
      resources: catalog.resources.map((r) => (r.id === "mhlw-guideline" || r.id === "security-guideline" ? { ...r, keywords: [...r.keywords, "ワーケーション"] } : r)),
    };
    const text = "ワーケーションについて知りたい";
    const decision = createUnderstander(shared)(text).decision;
    expect(decision).toMatchObject({ kind: "clarify" });
    if (decision.kind === "clarify") expect(decision.matches.map((m) => m.resourceId).sort()).toEqual(["mhlw-guideline", "security-guideline"]);
    expect(createUnderstander(shared, { without: ["clarify"] })(text).decision.kind).toBe("resources");
    expect(understand("在宅勤務の通信費は誰が負担するべき？").decision.kind).toBe("resources");
  });
});
