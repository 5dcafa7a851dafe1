// A new catalog is a new bot: run on another catalog, nothing the bot shows may carry a word that
// only the telework catalog in data/ uses (its name, its domain, its categories and resources).
import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { webhook } from "@line/bot-sdk";
import express from "express";
import { DateTime } from "luxon";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginPage } from "../src/analytics/admin/page.ts";
import { namesOf } from "../src/analytics/names.ts";
import { createEventHandler } from "../src/bot/handle-event.ts";
import { loadCatalog } from "../src/catalog/load.ts";
import { loadConfig, storeKeyPrefixOf } from "../src/config.ts";
import type { ConversationMemory } from "../src/bot/memory.ts";
import type { Catalog } from "../src/catalog/schema.ts";
import { botName } from "../src/reply/copy.ts";
import { buildRichMenu } from "../src/richmenu/build.ts";
import { categoryAction, helpAction, openNowAction, resourceAction } from "../src/reply/postback-data.ts";
import { RICH_MENU_PATH, createSimulatorRouter } from "../src/simulator/router.ts";
import type { Decision, Understanding } from "../src/understand/decision.ts";
import { createUnderstander } from "../src/understand/understand.ts";

const root = path.resolve(import.meta.dirname, "..");
const node = path.join(root, "node_modules/.bin/node");
const telework = loadCatalog(path.join(root, "data"));

/** The fixture of another domain, and every example catalog the repository ships. */
const otherFolders = [
  path.join(root, "test/fixtures/catalogs/kurashi"),
  // Programmes and notices (fictional test inputs), so their sentences are checked too.
  path.join(root, "test/fixtures/catalogs/kurashi-shien"),
  ...(existsSync(path.join(root, "examples"))
    ? readdirSync(path.join(root, "examples"), { withFileTypes: true })
        .filter((d) => d.isDirectory() && existsSync(path.join(root, "examples", d.name, "catalog.yaml")))
        .map((d) => path.join(root, "examples", d.name))
    : []),
];

/** Words of data/ that the other catalog does not use itself: seeing one means the engine spoke telework. */
function teleworkOnlyWords(other: Catalog): string[] {
  const candidates = [
    "テレワーク",
    "在宅勤務",
    "リモートワーク",
    "助成金",
    "補助金",
    "相談窓口",
    "働き方改革",
    botName(telework),
    telework.title,
    telework.voice.scope ?? "",
    telework.source.title,
    ...telework.categories.flatMap((c) => [c.name, ...c.name.split("・")]),
    ...telework.resources.map((r) => r.name),
  ];
  const otherText = JSON.stringify(other);
  return [...new Set(candidates)].filter((w) => w.length >= 2 && !otherText.includes(w));
}

const instants = ["2026-03-16T10:30", "2026-11-23T10:00", "2026-12-30T21:00"].map((s) => DateTime.fromISO(s, { zone: "Asia/Tokyo" }));

const user: webhook.Source = { type: "user", userId: `U${"0".repeat(32)}` };
const group: webhook.Source = { type: "group", groupId: `C${"1".repeat(32)}`, userId: `U${"2".repeat(32)}` };

function event(fields: Record<string, unknown>, source: webhook.Source = user): webhook.Event {
  return {
    timestamp: 0,
    mode: "active",
    webhookEventId: "01HZXEXAMPLEEVENTID0000000",
    deliveryContext: { isRedelivery: false },
    replyToken: "f".repeat(32),
    source,
    ...fields,
  } as webhook.Event;
}

const text = (t: string, source?: webhook.Source, extra: Record<string, unknown> = {}) =>
  event({ type: "message", message: { type: "text", id: "1", quoteToken: "q", text: t, ...extra } }, source);
const postback = (data: string) => event({ type: "postback", postback: { data } });
const mention = (t: string) => text(`@bot ${t}`, group, { mention: { mentionees: [{ index: 0, length: 4, type: "user", isSelf: true }] } });

/** One question per kind of follow-up and detail the catalog understands (そこは何時まで？, 他には？, 費用は？…). */
function followUpTexts(catalog: Catalog): string[] {
  const { followUp: f, details } = catalog.vocabulary;
  const pointer = f.pointers[0] ?? "";
  return [
    ...[f.hours[0], f.phone[0], f.email[0], f.web[0], f.detail[0], ...Object.values(details).map((words) => words[0])].flatMap((w) =>
      w ? [`${f.openers[0] ?? ""}${pointer}の${w}は？`] : [],
    ),
    ...(f.more[0] ? [`${f.more[0]}？`] : []),
    ...(f.ordinals[1]?.[0] ? [`${f.ordinals[1][0]}の${f.phone[0] ?? "電話番号"}は？`] : []),
  ];
}

/** Every kind of event a user can cause, with texts taken from the catalog under test. */
function everyEvent(catalog: Catalog): [string, webhook.Event][] {
  const { vocabulary: v } = catalog;
  const phones = catalog.resources.filter((r) => r.contacts.some((c) => c.kind === "phone"));
  return [
    ["follow", event({ type: "follow", follow: { isUnblocked: false } })],
    ["unblock", event({ type: "follow", follow: { isUnblocked: true } })],
    ["join", event({ type: "join" }, group)],
    ["greeting", text(v.greetings[0] ?? "こんにちは")],
    ["thanks", text(v.thanks[0] ?? "ありがとう")],
    ["help", text(v.help[0] ?? "使い方")],
    ["empty", mention("")],
    ["not found", text("ぴよぴよぴよ")],
    ["out of scope", text(v.outOfScope[0] ?? "宝くじの当せん番号")],
    ["listing", text(v.listing[0] ?? "一覧")],
    ["open now", text("今電話つながる？")],
    // Questions about a time: the data's date, and a programme's lifetime.
    ["asked year", text(`令和8年度の${catalog.categories[0]?.name ?? ""}は？`)],
    ...catalog.resources.slice(0, 3).map((r): [string, webhook.Event] => [`asked now ${r.id}`, text(`${r.name}は最新？まだやってる？`)]),
    ...catalog.categories.map((c): [string, webhook.Event] => [`category ${c.id}`, text(c.name)]),
    ...catalog.resources.map((r): [string, webhook.Event] => [`resource ${r.id}`, text(r.name)]),
    ...phones.map((r): [string, webhook.Event] => [`open now ${r.id}`, text(`${r.name}は今電話つながる？`)]),
    ...catalog.categories.map((c): [string, webhook.Event] => [`postback category ${c.id}`, postback(categoryAction(c).data ?? "")]),
    ...catalog.resources.map((r): [string, webhook.Event] => [`postback resource ${r.id}`, postback(resourceAction(r).data ?? "")]),
    ["postback open now", postback(openNowAction("", []).data ?? "")],
    ...phones.map((r): [string, webhook.Event] => [`postback open now ${r.id}`, postback(openNowAction("", [r]).data ?? "")]),
    ["postback help", postback(helpAction().data ?? "")],
    ["postback unknown", postback("garbage")],
    ...["sticker", "image", "video", "audio", "file", "location"].map((type): [string, webhook.Event] => [type, event({ type: "message", message: { type, id: "2" } })]),
    ["group mention", mention(v.greetings[0] ?? "こんにちは")],
    // Follow-ups about what was just shown, after a category answer.
    ...catalog.categories.slice(0, 1).map((c): [string, webhook.Event] => [`before follow-ups ${c.id}`, text(c.name)]),
    ...followUpTexts(catalog).map((t): [string, webhook.Event] => [`follow-up ${t}`, text(t)]),
  ];
}

function leaks(shown: string, words: string[]): string[] {
  return words.filter((w) => shown.includes(w));
}

async function chatBanner(dataDir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, ["src/cli/chat.ts"], { cwd: root, env: { ...process.env, DATA_DIR: dataDir }, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.on("error", reject);
    child.on("close", () => resolve(stdout));
    child.stdin.end("/quit\n");
  });
}

describe.each(otherFolders.map((folder) => [path.relative(root, folder), folder]))("on %s, the bot shows no word of the telework catalog", (_label, folder) => {
  const catalog = loadCatalog(folder);
  const words = teleworkOnlyWords(catalog);
  // The same catalog with no voice at all: the neutral defaults must be domain-free too.
  const voiceless: Catalog = { ...catalog, voice: {} };

  it("derives a meaningful list of telework-only words", () => {
    expect(words).toEqual(expect.arrayContaining([botName(telework)]));
    expect(words.length).toBeGreaterThan(5);
  });

  it.each([
    ["its own voice", catalog],
    ["no voice (defaults)", voiceless],
  ])("in every reply, with %s", (_voice, subject) => {
    const handle = createEventHandler({ catalog: subject, understand: createUnderstander(subject) });
    // Each event in turn, with the conversation's memory carried as a receiver does, so follow-ups are answered too.
    const replies = instants.flatMap((now) => {
      let memory: ConversationMemory | null = null;
      return everyEvent(subject).map(([name, e]) => {
        const reply = handle(e, { now, memory });
        if (reply?.memory) memory = reply.memory;
        return { name: `${name} at ${now.toISO()}`, reply };
      });
    });
    expect(replies.filter((r) => r.reply !== null).length).toBeGreaterThan(everyEvent(subject).length);
    if (followUpTexts(subject).length > 0) expect(replies.some((r) => r.reply?.reason.startsWith("text:followUp"))).toBe(true);
    const leaked = replies.flatMap(({ name, reply }) => leaks(JSON.stringify(reply?.messages ?? []), words).map((w) => `${name}: ${w}`));
    expect(leaked).toEqual([]);
    const welcome = handle(everyEvent(subject)[0]?.[1] as webhook.Event, { now: instants[0] as DateTime });
    expect(JSON.stringify(welcome?.messages)).toContain(botName(subject));
  });

  it.each([
    ["its own voice", catalog],
    ["no voice (defaults)", voiceless],
  ])("in a referral (a question in the domain that no resource answers), with %s", (_voice, subject) => {
    const referred = subject.voice.referral?.resource ?? subject.resources[0]?.id ?? "";
    const decision: Decision = { kind: "referral", resourceId: referred, categoryIds: subject.categories.map((c) => c.id) };
    const understand = (t: string): Understanding => ({ decision, explain: { normalized: t, candidates: [], signals: [], tokens: [], words: [], foreignNouns: [] } });
    const reply = createEventHandler({ catalog: subject, understand })(text("x"), { now: instants[0] as DateTime });
    expect(reply?.reason).toBe("text:referral");
    expect(leaks(JSON.stringify(reply?.messages), words)).toEqual([]);
  });

  describe("the simulator page", () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      const handleEvent = createEventHandler({ catalog, understand: createUnderstander(catalog) });
      const app = express();
      app.use(
        createSimulatorRouter({ handleEvent, botName: botName(catalog), botId: catalog.id, clock: () => instants[0] as DateTime, logger: pino({ level: "silent" }), richMenu: buildRichMenu(catalog) }),
      );
      server = app.listen(0, "127.0.0.1");
      await new Promise<void>((resolve) => server.once("listening", resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it("carries the catalog's name and no telework word, in the page, its scripts and the rich menu", async () => {
      const page = await (await fetch(`${base}/`)).text();
      expect(page).toContain(`<h1 class="chat-title">${botName(catalog)}</h1>`);
      // The simulator keeps its conversation in the browser under this id.
      expect(page).toContain(`<meta name="bot-id" content="${catalog.id}">`);
      expect(page.toLowerCase()).not.toContain("telework");
      for (const asset of ["simulator.js", "flex.js", "simulator.css"]) {
        const body = await (await fetch(`${base}/simulator/assets/${asset}`)).text();
        expect(leaks(body, words), asset).toEqual([]);
      }
      expect(leaks(page, words)).toEqual([]);
      for (const menu of [RICH_MENU_PATH, `${RICH_MENU_PATH}.svg`]) {
        const response = await fetch(`${base}${menu}`);
        expect(response.status, menu).toBe(200);
        expect(leaks(await response.text(), words), menu).toEqual([]);
      }
    });
  });

  it("names its identifiers after its own catalog: the rich menu, the store keys, the simulator's storage", () => {
    const identifiers = [
      buildRichMenu(catalog).request.name ?? "",
      buildRichMenu(catalog).tag,
      storeKeyPrefixOf(loadConfig({}), catalog.id),
      storeKeyPrefixOf(loadConfig({ LINE_CHANNEL_SECRET: "s", LINE_CHANNEL_ACCESS_TOKEN: "t" }), catalog.id),
    ];
    for (const id of identifiers) {
      expect(id).toContain(catalog.id);
      expect(id.toLowerCase()).not.toContain("telework");
      expect(id).not.toContain(telework.id);
    }
  });

  it("the admin login page names the catalog's bot and no telework word", () => {
    const page = loginPage(namesOf(catalog).bot);
    expect(page).toContain(`<h1>${botName(catalog)}<br>`);
    expect(leaks(page, words)).toEqual([]);
  });

  it("the terminal chat's banner and welcome use the catalog's name (DATA_DIR) and no telework word", async () => {
    const shown = await chatBanner(folder);
    expect(shown).toContain(`${botName(catalog)}（ターミナル版）です。`);
    expect(leaks(shown, words)).toEqual([]);
  });
});

describe("the engine's source", () => {
  it("names no telework word: what the bot says about a domain comes from its catalog", () => {
    const domainWords = ["テレワーク", "在宅勤務", "助成金", "補助金", "相談窓口", botName(telework)];
    const files = readdirSync(path.join(root, "src"), { recursive: true, encoding: "utf8" }).filter((f) => /\.(ts|js|html|css)$/.test(f));
    const found = files.flatMap((f) => leaks(readFileSync(path.join(root, "src", f), "utf8"), domainWords).map((w) => `src/${f}: ${w}`));
    expect(found).toEqual([]);
  });
});
