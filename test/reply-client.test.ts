import { type IncomingHttpHeaders, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { messagingApi } from "@line/bot-sdk";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../src/log.ts";
import { createReplyClient } from "../src/server/reply-client.ts";

// What LINE receives from the bot's reply client must be what the SDK would have sent.

interface RawCall {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The client's port: the same port means the same connection. */
  clientPort: number | undefined;
}

async function startRecorder() {
  const calls: RawCall[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      calls.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks), clientPort: req.socket.remotePort });
      res.writeHead(200, { "content-type": "application/json", "x-line-request-id": `id-${calls.length}` });
      res.end('{"sentMessages":[{"id":"1","quoteToken":"q"}]}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const silent = createLogger("silent", new Writable({ write: (_chunk, _encoding, done) => done() }));
const messages: messagingApi.Message[] = [
  { type: "text", text: "テレワーク相談センター\n「電話」\u2028😀 \\ \"quoted\"", quickReply: { items: [{ type: "action", action: { type: "message", label: "窓口", text: "窓口" } }] } },
  { type: "flex", altText: "カード", contents: { type: "bubble", body: { type: "box", layout: "vertical", contents: [{ type: "text", text: "a</script>", wrap: true }] } } },
];

let recorder: Awaited<ReturnType<typeof startRecorder>> | undefined;
afterEach(async () => {
  await recorder?.close();
  recorder = undefined;
});

describe("createReplyClient", () => {
  it("sends the same bytes and headers to the reply endpoint as the SDK", async () => {
    recorder = await startRecorder();
    const sdk = new messagingApi.MessagingApiClient({ channelAccessToken: "token-a", baseURL: recorder.baseUrl });
    await sdk.replyMessage({ replyToken: "0123456789abcdef0123456789abcdef", messages });
    const client = createReplyClient({ channelAccessToken: "token-a", baseUrl: recorder.baseUrl, timeoutMs: 2000 });
    expect(await client.reply("0123456789abcdef0123456789abcdef", messages, silent)).toEqual({ sent: true, requestId: "id-2" });

    const [viaSdk, viaClient] = recorder.calls;
    expect(viaClient?.body.equals(viaSdk?.body as Buffer)).toBe(true);
    expect(viaClient?.method).toBe(viaSdk?.method);
    expect(viaClient?.url).toBe(viaSdk?.url);
    for (const header of ["authorization", "content-type", "user-agent", "content-length", "accept"]) {
      expect(viaClient?.headers[header]).toBe(viaSdk?.headers[header]);
    }
  });

  it("reuses one connection, and sends the same messages to other tokens with their own token", async () => {
    recorder = await startRecorder();
    const client = createReplyClient({ channelAccessToken: "token-a", baseUrl: recorder.baseUrl, timeoutMs: 2000 });
    for (const token of ["token-1", "token-2", "token-3"]) await client.reply(token, messages, silent);

    expect(recorder.calls.map((c) => c.body.toString("utf8"))).toEqual(
      ["token-1", "token-2", "token-3"].map((replyToken) => JSON.stringify({ replyToken, messages })),
    );
    expect(new Set(recorder.calls.map((c) => c.clientPort)).size).toBe(1);
  });
});
