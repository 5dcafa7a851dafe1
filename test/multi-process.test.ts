import type { messagingApi } from "@line/bot-sdk";
import { afterEach, describe, expect, it } from "vitest";
import { firstTextOf } from "../src/reply/limits.ts";
import { type FakeLineApi, type RecordedCall, startFakeLineApi } from "./support/fake-line-api.ts";
import { type StartedMain, startMain } from "./support/main-process.ts";
import { type OwnRedis, SHARED_REDIS_URL, keysUnder, runPrefix, redisServerInstalled, sharedRedisAvailable, startOwnRedis } from "./support/redis.ts";
import { ACCESS_TOKEN, CHANNEL_SECRET } from "./support/test-server.ts";
import { postWebhook, textMessageEvent, userId, webhookBody } from "./support/webhook.ts";

// Two bot processes behind one load balancer, sharing one Redis, on loopback: what LINE would see.

const redisUp = await sharedRedisAvailable();
const canStartRedis = redisServerInstalled();

interface Bot {
  process: StartedMain;
  url: string;
}

let started: StartedMain[] = [];
let lineApi: FakeLineApi | undefined;
let ownRedis: OwnRedis | undefined;

afterEach(async () => {
  for (const p of started) if (p.child.exitCode === null) p.child.kill("SIGKILL");
  started = [];
  await lineApi?.close();
  lineApi = undefined;
  await ownRedis?.stop();
  ownRedis = undefined;
});

async function startBot(redisUrl: string, keyPrefix: string, api: FakeLineApi): Promise<Bot> {
  const process = startMain({
    PORT: "0",
    LOG_LEVEL: "info",
    LINE_CHANNEL_SECRET: CHANNEL_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: ACCESS_TOKEN,
    LINE_API_BASE_URL: api.baseUrl,
    REDIS_URL: redisUrl,
    STORE_KEY_PREFIX: keyPrefix,
  });
  started.push(process);
  await expect.poll(() => process.stdout(), { timeout: 15_000 }).toContain('"msg":"server listening"');
  const line = process.stdout().split("\n").find((l) => l.includes('"msg":"server listening"')) ?? "";
  return { process, url: (JSON.parse(line) as { url: string }).url.replace(/\/$/, "").replace("localhost", "127.0.0.1") };
}

const send = async (bot: Bot, ...events: unknown[]) => {
  const { status } = await postWebhook(bot.url, webhookBody(events), { secret: CHANNEL_SECRET });
  expect(status).toBe(200);
};

const repliesTo = (api: FakeLineApi, token: string | undefined): RecordedCall[] => api.replies().filter((c) => (c.body as { replyToken?: string }).replyToken === token);

async function replyTo(api: FakeLineApi, token: string | undefined): Promise<messagingApi.Message[]> {
  await expect.poll(() => repliesTo(api, token).length, { timeout: 10_000 }).toBe(1);
  return (repliesTo(api, token)[0]?.body as { messages: messagingApi.Message[] }).messages;
}

const firstCardName = (messages: messagingApi.Message[]) => {
  const flex = messages.find((m): m is messagingApi.FlexMessage => m.type === "flex");
  return flex && firstTextOf(flex.contents);
};

const logsOf = (bot: Bot) =>
  bot.process
    .stdout()
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const health = async (bot: Bot) => (await (await fetch(`${bot.url}/healthz`)).json()) as { status: string; reason?: string };

describe.skipIf(!redisUp)("two processes sharing the Redis at 127.0.0.1:6379", () => {
  it("answer a webhook event delivered to both exactly once", async () => {
    lineApi = await startFakeLineApi();
    const prefix = runPrefix();
    const [a, b] = await Promise.all([startBot(SHARED_REDIS_URL, prefix, lineApi), startBot(SHARED_REDIS_URL, prefix, lineApi)]);
    if (!a || !b) throw new Error("two bots expected");

    const events = Array.from({ length: 10 }, () => textMessageEvent("テレワークの相談窓口"));
    // The same events (a redelivery, or a retry through the load balancer) reach both processes at once.
    await Promise.all([send(a, ...events), send(b, ...events)]);
    for (const e of events) await replyTo(lineApi, e.replyToken);
    await expect
      .poll(() => [...logsOf(a), ...logsOf(b)].filter((r) => r.msg === "duplicate event skipped").length, { timeout: 10_000 })
      .toBe(events.length);
    for (const e of events) expect(repliesTo(lineApi, e.replyToken)).toHaveLength(1);
    expect((await keysUnder(prefix)).some((k) => k.startsWith(`${prefix}event:`))).toBe(true);
  });

  it("answer a follow-up on one process from the memory the other wrote", async () => {
    lineApi = await startFakeLineApi();
    const prefix = runPrefix();
    const [a, b] = await Promise.all([startBot(SHARED_REDIS_URL, prefix, lineApi), startBot(SHARED_REDIS_URL, prefix, lineApi)]);
    if (!a || !b) throw new Error("two bots expected");
    const source = { type: "user" as const, userId: userId() };

    const first = textMessageEvent("テレワークマネージャー", { source });
    await send(a, first);
    expect(firstCardName(await replyTo(lineApi, first.replyToken))).toBe("テレワークマネージャー事業");

    const followUp = textMessageEvent("そこの電話番号は？", { source });
    await send(b, followUp);
    expect(JSON.stringify(await replyTo(lineApi, followUp.replyToken))).toContain("03-5213-4032");
    await expect.poll(() => logsOf(b).some((r) => r.msg === "event handled" && r.followUp === "phone")).toBe(true);
    // What is kept is ids under the channel's prefix, never the user's words.
    const keys = await keysUnder(prefix);
    expect(keys).toContain(`${prefix}memory:user:${source.userId}`);
  });
});

describe.skipIf(!canStartRedis)("two processes when their Redis stops and starts again", () => {
  it("lose no reply, report degraded, log once, and recover by themselves", async () => {
    ownRedis = await startOwnRedis();
    lineApi = await startFakeLineApi();
    const prefix = runPrefix();
    const [a, b] = await Promise.all([startBot(ownRedis.url, prefix, lineApi), startBot(ownRedis.url, prefix, lineApi)]);
    if (!a || !b) throw new Error("two bots expected");
    expect((await health(a)).status).toBe("ok");

    await ownRedis.stop();
    const during = Array.from({ length: 12 }, (_, i) => textMessageEvent(["テレワーク相談センター", "助成金", "今つながる？"][i % 3] as string));
    for (const [i, e] of during.entries()) await send(i % 2 === 0 ? a : b, e);
    for (const e of during) expect(await replyTo(lineApi, e.replyToken)).not.toHaveLength(0);
    for (const bot of [a, b]) {
      const h = await health(bot);
      expect(h.status).toBe("degraded");
      expect(h.reason).toMatch(/Redis/);
      // One line when it started failing, not one per event.
      expect(logsOf(bot).filter((r) => typeof r.msg === "string" && r.msg.startsWith("shared store")).length).toBe(1);
    }

    await ownRedis.start();
    for (const bot of [a, b]) await expect.poll(async () => (await health(bot)).status, { timeout: 15_000, interval: 250 }).toBe("ok");
    // Shared again: memory written by one process is read by the other.
    const source = { type: "user" as const, userId: userId() };
    const first = textMessageEvent("テレワーク相談センター", { source });
    await send(b, first);
    await replyTo(lineApi, first.replyToken);
    const followUp = textMessageEvent("メールでも相談できる？", { source });
    await send(a, followUp);
    expect(JSON.stringify(await replyTo(lineApi, followUp.replyToken))).toContain("sodan@japan-telework.or.jp");
    for (const bot of [a, b]) expect(logsOf(bot).some((r) => r.msg === "shared store back")).toBe(true);
  });
});
