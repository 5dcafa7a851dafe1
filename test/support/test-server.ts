import { Writable } from "node:stream";
import type { Router } from "express";
import { DateTime } from "luxon";
import type { EventHandler } from "../../src/bot/types.ts";
import { createLogger } from "../../src/log.ts";
import { type AppOptions, createApp } from "../../src/server/app.ts";
import { createReplyClient } from "../../src/server/reply-client.ts";
import { type RunningServer, serve } from "../../src/server/serve.ts";
import { type FakeLineApi, startFakeLineApi } from "./fake-line-api.ts";

export const CHANNEL_SECRET = "test-channel-secret-5f2b9c1e7a";
export const ACCESS_TOKEN = "test-access-token-Qm9vZ3l3b29neQ";
/** Noon on a Tuesday in Tokyo: the stub handlers' clock. */
export const FIXED_NOW = DateTime.fromISO("2026-03-10T12:00:00", { zone: "Asia/Tokyo" });

export interface LogRecord {
  level: number;
  msg: string;
  [field: string]: unknown;
}

export interface LogCapture {
  /** Every line exactly as written, to check that secrets never appear. */
  lines: string[];
  records(): LogRecord[];
}

function captureLogs(): { stream: Writable; capture: LogCapture } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
      done();
    },
  });
  return { stream, capture: { lines, records: () => lines.map((l) => JSON.parse(l) as LogRecord) } };
}

export interface TestServerOptions {
  handleEvent: EventHandler;
  /** False starts the server without LINE credentials (webhook disabled). */
  withLine?: boolean;
  replyTimeoutMs?: number;
  simulator?: Router;
  recordExchange?: AppOptions["recordExchange"];
  admin?: Router;
  /** The shared state (a Redis one, say); the app's own in-memory state by default. */
  state?: AppOptions["state"];
}

export interface TestServer {
  baseUrl: string;
  lineApi: FakeLineApi;
  logs: LogCapture;
  running: RunningServer;
  /** Waits until every accepted event has been handled and its reply call has finished. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** The real app on 127.0.0.1 (random port), replying to a fake LINE API, logging into memory. */
export async function startTestServer(options: TestServerOptions): Promise<TestServer> {
  const lineApi = await startFakeLineApi();
  const { stream, capture } = captureLogs();
  const logger = createLogger("debug", stream);
  const app = createApp({
    handleEvent: options.handleEvent,
    clock: () => FIXED_NOW,
    logger,
    line:
      options.withLine === false
        ? null
        : {
            channelSecret: CHANNEL_SECRET,
            replier: createReplyClient({ channelAccessToken: ACCESS_TOKEN, baseUrl: lineApi.baseUrl, timeoutMs: options.replyTimeoutMs ?? 2000 }),
          },
    catalogInfo: { version: "test-2026.03", resources: 3 },
    simulator: options.simulator,
    recordExchange: options.recordExchange,
    admin: options.admin,
    ...(options.state ? { state: options.state } : {}),
  });
  const running = await serve(app, 0, "127.0.0.1");
  return {
    baseUrl: `http://127.0.0.1:${running.port}`,
    lineApi,
    logs: capture,
    running,
    async settle() {
      if (!(await app.drain(5000))) throw new Error("events still in flight after 5 s");
    },
    async close() {
      await running.stop(1000);
      await lineApi.close();
    },
  };
}
