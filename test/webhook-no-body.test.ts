import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { CHANNEL_SECRET, type TestServer, startTestServer } from "./support/test-server.ts";
import { sign } from "./support/webhook.ts";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A POST that declares no body at all: neither content-length nor transfer-encoding (written by hand, as clients add one). */
function postWithoutBody(baseUrl: string, signature: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = "";
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString("utf8")));
    socket.on("end", () => resolve({ status: Number(answer.split(" ")[1]), body: answer.slice(answer.indexOf("\r\n\r\n") + 4) }));
    socket.on("error", reject);
    socket.end(`POST /webhook HTTP/1.1\r\nHost: ${hostname}\r\nx-line-signature: ${signature}\r\nConnection: close\r\n\r\n`);
  });
}

describe("POST /webhook without a body", () => {
  it("checks the signature over zero bytes: 401 when it does not match, 400 (not JSON) when it does", async () => {
    server = await startTestServer({ handleEvent: () => null });
    expect(await postWithoutBody(server.baseUrl, sign("x", CHANNEL_SECRET))).toMatchObject({ status: 401 });
    const signed = await postWithoutBody(server.baseUrl, sign("", CHANNEL_SECRET));
    expect(signed.status).toBe(400);
    expect(JSON.parse(signed.body)).toEqual({ error: "malformed_json" });
  });
});
