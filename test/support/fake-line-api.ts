import { randomUUID } from "node:crypto";
import { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedCall {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, or the raw text when it is not JSON. */
  body: unknown;
  /** The bytes as sent (images). */
  raw: Buffer;
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

/** A rich menu as the fake API holds it: the object it was created with and its uploaded image. */
export interface StoredRichMenu {
  richMenuId: string;
  request: { size: { width: number; height: number }; name: string; chatBarText: string; selected: boolean; areas: unknown[] };
  image: { contentType: string; bytes: Buffer } | null;
}

export interface FakeLineApi {
  baseUrl: string;
  calls: RecordedCall[];
  /** Rich menus that exist now, in creation order. */
  richMenus(): StoredRichMenu[];
  /** The default rich menu's id, or null. */
  defaultRichMenuId(): string | null;
  /** Calls to POST /v2/bot/message/reply. */
  replies(): RecordedCall[];
  /** The next calls get these answers, in order; calls after them get the normal answer. */
  plan(...answers: PlannedAnswer[]): void;
  /** Resolves once at least `count` reply calls have arrived. */
  waitForReplies(count: number, timeoutMs?: number): Promise<RecordedCall[]>;
  close(): Promise<void>;
}

export const REPLY_PATH = "/v2/bot/message/reply";

const richMenuLimits = { minWidth: 800, maxWidth: 2500, minHeight: 250, minRatio: 1.45, maxAreas: 20, chatBarText: 14, name: 300, imageBytes: 1024 * 1024 };

interface Answer {
  status: number;
  body: unknown;
}

const badRequest = (message: string, details: { message: string; property: string }[] = []): Answer => ({
  status: 400,
  body: details.length > 0 ? { message, details } : { message },
});

/** The checks LINE makes on a rich menu object, with LINE's error shape (message + details). */
function richMenuProblems(body: unknown): { message: string; property: string }[] {
  const menu = (body ?? {}) as Partial<StoredRichMenu["request"]>;
  const problems: { message: string; property: string }[] = [];
  const size = menu.size;
  if (!size || !(size.width >= richMenuLimits.minWidth && size.width <= richMenuLimits.maxWidth) || !(size.height >= richMenuLimits.minHeight) || size.width / size.height < richMenuLimits.minRatio) {
    problems.push({ message: "invalid size", property: "size" });
  }
  if (typeof menu.name !== "string" || menu.name.length === 0 || menu.name.length > richMenuLimits.name) problems.push({ message: "invalid name", property: "name" });
  if (typeof menu.chatBarText !== "string" || menu.chatBarText.length > richMenuLimits.chatBarText) problems.push({ message: "invalid chatBarText", property: "chatBarText" });
  if (typeof menu.selected !== "boolean") problems.push({ message: "must be specified", property: "selected" });
  const areas = Array.isArray(menu.areas) ? menu.areas : [];
  if (areas.length === 0 || areas.length > richMenuLimits.maxAreas) problems.push({ message: "invalid areas", property: "areas" });
  areas.forEach((area, i) => {
    const { bounds, action } = (area ?? {}) as { bounds?: { x: number; y: number; width: number; height: number }; action?: { type?: string; data?: string } };
    const inside = bounds && size && bounds.x >= 0 && bounds.y >= 0 && bounds.width > 0 && bounds.height > 0 && bounds.x + bounds.width <= size.width && bounds.y + bounds.height <= size.height;
    if (!inside) problems.push({ message: "bounds out of the rich menu", property: `areas[${i}].bounds` });
    if (action?.type !== "postback" || typeof action.data !== "string" || action.data.length > 300) problems.push({ message: "invalid action", property: `areas[${i}].action` });
  });
  return problems;
}

/** The parts of api.line.me and api-data.line.me the bot and `npm run richmenu` use, with LINE's state rules. */
function createLineState() {
  const menus = new Map<string, StoredRichMenu>();
  let defaultId: string | null = null;
  const menuPath = /^\/v2\/bot\/richmenu\/([\w-]+)(\/content)?$/;
  const defaultPath = /^\/v2\/bot\/user\/all\/richmenu\/([\w-]+)$/;

  function answer(call: RecordedCall): Answer {
    const { method, path } = call;
    if (path === REPLY_PATH) return { status: 200, body: { sentMessages: [{ id: String(Date.now()), quoteToken: randomUUID() }] } };
    if (path === "/v2/bot/chat/loading/start") return { status: 202, body: {} };
    if (method === "POST" && path === "/v2/bot/richmenu/validate") {
      const problems = richMenuProblems(call.body);
      return problems.length > 0 ? badRequest(`The request body has ${problems.length} error(s)`, problems) : { status: 200, body: {} };
    }
    if (method === "POST" && path === "/v2/bot/richmenu") {
      const problems = richMenuProblems(call.body);
      if (problems.length > 0) return badRequest(`The request body has ${problems.length} error(s)`, problems);
      const richMenuId = `richmenu-${randomUUID().replaceAll("-", "")}`;
      menus.set(richMenuId, { richMenuId, request: call.body as StoredRichMenu["request"], image: null });
      return { status: 200, body: { richMenuId } };
    }
    if (method === "GET" && path === "/v2/bot/richmenu/list") {
      return { status: 200, body: { richmenus: [...menus.values()].map((m) => ({ richMenuId: m.richMenuId, ...m.request })) } };
    }
    if (method === "GET" && path === "/v2/bot/user/all/richmenu") {
      return defaultId ? { status: 200, body: { richMenuId: defaultId } } : { status: 404, body: { message: "no default richmenu" } };
    }
    const forDefault = defaultPath.exec(path);
    if (method === "POST" && forDefault?.[1]) {
      const menu = menus.get(forDefault[1]);
      if (!menu) return { status: 404, body: { message: "richmenu not found" } };
      if (!menu.image) return badRequest("must upload richmenu image before applying it to user");
      defaultId = menu.richMenuId;
      return { status: 200, body: {} };
    }
    const forMenu = menuPath.exec(path);
    const menu = forMenu?.[1] ? menus.get(forMenu[1]) : undefined;
    if (forMenu && !menu) return { status: 404, body: { message: "Not found" } };
    if (menu && method === "POST" && forMenu?.[2]) {
      const contentType = String(call.headers["content-type"] ?? "");
      if (contentType !== "image/png" && contentType !== "image/jpeg") return { status: 415, body: { message: "Unsupported Media Type" } };
      if (call.raw.length > richMenuLimits.imageBytes) return { status: 413, body: { message: "Request Entity Too Large" } };
      if (menu.image) return badRequest("An image has already been uploaded to the richmenu");
      menu.image = { contentType, bytes: call.raw };
      return { status: 200, body: {} };
    }
    if (menu && method === "DELETE") {
      menus.delete(menu.richMenuId);
      if (defaultId === menu.richMenuId) defaultId = null;
      return { status: 200, body: {} };
    }
    if (menu && method === "GET") return { status: 200, body: { richMenuId: menu.richMenuId, ...menu.request } };
    return { status: 200, body: {} };
  }

  return { answer, menus: () => [...menus.values()], defaultId: () => defaultId };
}

async function readBody(req: IncomingMessage): Promise<{ body: unknown; raw: Buffer }> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  const text = raw.toString("utf8");
  try {
    return { body: JSON.parse(text), raw };
  } catch {
    return { body: text, raw };
  }
}

/** A stand-in for api.line.me on 127.0.0.1 that records every request, like the evaluator's. */
export async function startFakeLineApi(): Promise<FakeLineApi> {
  const calls: RecordedCall[] = [];
  const planned: PlannedAnswer[] = [];
  const waiters = new Set<() => void>();
  const state = createLineState();

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    const call: RecordedCall = {
      method: req.method ?? "",
      path,
      headers: req.headers,
      ...(await readBody(req)),
      requestId: randomUUID(),
      aborted: false,
    };
    calls.push(call);
    for (const wake of waiters) wake();

    const plan = planned.shift() ?? {};
    // A planned answer replaces LINE's, so a planned failure changes no state.
    const normal = plan.status ? { status: plan.status, body: {} } : state.answer(call);
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
    richMenus: state.menus,
    defaultRichMenuId: state.defaultId,
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
