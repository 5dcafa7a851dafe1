// The browser simulator in a real Chromium, against the real app (real catalog, real handler).
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { messagingApi } from "@line/bot-sdk";
import express from "express";
import { DateTime } from "luxon";
import { type BrowserContext, type Locator, type Page, chromium } from "playwright-core";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, type FocusStop, focusPageStart, indicatorContrast, indicatorContrastOnAnything, tabOrder } from "./support/accessibility.ts";
import { contrastRatio } from "./support/contrast.ts";
import { createEventHandler } from "../src/bot/handle-event.ts";
import type { EventHandler } from "../src/bot/types.ts";
import { loadCatalog } from "../src/catalog/load.ts";
import { buildRichMenu } from "../src/richmenu/build.ts";
import { createApp } from "../src/server/app.ts";
import { botName } from "../src/reply/copy.ts";
import { createSimulatorRouter } from "../src/simulator/router.ts";
import { createUnderstander } from "../src/understand/understand.ts";

const CHROMIUM = "/usr/bin/chromium";
const root = path.resolve(import.meta.dirname, "..");
const artifacts = path.join(root, "test/artifacts");
const artifact = path.join(artifacts, "simulator.png");
// The README's picture is refreshed only on request (npm run screenshot), so a test run never edits tracked files.
const readmeShot = path.join(root, process.env.UPDATE_README_SCREENSHOT === "1" ? "docs/simulator.png" : "test/artifacts/readme-simulator.png");
const readmeAnswerShot = (name: string) => path.join(root, process.env.UPDATE_README_SCREENSHOT === "1" ? `docs/answers-390-${name}.png` : `test/artifacts/readme-answers-${name}.png`);
const hasChromium = existsSync(CHROMIUM);

if (!hasChromium) console.warn(`browser test skipped: ${CHROMIUM} is missing (install it with: apt-get install -y chromium)`);

/** Closes the server without waiting for the browser's keep-alive connections to time out. */
function stop(server: Server | undefined): Promise<void> {
  if (!server) return Promise.resolve();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  return closed;
}

async function startRealApp(): Promise<{ server: Server; base: string }> {
  const catalog = loadCatalog(path.join(root, "data"));
  const handleEvent = createEventHandler({ catalog, understand: createUnderstander(catalog) });
  const clock = () => DateTime.now().setZone("Asia/Tokyo");
  const logger = pino({ level: "silent" });
  const { app } = createApp({
    handleEvent,
    clock,
    logger,
    line: null,
    catalogInfo: { version: catalog.version, resources: catalog.resources.length },
    simulator: createSimulatorRouter({ handleEvent, botName: botName(catalog), clock, logger, richMenu: buildRichMenu(catalog) }),
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** A bubble using most Flex features, including text that must never become markup or a script link. */
const showcase: messagingApi.FlexBubble = {
  type: "bubble",
  size: "kilo",
  hero: { type: "image", url: "https://127.0.0.1:9/hero.png", size: "full", aspectRatio: "20:13", aspectMode: "cover" },
  body: {
    type: "box",
    layout: "vertical",
    contents: [
      { type: "text", text: "見出し", weight: "bold", size: "xl", color: "#111111" },
      {
        type: "box",
        layout: "baseline",
        contents: [
          { type: "icon", url: "https://127.0.0.1:9/icon.png" },
          { type: "text", contents: [{ type: "span", text: "太字", weight: "bold" }, { type: "span", text: "取消線", decoration: "line-through", color: "#ff0000" }] },
        ],
      },
      { type: "box", layout: "horizontal", backgroundColor: "#eeeeee", cornerRadius: "md", paddingAll: "8px", contents: [{ type: "text", text: "右寄せ", align: "end" }] },
      { type: "separator", margin: "lg", color: "#cccccc" },
      { type: "text", text: "<img src=x onerror=alert(1)>", wrap: true },
    ],
  },
  footer: {
    type: "box",
    layout: "vertical",
    contents: [
      { type: "button", style: "primary", color: "#123456", action: { type: "uri", label: "ウェブ", uri: "https://example.com/" } },
      { type: "button", style: "link", action: { type: "uri", label: "危険なリンク", uri: "javascript:alert(1)" } },
      { type: "button", style: "secondary", action: { type: "message", label: "あいさつ", text: "こんにちは" } },
    ],
  },
};

/** Answers "showcase" with the bubble above and echoes anything else, so the renderer is tested on its own. */
const showcaseHandler: EventHandler = (event) => {
  const text = event.type === "message" && event.message.type === "text" ? event.message.text : "";
  if (text === "showcase") return { messages: [{ type: "flex", altText: "showcase", contents: showcase }], reason: "test:showcase" };
  return { messages: [{ type: "text", text: `受信: ${text || event.type}` }], reason: "test:echo" };
};

async function startShowcaseApp(): Promise<{ server: Server; base: string }> {
  const app = express();
  app.use(createSimulatorRouter({ handleEvent: showcaseHandler, botName: "テスト", clock: () => DateTime.now(), logger: pino({ level: "silent" }) }));
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Runs `act` and returns the bot's reply row it caused, once the page has no request in flight. */
async function replyTo(page: Page, act: () => Promise<void>): Promise<Locator> {
  const before = await page.locator(".row.bot").count();
  await act();
  await page.waitForFunction(
    (count) => document.querySelectorAll(".row.bot").length > count && document.getElementById("chat")?.getAttribute("aria-busy") === "false",
    before,
  );
  // Pinned by position, so the locator keeps meaning this reply after more replies arrive.
  return page.locator(".row.bot").nth(before);
}

async function ask(page: Page, text: string): Promise<Locator> {
  return replyTo(page, async () => {
    await page.locator("#message").fill(text);
    await page.locator("#message").press("Enter");
  });
}

async function openChat(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator(".row.bot").first().waitFor();
}

// A real browser on a busy two-core machine can be slow; the suite's default budget is for unit tests.
describe.skipIf(!hasChromium)(`browser simulator (Chromium at ${CHROMIUM})`, { timeout: 60_000 }, () => {
  let server: Server;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  let profileDir: string;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    ({ server, base } = await startRealApp());
    profileDir = mkdtempSync(path.join(tmpdir(), "simulator-chromium-"));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--lang=ja", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      viewport: { width: 480, height: 900 },
      locale: "ja-JP",
      timezoneId: "Asia/Tokyo",
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on("pageerror", (err) => pageErrors.push(err.message));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await stop(server);
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  it("chats like LINE: card, quick-reply chip, carousel, simulated holiday, and user text kept as text", async () => {
    await openChat(page, base);
    expect(await page.title()).toBe("テレワーク支援ナビ — LINE シミュレーター");
    expect(await page.locator(".chat-title").innerText()).toBe("テレワーク支援ナビ");
    expect(await page.locator("#chat").innerText()).toContain("テレワーク支援ナビを友だち追加しました");
    expect(await page.locator(".row.bot .bot-name").first().innerText()).toBe("テレワーク支援ナビ");
    expect(await page.locator(".row.bot").first().innerText()).toContain("友だち追加ありがとうございます");

    const card = await ask(page, "テレワーク相談センターの電話番号");
    expect(await page.locator(".row.user .text-bubble").last().textContent()).toBe("テレワーク相談センターの電話番号");
    const title = card.locator(".flex-bubble .flex-block.header .flex-text").first();
    expect(await title.textContent()).toBe("テレワーク相談センター");

    const chip = page.locator("#quick-replies .chip", { hasText: "助成金・補助金" });
    const carouselReply = await replyTo(page, () => chip.click());
    // LINE shows the chip's displayText as the user's message; the chips go away after a tap.
    expect(await page.locator(".row.user .text-bubble").last().textContent()).toContain("助成金・補助金");
    const carousel = carouselReply.locator(".flex-carousel");
    expect(await carousel.locator(":scope > .flex-bubble").count()).toBeGreaterThan(1);
    expect(await carousel.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);

    // The simulator's own tools wait behind one button in the header.
    expect(await page.locator("#sim-time").isVisible()).toBe(false);
    await page.locator("#tools-toggle").click();
    expect(await page.locator("#tools-toggle").getAttribute("aria-expanded")).toBe("true");
    await page.locator("#sim-time").fill("2026-11-23T10:00");
    expect(await page.locator("#time-banner").isVisible()).toBe(true);
    expect(await page.locator("#time-banner").textContent()).toContain("シミュレーション時刻: 2026年11月23日(月) 10:00");
    const holiday = await ask(page, "今電話つながる？");
    expect(await holiday.innerText()).toContain("受付時間外");
    expect(await holiday.innerText()).not.toContain("受付中");
    expect(await holiday.locator(".time").first().textContent()).toBe("10:00");

    const script = "<script>alert(1)</script>";
    await ask(page, script);
    expect(await page.locator(".row.user .text-bubble").last().textContent()).toBe(script);
    expect(await page.locator("#chat script").count()).toBe(0);
    expect(dialogs).toEqual([]);

    await page.locator(".row.user").last().evaluate((row) => row.scrollIntoView({ block: "start" }));
    mkdirSync(path.dirname(artifact), { recursive: true });
    await page.screenshot({ path: artifact });

    await page.locator("#reset-time").click();
    expect(await page.locator("#time-banner").isVisible()).toBe(false);
    expect(pageErrors).toEqual([]);
  });

  it("makes call and web buttons real links and shows the raw LINE JSON on demand", async () => {
    await openChat(page, base);
    const card = await ask(page, "テレワーク相談センターについて教えて");

    const call = card.locator('a[href^="tel:"]').first();
    expect(await call.getAttribute("href")).toMatch(/^tel:0120\d+$/);
    const web = card.locator('a[href^="https:"]').first();
    expect(await web.getAttribute("target")).toBe("_blank");

    // The cards follow the sentence that answers: the last message is the flex one.
    const raw = card.locator(".raw-json pre").last();
    expect(await raw.isVisible()).toBe(false);
    await page.locator("#tools-toggle").click();
    await page.locator("#show-json").check();
    expect(await raw.isVisible()).toBe(true);
    const message = JSON.parse((await raw.textContent()) ?? "") as { type: string; contents: { header: unknown } };
    expect(message.type).toBe("flex");
    expect(JSON.stringify(message.contents.header)).toContain("テレワーク相談センター");
    await page.locator("#show-json").uncheck();
  });

  it("tapping a postback button in a card sends it like LINE", async () => {
    await openChat(page, `${base}/?at=2026-11-24T10:00`);
    const card = await ask(page, "テレワーク相談センターについて教えて");
    const status = await replyTo(page, () => card.locator("button.flex-button", { hasText: "今つながる？" }).click());
    expect(await status.innerText()).toContain("受付中");
    expect(await status.innerText()).toContain("11月24日(火) 10:00");
  });

  it("keeps a conversation per tab: a follow-up is about this tab's last card, and another tab starts afresh", async () => {
    await openChat(page, base);
    await ask(page, "テレワークマネージャー");
    const followUp = await ask(page, "そこの電話番号は？");
    expect(await followUp.innerText()).toContain("03-5213-4032");

    const other = await context.newPage();
    try {
      await openChat(other, base);
      const fresh = await ask(other, "そこの電話番号は？");
      expect(await fresh.innerText()).not.toContain("03-5213-4032");
    } finally {
      await other.close();
    }
  });

  it("renders Flex components from the JSON: sizes, weights, spans, colours, alignment, separators, links", async () => {
    const showcaseApp = await startShowcaseApp();
    const other = await context.newPage();
    try {
      await openChat(other, showcaseApp.base);
      const reply = await ask(other, "showcase");
      const bubble = reply.locator(".flex-bubble");
      const style = (locator: Locator, property: string) => locator.evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);

      expect(await style(bubble, "width")).toBe("260px");
      expect(await bubble.locator(".hero img").getAttribute("src")).toBe("https://127.0.0.1:9/hero.png");
      const heading = bubble.getByText("見出し");
      expect(await style(heading, "font-size")).toBe("22px");
      expect(await style(heading, "font-weight")).toBe("700");
      expect(await style(bubble.getByText("太字"), "font-weight")).toBe("700");
      expect(await style(bubble.getByText("取消線"), "text-decoration-line")).toBe("line-through");
      expect(await style(bubble.getByText("取消線"), "color")).toBe("rgb(255, 0, 0)");
      const row = bubble.getByText("右寄せ").locator("..");
      expect(await style(row, "flex-direction")).toBe("row");
      expect(await style(row, "background-color")).toBe("rgb(238, 238, 238)");
      expect(await style(row, "border-top-left-radius")).toBe("8px");
      expect(await style(bubble.getByText("右寄せ"), "text-align")).toBe("right");
      const separator = bubble.locator(".flex-separator");
      expect(await style(separator, "margin-top")).toBe("12px");
      expect(await style(separator, "background-color")).toBe("rgb(204, 204, 204)");

      expect(await bubble.getByText("<img src=x onerror=alert(1)>").count()).toBe(1);
      expect(await bubble.locator('img[src="x"]').count()).toBe(0);
      const web = bubble.locator("a.flex-button", { hasText: "ウェブ" });
      expect(await web.getAttribute("href")).toBe("https://example.com/");
      expect(await style(web, "background-color")).toBe("rgb(18, 52, 86)");
      expect(await bubble.locator('[href^="javascript:"]').count()).toBe(0);

      const echo = await replyTo(other, () => bubble.locator("button.flex-button", { hasText: "あいさつ" }).click());
      expect(await other.locator(".row.user .text-bubble").last().textContent()).toBe("こんにちは");
      expect(await echo.innerText()).toContain("受信: こんにちは");
    } finally {
      await other.close();
      await stop(showcaseApp.server);
    }
  });

  for (const viewport of [
    { width: 390, height: 844 },
    { width: 320, height: 568 },
  ]) {
    it(`works on a phone ${viewport.width} px wide: rich menu, peeking carousel, whole callable numbers, copyable e-mail, readable text, keyboard`, async () => {
      const phone = await context.newPage();
      phone.on("pageerror", (err) => pageErrors.push(err.message));
      try {
        await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
        await phone.setViewportSize(viewport);
        await openChat(phone, `${base}/?at=2026-11-24T10:00`);
        // The input has the keyboard from the start.
        expect(await phone.evaluate(() => document.activeElement?.id)).toBe("message");

        // The rich menu sits under the chat, folded while the input has the keyboard; its bar opens it,
        // and its areas send the quick reply's postbacks.
        const toggle = phone.locator("#rich-menu-toggle");
        const areas = phone.locator(".rich-menu-area");
        await toggle.waitFor();
        expect(await toggle.getAttribute("aria-expanded")).toBe("false");
        await toggle.click();
        expect(await toggle.getAttribute("aria-expanded")).toBe("true");
        expect(await areas.evaluateAll((els) => els.map((el) => el.getAttribute("aria-label")))).toEqual([
          "相談窓口", "助成金・補助金", "労務管理・就業規則", "セキュリティ・ICT", "支援プログラム", "今つながる窓口", "使い方",
        ]);
        const subsidies = await replyTo(phone, () => areas.nth(1).click());
        expect(await phone.locator(".row.user .text-bubble").last().textContent()).toBe("助成金・補助金について知りたい");
        expect(await phone.evaluate(() => document.activeElement?.id)).toBe("message");
        // A send folds the menu, as in LINE, so the reply has the room.
        expect(await toggle.getAttribute("aria-expanded")).toBe("false");
        expect(await phone.locator("#rich-menu-panel").isVisible()).toBe(false);

        // The next card of a carousel visibly peeks in.
        const carousel = subsidies.locator(".flex-carousel");
        const peek = await carousel.evaluate((el) => {
          const box = el.getBoundingClientRect();
          const second = el.children[1]?.getBoundingClientRect();
          return second ? Math.min(box.right, window.innerWidth) - second.left : 0;
        });
        expect(peek).toBeGreaterThanOrEqual(16);
        mkdirSync(artifacts, { recursive: true });
        await subsidies.evaluate((row) => row.scrollIntoView({ block: "start" }));
        await phone.screenshot({ path: path.join(artifacts, `phone-${viewport.width}-carousel.png`) });
        await toggle.click();
        expect(await phone.locator("#rich-menu-panel").isVisible()).toBe(true);
        await phone.screenshot({ path: path.join(artifacts, `phone-${viewport.width}-rich-menu.png`) });

        // Tapping a quick-reply chip gives the keyboard back too.
        const card = await replyTo(phone, () => phone.locator("#quick-replies .chip", { hasText: "相談窓口" }).click());
        expect(await phone.evaluate(() => document.activeElement?.id)).toBe("message");
        const detail = await ask(phone, "テレワーク相談センター");
        const subsidy = await ask(phone, "働き方改革推進支援助成金");
        for (const [name, row] of [["card", detail], ["subsidy-card", subsidy]] as const) {
          await row.evaluate((el) => {
            const chat = document.getElementById("chat");
            if (chat) chat.scrollTop += el.getBoundingClientRect().top - chat.getBoundingClientRect().top;
          });
          await phone.screenshot({ path: path.join(artifacts, `phone-${viewport.width}-${name}.png`) });
        }
        for (const reply of [card, detail, subsidy]) {
          const problems = await reply.evaluate((row) => {
            const out: string[] = [];
            for (const bubble of row.querySelectorAll(".flex-bubble")) {
              const tels = [...bubble.querySelectorAll<HTMLAnchorElement>('a[href^="tel:"]')].map((a) => a.href.slice(4));
              for (const el of bubble.querySelectorAll<HTMLElement>(".flex-text")) {
                const text = el.textContent ?? "";
                if (!/^\d{2,4}-\d{2,4}-\d{3,4}$/.test(text)) continue;
                const lineHeight = Number.parseFloat(getComputedStyle(el).lineHeight) || 24;
                if (el.scrollWidth > el.clientWidth + 1) out.push(`${text} is cut`);
                if (el.getBoundingClientRect().height > lineHeight * 1.5) out.push(`${text} breaks`);
                const ended = getComputedStyle(el).textDecorationLine.includes("line-through");
                if (!ended && !tels.includes(text.replace(/\D/g, ""))) out.push(`${text} cannot be called`);
              }
              for (const label of bubble.querySelectorAll<HTMLElement>(".flex-button span")) {
                if (label.scrollWidth > label.clientWidth + 1) out.push(`button 「${label.textContent}」 is cut`);
              }
            }
            return out;
          });
          expect(problems).toEqual([]);
        }
        // Ended numbers take one short line.
        const ended = detail.getByText("以前の番号（受付終了）").first();
        const endedRow = await ended.locator("..").evaluate((el) => el.getBoundingClientRect().height);
        expect(endedRow).toBeLessThan(24);

        // E-mail addresses are copied, as LINE's clipboard action does.
        await detail.locator("button.flex-button", { hasText: "メールアドレスをコピー" }).click();
        await phone.locator(".notice", { hasText: "コピーしました: sodan@japan-telework.or.jp" }).waitFor();
        expect(await phone.evaluate(() => navigator.clipboard.readText())).toBe("sodan@japan-telework.or.jp");
        expect(await phone.evaluate(() => document.activeElement?.id)).toBe("message");

        // From the chat's last button, Tab reaches the input without passing the simulator's time control.
        await detail.locator("button.flex-button").last().focus();
        const visited: string[] = [];
        for (let i = 0; i < 30; i += 1) {
          await phone.keyboard.press("Tab");
          const id = await phone.evaluate(() => document.activeElement?.id ?? "");
          if (id === "message") break;
          visited.push(id);
        }
        expect(await phone.evaluate(() => document.activeElement?.id)).toBe("message");
        expect(visited).not.toContain("sim-time");

        // Every text in the cards and the simulator meets WCAG AA against what it is drawn on.
        await detail.evaluate((row) => row.scrollIntoView({ block: "start" }));
        const samples = await phone.evaluate(() => {
          const background = (start: Element | null): string => {
            for (let el = start; el; el = el.parentElement) {
              const color = getComputedStyle(el).backgroundColor;
              if (color !== "rgba(0, 0, 0, 0)" && color !== "transparent") return color;
            }
            return "rgb(255, 255, 255)";
          };
          const out: { text: string; color: string; background: string; large: boolean }[] = [];
          for (const el of document.querySelectorAll<HTMLElement>("body *")) {
            const own = [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? "").join("").trim();
            if (own === "" || el.getClientRects().length === 0 || (el as HTMLButtonElement).disabled || el.closest(".raw-json")) continue;
            const style = getComputedStyle(el);
            const size = Number.parseFloat(style.fontSize);
            out.push({ text: own.slice(0, 30), color: style.color, background: background(el), large: size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700) });
          }
          return out;
        });
        expect(samples.length).toBeGreaterThan(50);
        const failing = samples
          .map((s) => ({ ...s, ratio: Math.round(contrastRatio(s.color, s.background) * 100) / 100 }))
          .filter((s) => s.ratio < (s.large ? 3 : 4.5));
        expect(failing).toEqual([]);

        expect(pageErrors).toEqual([]);
      } finally {
        await phone.close();
      }
    });
  }

  for (const viewport of [
    { width: 390, height: 844 },
    { width: 320, height: 568 },
  ]) {
    it(`gives the chat the room on a ${viewport.width}×${viewport.height} phone: tools behind one button, the menu folded to type and after a send, the welcome in view, nothing cut off`, async () => {
      const phone = await context.newPage();
      phone.on("pageerror", (err) => pageErrors.push(err.message));
      const chatShare = () => phone.evaluate(() => (document.getElementById("chat")?.getBoundingClientRect().height ?? 0) / innerHeight);
      const toggle = phone.locator("#rich-menu-toggle");
      try {
        await phone.setViewportSize(viewport);
        // A simulated time adds its banner: the tightest the layout gets.
        await openChat(phone, `${base}/?at=2026-11-24T10:00`);
        await toggle.waitFor();

        // The welcome is in view from its first line, with the menu folded and the tools put away.
        const greeting = phone.locator(".row.bot").first().locator(".text-bubble").first();
        expect(await greeting.textContent()).toContain("友だち追加ありがとうございます");
        const inView = await greeting.evaluate((bubble) => {
          const box = bubble.getBoundingClientRect();
          const chat = document.getElementById("chat")?.getBoundingClientRect();
          return chat !== undefined && box.top >= chat.top && box.bottom <= chat.bottom;
        });
        expect(inView).toBe(true);
        expect(await toggle.getAttribute("aria-expanded")).toBe("false");
        for (const tool of ["#sim-time", "#reset-time", "#show-json"]) expect(await phone.locator(tool).isVisible()).toBe(false);
        const atLoad = await chatShare();
        expect(atLoad).toBeGreaterThanOrEqual(0.55);

        // One button shows and hides all the simulator's tools.
        const tools = phone.locator("#tools-toggle");
        await tools.click();
        expect(await tools.getAttribute("aria-expanded")).toBe("true");
        for (const tool of ["#sim-time", "#reset-time", "#show-json"]) expect(await phone.locator(tool).isVisible()).toBe(true);
        await tools.click();
        expect(await phone.locator("#sim-time").isVisible()).toBe(false);

        // The menu opens from its bar and folds when the user goes to type.
        await toggle.click();
        expect(await phone.locator("#rich-menu-panel").isVisible()).toBe(true);
        await phone.locator("#message").click();
        expect(await toggle.getAttribute("aria-expanded")).toBe("false");
        expect(await phone.locator("#rich-menu-panel").isVisible()).toBe(false);

        // ... and after a send, whatever sent it: here a tile of the menu itself.
        await toggle.click();
        const carousel = await replyTo(phone, () => phone.locator(".rich-menu-area").nth(1).click());
        expect(await toggle.getAttribute("aria-expanded")).toBe("false");
        const afterSend = await chatShare();
        expect(afterSend).toBeGreaterThanOrEqual(0.55);
        console.info(`chat area at ${viewport.width}×${viewport.height}: ${(atLoad * 100).toFixed(0)}% on load, ${(afterSend * 100).toFixed(0)}% after a send`);
        await ask(phone, "テレワーク相談センターの電話番号");

        // Nothing is cut off at the screen's edge: every time stamp whole, the page never wider than the
        // screen; only the carousel and the quick replies scroll sideways, as in LINE.
        expect(await carousel.locator(".flex-carousel").count()).toBe(1);
        const cut = await phone.evaluate(() => {
          const out: string[] = [];
          const scrollsSideways = (el: Element) => ["auto", "scroll", "hidden"].includes(getComputedStyle(el).overflowX);
          for (const el of document.querySelectorAll<HTMLElement>(".phone *")) {
            if (el.getClientRects().length === 0) continue;
            let inside = false;
            for (let parent = el.parentElement; parent && !inside; parent = parent.parentElement) inside = parent.id !== "chat" && scrollsSideways(parent);
            if (inside) continue;
            const box = el.getBoundingClientRect();
            if (box.left < -0.5 || box.right > innerWidth + 0.5) out.push(`${el.className || el.tagName} spans ${box.left.toFixed(0)}–${box.right.toFixed(0)}`);
          }
          for (const time of document.querySelectorAll<HTMLElement>(".time")) {
            if (time.scrollWidth > time.clientWidth + 1) out.push(`time ${time.textContent} is cut`);
          }
          if (document.documentElement.scrollWidth > document.documentElement.clientWidth) out.push("the page scrolls sideways");
          return out;
        });
        expect(cut).toEqual([]);
        expect(await phone.locator(".time").count()).toBeGreaterThan(3);
        expect(pageErrors).toEqual([]);
      } finally {
        await phone.close();
      }
    });

    it(`reaches each category once by keyboard at ${viewport.width} px, from a skip link to the input, with the focus visible at 3:1 at every stop`, async () => {
      const phone = await context.newPage();
      try {
        await phone.setViewportSize(viewport);
        await openChat(phone, base);
        const toggle = phone.locator("#rich-menu-toggle");
        await toggle.waitFor();
        const categories = await phone.locator(".rich-menu-area").evaluateAll((els) => els.map((el) => el.getAttribute("aria-label") ?? ""));
        expect(categories.length).toBeGreaterThan(3);
        const timesReached = (stops: FocusStop[]) => categories.map((category) => [category, stops.filter((s) => s.label === category).length]);
        const once = categories.map((category) => [category, 1]);

        // The first stop is a skip link that shows itself and takes the keyboard to the input.
        await focusPageStart(phone);
        await phone.keyboard.press("Tab");
        expect(await phone.evaluate(() => document.activeElement?.id)).toBe("skip-link");
        const skip = await phone.locator("#skip-link").boundingBox();
        expect(skip && skip.y >= 0 && skip.x + skip.width <= viewport.width).toBe(true);
        await phone.keyboard.press("Enter");
        expect(await phone.evaluate(() => document.activeElement?.id)).toBe("message");

        // The welcome offers the categories as card buttons and as quick replies; the menu has them too.
        await focusPageStart(phone);
        const welcome = await tabOrder(phone);
        expect(welcome.map((s) => s.id)).toEqual(expect.arrayContaining(["skip-link", "tools-toggle", "message", "rich-menu-toggle"]));
        expect(timesReached(welcome)).toEqual(once);

        // With the menu opened, and a carousel in the chat, still once each; the menu's tiles come after its bar.
        const carousel = await replyTo(phone, () => phone.locator("#quick-replies .chip").nth(1).click());
        expect(await carousel.locator(".flex-carousel").count()).toBe(1);
        await toggle.click();
        await focusPageStart(phone);
        const withMenu = await tabOrder(phone);
        expect(timesReached(withMenu)).toEqual(once);
        const bar = withMenu.findIndex((s) => s.id === "rich-menu-toggle");
        expect(withMenu.slice(bar + 1).map((s) => s.label)).toEqual(expect.arrayContaining(categories));

        // The focus indicator at every stop: a ring of 2 px or more, 3:1 or more against what it is drawn on
        // (and, over the menu's picture, against any colour), never cut off.
        const stops = [...welcome, ...withMenu];
        const weak = stops
          .map((s) => ({ ...s, contrast: indicatorContrast(s), anywhere: indicatorContrastOnAnything(s) }))
          .filter((s) => s.style === "none" || s.width < 2 || s.clipped || (s.contrast ?? s.anywhere) < 3 || s.anywhere < 3);
        expect(weak).toEqual([]);
        const known = stops.map(indicatorContrast).filter((c): c is number => c !== null);
        console.info(
          `focus at ${viewport.width} px: ${stops.length} stops, contrast with the surface ${Math.min(...known).toFixed(2)}–${Math.max(...known).toFixed(2)}:1, on any colour ≥ ${Math.min(...stops.map(indicatorContrastOnAnything)).toFixed(2)}:1`,
        );
      } finally {
        await phone.close();
      }
    });
  }

  it("passes axe-core's WCAG 2.1 A and AA rules: on load, and with cards, a carousel, the menu, the tools and the LINE JSON open", async () => {
    const other = await context.newPage();
    try {
      await other.setViewportSize({ width: 390, height: 844 });
      await openChat(other, `${base}/?at=2026-11-24T10:00`);
      await other.locator("#rich-menu-toggle").waitFor();
      expect(await axeViolations(other)).toEqual([]);

      await ask(other, "テレワーク相談センターの電話番号");
      await replyTo(other, () => other.locator("#quick-replies .chip", { hasText: "助成金・補助金" }).click());
      await other.locator("#rich-menu-toggle").click();
      await other.locator("#tools-toggle").click();
      await other.locator("#show-json").check();
      expect(await axeViolations(other)).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it("answers in a sentence before the cards, on a phone 390 px wide (the README's pictures)", async () => {
    const phone = await context.newPage();
    try {
      await phone.setViewportSize({ width: 390, height: 844 });
      const scenes = [
        { name: "holiday", at: "2026-11-23T10:00", questions: ["今電話つながる？"], sentence: "いま受け付けている窓口はありません。本日は祝日（勤労感謝の日）のため" },
        { name: "detail", at: "2026-11-24T10:00", questions: ["働き方改革推進支援助成金", "いくらもらえる？"], sentence: "の金額は、この案内（2020年3月12日の発表）には載っていません。" },
      ];
      for (const scene of scenes) {
        // The menu is folded at first, so the sentence and the card are in view.
        await openChat(phone, `${base}/?at=${scene.at}`);
        let reply: Locator | undefined;
        for (const question of scene.questions) reply = await ask(phone, question);
        expect(await reply?.locator(".text-bubble").first().innerText()).toContain(scene.sentence);
        await phone.locator(".row.user").last().evaluate((row) => row.scrollIntoView({ block: "start" }));
        const shot = readmeAnswerShot(scene.name);
        mkdirSync(path.dirname(shot), { recursive: true });
        await phone.screenshot({ path: shot });
        expect(statSync(shot).size).toBeLessThan(150 * 1024);
      }
    } finally {
      await phone.close();
    }
  });

  it("saves a small screenshot for the README", async () => {
    const small = await context.newPage();
    try {
      await small.setViewportSize({ width: 390, height: 844 });
      // A fixed simulated weekday keeps the picture (and its file) the same from run to run.
      await openChat(small, `${base}/?at=2026-11-24T10:00`);
      await ask(small, "テレワーク相談センターの電話番号");
      // The rich menu has its own picture in the README; folded, as it is while typing, it leaves the card in view.
      await small.locator(".row.user").last().evaluate((row) => row.scrollIntoView({ block: "start" }));
      mkdirSync(path.dirname(readmeShot), { recursive: true });
      await small.screenshot({ path: readmeShot });
      expect(statSync(readmeShot).size).toBeLessThan(150 * 1024);
    } finally {
      await small.close();
    }
  });
});
