import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../src/log.ts";
import { createInFlight } from "../src/server/in-flight.ts";
import { createReplyClient } from "../src/server/reply-client.ts";
import { startFakeLineApi } from "./support/fake-line-api.ts";

describe("createInFlight", () => {
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  it("drains tasks, including ones started while draining", async () => {
    const inFlight = createInFlight();
    const finished: string[] = [];
    inFlight.track(async () => {
      await sleep(30);
      finished.push("first");
      inFlight.track(async () => {
        await sleep(30);
        finished.push("second");
      });
    });
    expect(inFlight.size).toBe(1);
    expect(await inFlight.drain(1000)).toBe(true);
    expect(finished).toEqual(["first", "second"]);
    expect(inFlight.size).toBe(0);
  });

  it("stops waiting at the deadline", async () => {
    const inFlight = createInFlight();
    inFlight.track(() => sleep(500));
    expect(await inFlight.drain(50)).toBe(false);
    expect(inFlight.size).toBe(1);
  });
});

describe("createReplyClient", () => {
  function memoryLogger() {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString("utf8"));
        done();
      },
    });
    return { logger: createLogger("info", stream), records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
  }

  it("logs a network error and resolves instead of throwing", async () => {
    const api = await startFakeLineApi();
    const unreachable = api.baseUrl;
    await api.close();
    const { logger, records } = memoryLogger();
    const client = createReplyClient({ channelAccessToken: "token", baseUrl: unreachable, timeoutMs: 2000 });

    expect(await client.reply("0123456789abcdef0123456789abcdef", [{ type: "text", text: "こんにちは" }], logger)).toEqual({
      sent: false,
      failure: "network",
    });
    expect(records()).toContainEqual(expect.objectContaining({ msg: "reply failed: network error", code: "ECONNREFUSED" }));
  });

  it("returns the request id of a sent reply and never retries a failed one", async () => {
    const api = await startFakeLineApi();
    const { logger } = memoryLogger();
    const client = createReplyClient({ channelAccessToken: "token", baseUrl: api.baseUrl, timeoutMs: 2000 });
    api.plan({ status: 500 });

    expect(await client.reply("token-1", [{ type: "text", text: "a" }], logger)).toEqual({ sent: false, failure: "rejected", status: 500 });
    expect(await client.reply("token-2", [{ type: "text", text: "b" }], logger)).toEqual({ sent: true, requestId: api.calls[1]?.requestId });
    expect(api.calls.map((c) => (c.body as { replyToken: string }).replyToken)).toEqual(["token-1", "token-2"]);
    await api.close();
  });

  it("leaves fetch calls made outside a reply untouched", async () => {
    const api = await startFakeLineApi();
    createReplyClient({ channelAccessToken: "token", baseUrl: api.baseUrl, timeoutMs: 100 });
    api.plan({ delayMs: 300 });
    const response = await fetch(`${api.baseUrl}/v2/bot/info`);
    expect(response.status).toBe(200);
    await api.close();
  });
});
