import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../src/catalog/load.ts";
import type { Catalog, Voice } from "../src/catalog/schema.ts";
import * as copy from "../src/reply/copy.ts";

const telework = loadCatalog("data");
const other = loadCatalog(path.resolve("test/fixtures/catalogs/kurashi"));
const withVoice = (catalog: Catalog, voice: Voice): Catalog => ({ ...catalog, voice });

describe("the telework catalog's voice", () => {
  it("says what the bot said before voices existed", () => {
    expect(copy.welcomeText(telework, false)).toBe(
      [
        "友だち追加ありがとうございます。テレワーク支援ナビです。",
        "これからテレワークを始める事業者の方に、相談窓口や助成金などの支援情報をご案内します。",
        "情報は2020年3月12日時点のものです。知りたいことを入力するか、下のボタンからお選びください。",
      ].join("\n"),
    );
    expect(copy.outOfScopeText(telework)).toBe(
      "申し訳ありません。そのご質問には、このボットではお答えできません。\nこのボットでは、2020年3月12日に公表されたテレワーク関連の支援情報（相談窓口、助成金・補助金、労務管理・就業規則、セキュリティ・ICT、支援プログラム）をご案内しています。",
    );
    expect(copy.emptyQuestionText(telework)).toBe("ご質問を入力してください。たとえば「テレワークの相談窓口を教えて」のように送っていただければ、ご案内します。");
  });

  it("refers questions no resource answers to the consultation centre, by its name", () => {
    const centre = telework.resources.find((r) => r.id === telework.voice.referral?.resource);
    if (!centre) throw new Error("the telework catalog names no referral");
    expect(copy.referralText(telework, centre)).toBe(
      "お尋ねの内容に直接お答えする資料は見つかりませんでした。テレワークに関するご相談は、テレワーク相談センターで無料で受け付けています（電話・メール）。",
    );
  });

  it("qualifies an old status with the month of the data", () => {
    expect(copy.staleStatus(telework, "受付中")).toBe("2020年3月時点の受付時間では受付中");
  });
});

describe("placeholders", () => {
  it("fill in the name, dates, scope, categories and source", () => {
    const catalog = withVoice(other, { scope: "{categories}の相談先", welcome: "{name}|{asOf}|{asOfMonth}|{scope}|{categories}|{source}" });
    expect(copy.welcomeText(catalog, false)).toBe("くらしの相談ガイド|2024年4月1日|2024年4月|くらしの悩み、法律のトラブルの相談先|くらしの悩み、法律のトラブル|各相談窓口の公式サイト");
  });

  it("use each resource's own source on its card", () => {
    const [resource] = other.resources;
    if (!resource) throw new Error("fixture has no resource");
    expect(copy.sourceLine(other, resource)).toBe(`出典：${resource.source.title}`);
  });
});

describe("defaults, for a catalog that leaves the voice out", () => {
  const bare = withVoice(other, {});

  it("name the bot by the catalog's title and say what it covers from the categories", () => {
    expect(copy.botName(bare)).toBe("くらしの相談ガイド");
    expect(copy.helloText(bare)).toBe(
      "こんにちは、くらしの相談ガイドです。\n2024年4月1日時点の「くらしの悩み、法律のトラブル」の情報をご案内します。知りたいことを入力するか、下のボタンからお選びください。",
    );
  });

  it("give example questions made from the categories", () => {
    expect(copy.helpText(bare)).toContain("・くらしの悩みについて教えて\n・法律のトラブルについて教えて");
  });

  it("refer to a resource by its name", () => {
    const yorisoi = other.resources.find((r) => r.id === "yorisoi");
    if (!yorisoi) throw new Error("fixture lacks yorisoi");
    expect(copy.referralText(bare, yorisoi)).toBe("お尋ねの内容に直接お答えする資料は見つかりませんでした。ご相談はよりそいホットラインで受け付けています。");
  });
});
