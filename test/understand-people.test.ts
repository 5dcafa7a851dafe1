// Questions the way people write them (issue 8): one block per class of failure it names.
// The questions are our own, of the same kinds as the real ones in test/fixtures/real-questions.jsonl.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../src/catalog/load.ts";
import type { Catalog } from "../src/catalog/schema.ts";
import type { Decision } from "../src/understand/decision.ts";
import { createUnderstander } from "../src/understand/understand.ts";

const catalog = loadCatalog(path.resolve("data"));
const understand = createUnderstander(catalog);
const decide = (text: string): Decision => understand(text).decision;
const firstShown = (text: string, within: Catalog = catalog): string | undefined => {
  const decision = (within === catalog ? understand : createUnderstander(within))(text).decision;
  if (decision.kind === "resources") return decision.matches[0]?.resourceId;
  if (decision.kind === "referral") return decision.resourceId;
  return undefined;
};

describe("topic questions that name no resource", () => {
  it.each([
    ["在宅勤務中の光熱費は誰が払うの？", ["mhlw-guideline", "mhlw-portal"]],
    ["自宅で仕事中にけがをしたら労災になりますか", ["mhlw-guideline", "mhlw-portal"]],
    ["テレワーク中の人事評価のやり方が知りたい", ["mhlw-guideline", "mhlw-portal"]],
    ["社員の私物パソコンを仕事に使わせても大丈夫？", ["security-guideline"]],
  ])("「%s」 is answered by a resource whose topics cover it", (text, accepted) => {
    expect(accepted).toContain(firstShown(text));
  });

  it("says in the explanation which topic matched", () => {
    const [top] = understand("テレワーク中の人事評価のやり方が知りたい").explain.candidates;
    expect(top?.matched.join(" ")).toContain("人事評価");
  });
});

describe("questions without the domain's word", () => {
  it("answers a topic question that never says テレワーク", () => {
    expect(firstShown("中抜けした時間はどう扱えばいい？")).toBe("mhlw-guideline");
  });

  it.each(["借金の相談窓口", "Zoomの使い方", "ラーメン屋の開業資金の相談窓口"])("gives 「%s」 neither a card nor the bot's own help", (text) => {
    const decision = decide(text);
    expect(decision.kind).toBe("noMatch");
  });

  // An everyday noun the catalog lacks (家族, 子ども) does not outweigh the domain's own (パソコン, 仕事, 資料).
  it.each(["家族と一緒に使っているパソコンで仕事をしても問題ない？", "子どもが触るパソコンで仕事の資料を開いても平気でしょうか"])("does not refuse 「%s」", (text) => {
    expect(decide(text).kind).not.toBe("noMatch");
  });

  // A quality (便利, 大事) is of no field, and a verbal noun that only qualifies the noun after it (高機能携帯電話)
  // is no act: neither takes a question about the domain's things elsewhere.
  it.each(["高機能携帯電話を私物のまま業務で使う場合、会社への届け出は必要ですか", "便利な高機能端末を私物で業務に使うとき、大事なことは何ですか"])(
    "does not refuse 「%s」",
    (text) => {
      expect(decide(text).kind).not.toBe("noMatch");
    },
  );

  it("answers a question with a quality in it from the area it names", () => {
    expect(firstShown("大事な顧客情報を自宅のパソコンで扱うときの注意は？")).toBe("security-guideline");
  });

  // A topic the catalog writes as a noun (持ち出し) is found when the question says it as a verb (持ち出す).
  it("finds a topic said as a verb", () => {
    expect(firstShown("データを持ち出す場合の注意点")).toBe("security-guideline");
  });

  // Everyday words for the domain's things (data/catalog.yaml synonyms): ノートパソコン is a PC, なくす is 紛失.
  it("answers a lost laptop, said in everyday words, with the security guideline", () => {
    expect(firstShown("社員がノートパソコンをなくしたらどうする？")).toBe("security-guideline");
  });

  // A topic right after a noun of another field is that thing's: お弁当の持ち出し is no data leaving the office.
  it.each(["お弁当を持ち出したい", "お弁当の持ち出し"])("does not answer 「%s」 with the topic's resource", (text) => {
    expect(firstShown(text)).toBeUndefined();
  });

  // What happens to a thing of the domain (フリーズする), or the parts of another thing (年金の登録制度), stay another subject.
  it.each(["パソコンがフリーズして何もできない", "年金の登録制度はどうなっていますか"])("still refuses 「%s」", (text) => {
    expect(decide(text)).toMatchObject({ kind: "noMatch", reason: "outOfScope" });
  });

  it("still reads the bot's own help and greetings", () => {
    expect(decide("使い方を教えて")).toEqual({ kind: "greeting", variant: "help" });
    expect(decide("ｺﾝﾆﾁﾊ")).toEqual({ kind: "greeting", variant: "hello" });
  });
});

describe("conjugation and particles", () => {
  it("matches a keyword phrase by its words in dictionary form (経費の助成 ← 経費を助成してもらえますか)", () => {
    const { decision, explain } = understand("通信機器の経費を助成してもらえますか");
    expect(decision).toMatchObject({ kind: "resources", matches: [{ resourceId: "hatarakikata-subsidy" }] });
    expect(explain.candidates[0]?.matched).toContain("経費の助成(語形)");
  });

  it("drops light verbs, so 申請したい and 申請方法 carry 申請", () => {
    expect(understand("申請したいのですが").explain.words).toEqual(["申請"]);
    expect(understand("申請方法").explain.words).toEqual(["申請"]);
    expect(understand("補助してもらえますか").explain.words).toEqual(["補助"]);
  });

  it("matches by words only a phrase that names something (聞いてほしい is not in every 聞けばいい)", () => {
    const withVerbPhrase: Catalog = {
      ...catalog,
      resources: catalog.resources.map((r) => (r.id === "tw-sodan" ? { ...r, keywords: [...r.keywords, "聞いてほしい"] } : r)),
    };
    const matched = createUnderstander(withVerbPhrase)("在宅勤務の規程はどこに聞けばいい？").explain.candidates.flatMap((c) => c.matched);
    expect(matched.join(" ")).not.toContain("聞いてほしい");
  });

  it("does not match a phrase whose meaning is in a dependent word (働きすぎ is not 働く)", () => {
    expect(understand("テレワークとはどのような働き方ですか?").explain.candidates.flatMap((c) => c.matched).join(" ")).not.toContain("働きすぎ");
  });
});

describe("readings", () => {
  it.each([
    ["てれわーく そうだん", "tw-sodan"],
    ["てれわーく そうごう ぽーたる", "mhlw-portal"],
    ["it dounyu hojokin", "it-subsidy"],
    ["it導入ほじょきん", "it-subsidy"],
    ["ｾｷｭﾘﾃｲ ガイドライン", "security-guideline"],
  ])("「%s」 → %s", (text, id) => {
    expect(firstShown(text)).toBe(id);
  });

  it("meets a homophone typed by mistake (女性金 = じょせいきん), below an exact match", () => {
    expect(decide("女性金ある？")).toMatchObject({ kind: "category", categoryId: "subsidy" });
    const byReading = understand("IT導入女性金").explain.candidates[0];
    const exact = understand("IT導入補助金").explain.candidates[0];
    expect(byReading?.resourceId).toBe("it-subsidy");
    expect(byReading?.score).toBeLessThan(exact?.score ?? 0);
  });
});

describe("word boundaries", () => {
  // パート inside アパート is not a part-timer: a term may not start or end inside a dictionary word.
  const withPartTime: Catalog = {
    ...catalog,
    resources: catalog.resources.map((r) => (r.id === "mhlw-portal" ? { ...r, keywords: [...r.keywords, "パート"] } : r)),
  };
  it("does not find パート inside アパート", () => {
    const understandWith = createUnderstander(withPartTime);
    expect(understandWith("アパートで仕事").explain.candidates.flatMap((c) => c.matched)).not.toContain("パート");
    expect(understandWith("パートの社員もテレワークできる？").explain.candidates.find((c) => c.resourceId === "mhlw-portal")?.matched).toContain("パート");
  });
});

describe("synonyms on word boundaries", () => {
  it("does not read メール (める) inside 止める or 決める", () => {
    for (const text of ["業務を止めることはできない", "ルールを決めるには"]) {
      expect(understand(text).explain.normalized).not.toContain("めるあどれす");
    }
    expect(understand("メアドを教えて").explain.normalized).toContain("めるあどれす");
  });

  it("keeps a word's own key too (始める is not 始め + メールアドレス)", () => {
    expect(understand("在宅勤務を始めます").explain.words).toContain("始める");
    expect(understand("メールで相談したい").explain.words).toContain("めるあどれす");
  });
});

describe("in the domain, nothing specific", () => {
  it("refers to the catalog's place for general questions, with the closest categories", () => {
    const decision = decide("テレワークで部下のやる気が下がって困っています");
    expect(decision).toMatchObject({ kind: "referral", resourceId: catalog.voice?.referral?.resource });
  });

  it("does not refer a bare domain word or another subject", () => {
    expect(decide("テレワーク").kind).toBe("noMatch");
    expect(decide("テレワーク手当に所得税はかかりますか").kind).toBe("noMatch");
  });

  it("without a referral in the catalog, says it found nothing", () => {
    const withoutVoice = { ...catalog, voice: {} };
    expect(createUnderstander(withoutVoice)("テレワークで部下のやる気が下がって困っています").decision).toMatchObject({ kind: "noMatch", reason: "unknown" });
  });
});

describe("cross-references", () => {
  it("puts where to apply first when asked where to apply", () => {
    expect(firstShown("働き方改革推進支援助成金の申請先")).toBe("tw-sodan");
  });

  it("shows the resource itself when the question is about it", () => {
    expect(firstShown("働き方改革推進支援助成金について教えて")).toBe("hatarakikata-subsidy");
  });

  it("answers a phone question about a resource with its own number with that resource first", () => {
    // A centre that also refers to another place for some inquiries.
    const referring: Catalog = {
      ...catalog,
      resources: catalog.resources.map((r) => (r.id === "tw-sodan" ? { ...r, inquiries: [{ resource: "tokyo-center", role: "都内の企業の相談" }] } : r)),
    };
    expect(firstShown("テレワーク相談センターの電話番号を教えて", referring)).toBe("tw-sodan");
    expect(firstShown("テレワーク相談センターの申請窓口はどこ？", referring)).toBe("tokyo-center");
  });
});
