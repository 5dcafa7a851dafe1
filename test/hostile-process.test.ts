import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { type AddressInfo, connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeLineApi, startFakeLineApi } from "./support/fake-line-api.ts";
import { type StartedMain, startMain } from "./support/main-process.ts";
import { ACCESS_TOKEN, CHANNEL_SECRET } from "./support/test-server.ts";
import { postWebhook, sign, textMessageEvent, webhookBody } from "./support/webhook.ts";

// The real process (`node src/main.ts`), as it runs in production: broken data at start, and
// SIGTERM in the middle of a burst.

const projectRoot = path.resolve(import.meta.dirname, "..");

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

let running: StartedMain | undefined;
let lineApi: FakeLineApi | undefined;
let dataCopy: string | undefined;

afterEach(async () => {
  if (running?.child.exitCode === null) running.child.kill("SIGKILL");
  await lineApi?.close();
  if (dataCopy) rmSync(dataCopy, { recursive: true, force: true });
  running = undefined;
  lineApi = undefined;
  dataCopy = undefined;
});

describe("a broken data file at start", () => {
  const edit = (file: string, change: (text: string) => string) => (dir: string) => {
    const full = path.join(dir, file);
    writeFileSync(full, change(readFileSync(full, "utf8")));
  };

  it.each([
    ["a field of the wrong format", edit("resources/01-tw-sodan.yaml", (t) => t.replace("value: 0120-91-6479", "value: call-us")), /resources\/01-tw-sodan\.yaml: resource "tw-sodan": contacts\[0\]\.value: /],
    ["a reference to a category that does not exist", edit("resources/01-tw-sodan.yaml", (t) => t.replace(/^category: .*$/m, "category: nowhere")), /resources\/01-tw-sodan\.yaml: resource "tw-sodan": category: "nowhere"/],
    ["a file that is not YAML", edit("resources/05-it-subsidy.yaml", (t) => `${t}\n  - : [unclosed\n`), /resources\/05-it-subsidy\.yaml: YAML として読めません/],
    ["a missing field in catalog.yaml", edit("catalog.yaml", (t) => t.replace(/^version: .*$/m, "")), /catalog\.yaml: catalog: version: /],
  ])("refuses to start on %s, names the file and field, and never opens its port", async (_case, breakIt, problem) => {
    dataCopy = mkdtempSync(path.join(tmpdir(), "broken-data-"));
    cpSync(path.join(projectRoot, "data"), dataCopy, { recursive: true });
    breakIt(dataCopy);
    const port = await freePort();

    running = startMain({ PORT: String(port), DATA_DIR: dataCopy, LINE_CHANNEL_SECRET: CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN: ACCESS_TOKEN });
    let answered = false;
    let exited = false;
    const exitCode = running.exited.then((code) => ((exited = true), code));
    // Knock on the port for as long as the process lives: half-loaded, it must never answer.
    while (!exited) {
      answered ||= await accepts(port);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }

    expect(await exitCode).toBe(1);
    expect(answered).toBe(false);
    expect(await accepts(port)).toBe(false);
    expect(running.stderr()).toMatch(problem);
    expect(running.stdout()).not.toContain("server listening");
  });
});

describe("SIGTERM during a burst", () => {
  it("sends the replies of every accepted request before exiting 0, and refuses new connections", async () => {
    lineApi = await startFakeLineApi();
    const port = await freePort();
    running = startMain({
      PORT: String(port),
      LINE_CHANNEL_SECRET: CHANNEL_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: ACCESS_TOKEN,
      LINE_API_BASE_URL: lineApi.baseUrl,
      LOG_LEVEL: "debug",
    });
    await expect.poll(() => running?.stdout() ?? "", { timeout: 10_000 }).toContain('"msg":"server listening"');
    const url = `http://127.0.0.1:${port}`;

    // Every reply takes two seconds at LINE, so all of them are still in flight at SIGTERM.
    const requests = Array.from({ length: 40 }, (_, i) => [textMessageEvent(`テレワーク${i}`), textMessageEvent(`助成金${i}`)]);
    lineApi.plan(...Array.from({ length: 2 * requests.length + 1 }, () => ({ delayMs: 2000 })));
    const bodies = requests.map(webhookBody);
    const burstStartedAt = performance.now();
    const statuses = await Promise.all(bodies.map((body) => postWebhook(url, body, { secret: CHANNEL_SECRET }).then((r) => r.status)));
    expect(statuses.every((s) => s === 200)).toBe(true);

    // One more webhook whose body is still arriving when the signal lands.
    const late = textMessageEvent("在宅勤務の相談");
    const lateBody = Buffer.from(webhookBody([late]));
    let lateStatus: number | undefined;
    const lateRequest = request(`${url}/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": lateBody.length, "x-line-signature": sign(lateBody, CHANNEL_SECRET) },
    });
    const lateAnswered = new Promise<void>((resolve, reject) => {
      lateRequest.on("response", (res) => ((lateStatus = res.statusCode), res.resume(), res.on("end", resolve)));
      lateRequest.on("error", reject);
    });
    lateRequest.write(lateBody.subarray(0, 100));
    await new Promise((resolve) => setTimeout(resolve, 50));

    running.child.kill("SIGTERM");
    expect(performance.now() - burstStartedAt).toBeLessThan(1800);
    await expect.poll(() => running?.stdout() ?? "").toContain('"msg":"shutting down: no new connections, finishing accepted events"');
    const refused = await fetch(`${url}/healthz`).then(
      () => "answered",
      (err: Error & { cause?: { code?: string } }) => err.cause?.code,
    );
    expect(refused).toBe("ECONNREFUSED");

    lateRequest.end(lateBody.subarray(100));
    await lateAnswered;
    expect(lateStatus).toBe(200);

    expect(await running.exited).toBe(0);
    const tokens = [...requests.flat(), late].map((e) => e.replyToken);
    const replied = lineApi.replies();
    expect(replied.map((c) => (c.body as { replyToken: string }).replyToken).sort()).toEqual(tokens.sort());
    expect(replied.every((c) => !c.aborted)).toBe(true);
    expect(running.stdout()).toContain('"msg":"shutdown complete"');

    const everySignature = [...bodies, lateBody].map((b) => sign(b, CHANNEL_SECRET));
    for (const secret of [CHANNEL_SECRET, ACCESS_TOKEN, ...everySignature]) expect(running.output()).not.toContain(secret);
  });
});
