// Terminal chat: talk to the bot without LINE. Same catalog, understander and event handler as
// the webhook; only the delivery differs. `npm run chat -- --help` for usage.
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import type { messagingApi } from "@line/bot-sdk";
import { DateTime } from "luxon";
import { createEventHandler } from "../bot/handle-event.ts";
import { japanZone } from "../hours/holidays.ts";
import { createFollowUpResolver } from "../bot/follow-up.ts";
import type { ConversationMemory } from "../bot/memory.ts";
import type { BotReply, EventHandler } from "../bot/types.ts";
import { CatalogError, loadCatalog } from "../catalog/load.ts";
import type { Catalog } from "../catalog/schema.ts";
import { type UserAction, syntheticEvent } from "../simulator/events.ts";
import { type Conversations, createConversations } from "../store/conversations.ts";
import { createMemoryStore } from "../store/memory-store.ts";
import type { AskedTime } from "../understand/asked-time.ts";
import type { Decision, Understanding } from "../understand/decision.ts";
import { botName } from "../reply/copy.ts";
import { createUnderstander } from "../understand/understand.ts";
import { renderReplyText } from "./render-text.ts";

// data/ of this project whatever the working directory, unless --data or DATA_DIR says otherwise.
const defaultDataDir = path.resolve(import.meta.dirname, "../../data");

const usage = `使い方: npm run chat -- [オプション] [質問]

  質問を付けると 1 回だけ答えて終了します。付けなければ対話モードになります
  （番号でクイックリプライ、英字でカードのボタンをタップ。/quit または Ctrl-D で終了）。

オプション:
  --json           返信を LINE のメッセージ JSON で出力します
  --explain        ボットの判定（正規化した文、シグナル、地域、候補とスコア）も表示します
                   (--json と一緒に使うと判定は標準エラーに出します)
  --now <日時>     この日時として答えます。例: 2026-11-23T10:00+09:00（オフセット省略時は日本時間）
  --data <dir>     カタログのフォルダ（既定: 環境変数 DATA_DIR、なければ data/）
  -h, --help       この説明を表示します
`;

interface Options {
  json: boolean;
  explain: boolean;
  now: DateTime | null;
  dataDir: string;
  question: string | null;
}

class UsageError extends Error {
  readonly showUsage: boolean;
  constructor(message: string, showUsage: boolean) {
    super(message);
    this.showUsage = showUsage;
  }
}

function parseNow(value: string): DateTime {
  const parsed = DateTime.fromISO(value, { zone: japanZone, setZone: true });
  if (!parsed.isValid) throw new UsageError(`--now の日時が読めません: "${value}"（例: 2026-11-23T10:00+09:00）`, false);
  return parsed.setZone(japanZone);
}

const argSpec = {
  json: { type: "boolean", default: false },
  explain: { type: "boolean", default: false },
  now: { type: "string" },
  data: { type: "string" },
  help: { type: "boolean", short: "h", default: false },
} as const;

function parseOptions(argv: string[]): Options | "help" {
  const parsed = (() => {
    try {
      return parseArgs({ args: argv, allowPositionals: true, strict: true, options: argSpec });
    } catch (err) {
      throw new UsageError((err as Error).message, true);
    }
  })();
  const { values, positionals } = parsed;
  if (values.help) return "help";
  const question = positionals.join(" ").trim();
  return {
    json: values.json,
    explain: values.explain,
    now: values.now === undefined ? null : parseNow(values.now),
    dataDir: values.data ?? process.env.DATA_DIR ?? defaultDataDir,
    question: question === "" ? null : question,
  };
}

function describeDecision(decision: Decision): string {
  switch (decision.kind) {
    case "greeting":
      return `greeting (${decision.variant})`;
    case "category":
      return `category (${decision.categoryId}; 一致: ${decision.matched.join("、") || "なし"})`;
    case "resources":
      return `resources (${decision.matches.map((m) => m.resourceId).join(", ")})`;
    case "openNow":
      return `openNow (${decision.resourceIds.join(", ") || "電話窓口すべて"}${decision.contactIds.length > 0 ? `; 番号: ${decision.contactIds.join(", ")}` : ""})`;
    case "referral":
      return `referral (${decision.resourceId}; 近い分野: ${decision.categoryIds.join(", ") || "なし"})`;
    case "detail":
      return `detail (${decision.aspect}: ${decision.resourceIds.join(", ")})`;
    case "region":
      return `region (${decision.region}: ${decision.resourceIds.join(", ")})`;
    case "noMatch":
      return `noMatch (${decision.reason})`;
    case "chatter":
      return "chatter";
    case "clarify":
      return `clarify (${decision.matches.map((m) => m.resourceId).join(", ")})`;
  }
}

function describeUnderstanding(understanding: Understanding, catalog: Catalog): string[] {
  const { decision, explain } = understanding;
  const nameOf = (id: string) => catalog.resources.find((r) => r.id === id)?.name ?? id;
  const candidates = explain.candidates.map(
    (c, i) => `    ${i + 1}. ${nameOf(c.resourceId)} (${c.resourceId})  スコア ${c.score.toFixed(2)}  一致: ${c.matched.join("、") || "なし"}`,
  );
  return [
    `正規化: ${explain.normalized}`,
    `判定: ${describeDecision(decision)}`,
    `形態素: ${explain.tokens.join(" ") || "なし"}`,
    `内容語: ${explain.words.join("・") || "なし"}${explain.foreignNouns.length > 0 ? `（カタログにない名詞: ${explain.foreignNouns.join("・")}）` : ""}`,
    `シグナル: ${explain.signals.join(", ") || "なし"}`,
    `地域: ${explain.region ?? "なし"}`,
    `時期: ${understanding.time ? describeTime(understanding.time) : "なし"}`,
    "候補:",
    ...(candidates.length > 0 ? candidates : ["    なし"]),
    "根拠ごとの候補:",
    ...(explain.sources ?? []).map(
      (part) =>
        `    ${part.source}: ${[...part.candidates.map((c) => `${c.resourceId} ${c.score.toFixed(2)}（${c.matched.join("、")}）`), ...(part.elsewhere ?? [])].join(" / ") || "なし"}`,
    ),
  ];
}

/** The time a question named, as the operator reads it: 令和6年度 → 2024年度. */
function describeTime(time: AskedTime): string {
  if (time.kind === "year") return `${time.written} → ${time.year}年${time.fiscal ? "度" : ""}`;
  if (time.kind === "current") return `${time.written}（現在）`;
  return `${time.written}（${time.kind === "thisYear" ? "今" : "次の"}${time.fiscal ? "年度" : "年"}）`;
}

function describeMemory(memory: ConversationMemory | null, reply: BotReply | null): string[] {
  const remembered = memory
    ? `前回の表示 ${memory.resourceIds.join(", ")}${memory.categoryId ? `（分野 ${memory.categoryId}）` : ""}${memory.region ? `; 地域 ${memory.region}` : ""}${memory.list ? `; 直近の一覧 ${memory.list.join(", ")}` : ""}${memory.subject ? `; 話題 ${memory.subject.join(", ")}` : ""}`
    : "なし";
  const used = reply?.followUp ? `使用（続きの質問: ${reply.followUp.aspect}; 対象 ${reply.followUp.about.join(", ")}）` : "不使用（新しい質問として回答）";
  return [`記憶: ${remembered}`, ...(memory ? [`記憶の使用: ${used}`] : [])];
}

interface Session {
  /** Answers one user action: prints the reply and returns what the next keys tap. */
  deliver(action: UserAction): Promise<Map<string, messagingApi.Action>>;
}

// Like LINE, the chat remembers what it last showed for a while (conversation memory).
const CHAT_MEMORY_TTL_MS = 30 * 60_000;

function createSession(handleEvent: EventHandler, understand: (text: string) => Understanding, catalog: Catalog, options: Options): Session {
  const conversations: Conversations = createConversations(createMemoryStore(16), CHAT_MEMORY_TTL_MS);
  const { questionText } = createFollowUpResolver(catalog, understand);
  const out = (text: string) => process.stdout.write(`${text}\n`);
  // With --json, stdout stays pure JSON and the explanation goes to stderr.
  const explainOut = (text: string) => (options.json ? process.stderr : process.stdout).write(`${text}\n`);
  const explanation = (action: UserAction, memory: ConversationMemory | null, reply: BotReply | null): string =>
    [
      "--- 判定 ---",
      ...(action.type === "text" ? describeUnderstanding(understand(questionText(action.text)), catalog) : [`イベント: ${action.type}${action.type === "postback" ? ` (${action.data})` : ""}`]),
      ...describeMemory(memory, reply),
      `応答: ${reply?.reason ?? "noReply"}`,
      "------------",
    ].join("\n");

  return {
    async deliver(action) {
      const now = options.now ?? DateTime.now().setZone(japanZone);
      const event = syntheticEvent(action, now);
      const memory = await conversations.recall(event);
      const reply = handleEvent(event, { now, memory });
      await conversations.remember(event, reply?.memory);
      const messages = reply?.messages ?? [];
      if (options.explain) explainOut(explanation(action, memory, reply));
      const rendered = renderReplyText(messages);
      if (options.json) out(JSON.stringify(messages, null, 2));
      else out(reply ? rendered.text : "（ボットは返信しません）");
      return rendered.taps;
    },
  };
}

/** A typed key that taps a button, as LINE would send it; anything else is a text message. */
function actionFor(input: string, taps: Map<string, messagingApi.Action>): { action: UserAction; shown: string } {
  // Full-width digits come easily from a Japanese IME.
  const tapped = taps.get(input.normalize("NFKC").toLowerCase());
  if (tapped?.type === "postback") {
    const shown = tapped.displayText ?? `（${tapped.label ?? "ボタン"} をタップ）`;
    return { action: { type: "postback", data: tapped.data ?? "", ...(tapped.displayText ? { displayText: tapped.displayText } : {}) }, shown };
  }
  if (tapped?.type === "message") return { action: { type: "text", text: tapped.text ?? "" }, shown: tapped.text ?? "" };
  return { action: { type: "text", text: input }, shown: input };
}

/**
 * A short number that taps nothing was meant as a tap, not as a question: say which numbers work.
 * Longer digit strings (a phone number) are still questions.
 */
function missedTapHint(input: string, taps: Map<string, messagingApi.Action>): string | null {
  const key = input.normalize("NFKC");
  if (!/^\d{1,2}$/.test(key) || taps.has(key)) return null;
  const numbers = [...taps.keys()].filter((k) => /^\d+$/.test(k)).map(Number);
  if (numbers.length === 0) return "いま番号で選べるボタンはありません。質問は言葉で入力してください。";
  return `番号は ${Math.min(...numbers)}〜${Math.max(...numbers)} から選んでください。質問は言葉で入力してください。`;
}

async function interactive(session: Session, name: string): Promise<void> {
  const tty = process.stdin.isTTY === true;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: tty, prompt: "あなた> " });
  // Without this, Ctrl-C in a terminal would only pause the prompt.
  rl.on("SIGINT", () => rl.close());
  process.stdout.write(`${name}（ターミナル版）です。質問を入力してください。/quit で終了します。\n\n`);
  let taps = await session.deliver({ type: "follow" });
  process.stdout.write("\n");
  if (tty) rl.prompt();
  for await (const line of rl) {
    const input = line.trim();
    if (input === "/quit") break;
    const hint = missedTapHint(input, taps);
    if (hint !== null) process.stdout.write(`${hint}\n`);
    else if (input !== "") {
      const { action, shown } = actionFor(input, taps);
      // Piped input is not echoed by a terminal, and a tap sends other text than was typed: show what was sent.
      if (!tty || shown !== input) process.stdout.write(`あなた> ${shown}\n`);
      process.stdout.write("\n");
      taps = await session.deliver(action);
      process.stdout.write("\n");
    }
    if (tty) rl.prompt();
  }
  rl.close();
}

async function main(argv: string[]): Promise<number> {
  let options;
  try {
    options = parseOptions(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(err.showUsage ? `${err.message}\n\n${usage}` : `${err.message}\n`);
    return 2;
  }
  if (options === "help") {
    process.stdout.write(usage);
    return 0;
  }

  let catalog: Catalog;
  try {
    catalog = loadCatalog(options.dataDir);
  } catch (err) {
    if (!(err instanceof CatalogError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
  const understand = createUnderstander(catalog);
  const session = createSession(createEventHandler({ catalog, understand }), understand, catalog, options);

  if (options.question !== null) await session.deliver({ type: "text", text: options.question });
  else await interactive(session, botName(catalog));
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
