import { mkdtempSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FakeLineApi, startFakeLineApi } from "./support/fake-line-api.ts";
import { type StartedMain, startMain as startProcess } from "./support/main-process.ts";
import { ACCESS_TOKEN, CHANNEL_SECRET } from "./support/test-server.ts";
import { postWebhook, textMessageEvent, webhookBody } from "./support/webhook.ts";

// The composition root as the evaluator runs it: a separate process, configured by environment.

/** Port 0: the process picks a free port and logs it. */
const startMain = (env: Record<string, string>): StartedMain => startProcess({ PORT: "0", ...env });

async function listeningUrl(started: StartedMain): Promise<string> {
  await expect.poll(() => started.stdout(), { timeout: 10_000 }).toContain('"msg":"server listening"');
  const line = started.stdout().split("\n").find((l) => l.includes('"msg":"server listening"')) ?? "";
  return (JSON.parse(line) as { url: string }).url.replace(/\/$/, "").replace("localhost", "127.0.0.1");
}

let running: StartedMain | undefined;
let lineApi: FakeLineApi | undefined;

afterEach(async () => {
  if (running?.child.exitCode === null) running.child.kill("SIGKILL");
  await lineApi?.close();
  running = undefined;
  lineApi = undefined;
});

describe("npm start (src/main.ts)", () => {
  it("exits 1 naming each bad variable", async () => {
    running = startMain({ PORT: "eighty", LOG_LEVEL: "loud" });
    expect(await running.exited).toBe(1);
    expect(running.stderr()).toMatch(/PORT: /);
    expect(running.stderr()).toMatch(/LOG_LEVEL: /);
  });

  it("exits 1 in production without LINE credentials", async () => {
    running = startMain({ NODE_ENV: "production" });
    expect(await running.exited).toBe(1);
    expect(running.stderr()).toContain("LINE_CHANNEL_SECRET");
    expect(running.stderr()).toContain("LINE_CHANNEL_ACCESS_TOKEN");
  });

  it("exits 1 with the catalog's problems, naming the folder it read, when DATA_DIR cannot be loaded", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "empty-data-"));
    running = startMain({ DATA_DIR: dataDir });
    expect(await running.exited).toBe(1);
    expect(running.stderr().startsWith(`カタログ (${dataDir}/) に 1 件の問題があります`)).toBe(true);
    expect(running.stderr()).toContain(`${dataDir}/resources/: フォルダを読み込めません`);
    expect(running.stdout()).not.toContain("server listening");
  });

  it("exits 1 with one line naming the port and how to choose another when the port is taken", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, resolve));
    try {
      const { port } = taken.address() as AddressInfo;
      running = startProcess({ PORT: String(port) });
      expect(await running.exited).toBe(1);
      expect(running.stderr()).toBe(`ポート ${port} はほかのプログラムが使用中のため起動できません。先に起動したものを止めるか、PORT=3001 npm start のように別のポートを指定してください。\n`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it("starts without the webhook when credentials are unset, and says how to enable it", async () => {
    running = startMain({});
    const url = await listeningUrl(running);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/webhook`, { method: "POST", body: "{}" })).status).toBe(503);
    expect(running.stdout()).toContain("set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN");
    running.child.kill("SIGTERM");
    expect(await running.exited).toBe(0);
  });

  it("replies through LINE_API_BASE_URL, and on SIGTERM finishes the reply in progress before exiting 0", async () => {
    lineApi = await startFakeLineApi();
    running = startMain({ LINE_CHANNEL_SECRET: CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN: ACCESS_TOKEN, LINE_API_BASE_URL: lineApi.baseUrl });
    const url = await listeningUrl(running);
    const health = (await (await fetch(`${url}/healthz`)).json()) as { status: string; catalog: { resources: number } };
    expect(health.status).toBe("ok");
    expect(health.catalog.resources).toBeGreaterThan(0);

    lineApi.plan({ delayMs: 1000 });
    const event = textMessageEvent("テレワークの相談窓口");
    expect((await postWebhook(url, webhookBody([event]), { secret: CHANNEL_SECRET })).status).toBe(200);
    await lineApi.waitForReplies(1);
    running.child.kill("SIGTERM");

    expect(await running.exited).toBe(0);
    expect(lineApi.replies()[0]).toMatchObject({ aborted: false, body: { replyToken: event.replyToken } });
    expect(running.stdout()).toContain('"msg":"shutdown complete"');
    for (const secret of [CHANNEL_SECRET, ACCESS_TOKEN, "テレワークの相談窓口"]) expect(running.stdout()).not.toContain(secret);
  });
});
