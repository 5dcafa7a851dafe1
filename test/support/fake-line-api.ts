import { randomUUID } from "node:crypto";
import { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, or the raw text when it is not JSON. */
  body: unknown;
  /** The x-line-request-id this call was (or would have been) answered with. */
  requestId: string;
  /** True when the client gave up (e.g. its timeout) before the answer was sent. */
  aborted: boolean;
}

export interface PlannedAnswer {
  status?: number;
  /** Sent as is when a string, as JSON otherwise. */
  body?: unknown;
  /** Wait this long before answering. */
  delayMs?: number;
}

export interface FakeLineApi {
  baseUrl: string;
  calls: RecordedCall[];
  /** Calls to POST /v2/bot/message/reply. */
  replies(): RecordedCall[];
  /** The next calls get these answers, in order; calls after them get the normal answer. */
  plan(...answers: PlannedAnswer[]): void;
  /** Resolves once at least `count` reply calls have arrived. */
  waitForReplies(count: number, timeoutMs?: number): Promise<RecordedCall[]>;
  close(): Promise<void>;
}

export const REPLY_PATH = "/v2/bot/message/reply";

function normalAnswer(path: string): { status: number; body: unknown } {
  if (path === REPLY_PATH) return { status: 200, body: { sentMessages: [{ id: String(Date.now()), quoteToken: randomUUID() }] } };
  if (path === "/v2/bot/chat/loading/start") return { status: 202, body: {} };
  return { status: 200, body: {} };
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A stand-in for api.line.me on 127.0.0.1 that records every request, like the evaluator's. */
export async function startFakeLineApi(): Promise<FakeLineApi> {
  const calls: RecordedCall[] = [];
  const planned: PlannedAnswer[] = [];
  const waiters = new Set<() => void>();

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    const call: RecordedCall = {
      method: req.method ?? "",
      path,
      headers: req.headers,
      body: await readBody(req),
      requestId: randomUUID(),
      aborted: false,
    };
    calls.push(call);
    for (const wake of waiters) wake();

    const plan = planned.shift() ?? {};
    const normal = normalAnswer(path);
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(plan.status ?? normal.status, { "content-type": "application/json", "x-line-request-id": call.requestId });
      const body = plan.body ?? (plan.status && plan.status >= 400 ? { message: "fake error" } : normal.body);
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };
    if (!plan.delayMs) {
      send();
      return;
    }
    const timer = setTimeout(send, plan.delayMs);
    res.on("close", () => {
      if (!res.writableEnded) call.aborted = true;
      clearTimeout(timer);
    });
  }

  const server = createServer((req, res) => void answer(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const replies = () => calls.filter((c) => c.method === "POST" && c.path === REPLY_PATH);

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    calls,
    replies,
    plan: (...answers) => void planned.push(...answers),
    waitForReplies(count, timeoutMs = 3000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (replies().length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(replies());
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} reply call(s) within ${timeoutMs} ms, got ${replies().length}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
