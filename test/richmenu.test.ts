// The rich menu: generated from the real catalog, rendered with the packaged font, and deployed
// by the real command against the fake LINE API on loopback.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../src/catalog/load.ts";
import { parsePostback } from "../src/reply/postback-data.ts";
import { withQuickReply } from "../src/reply/quick-reply.ts";
import { maxImageBytes, rasterize } from "../src/richmenu/image.ts";
import { buildRichMenu } from "../src/richmenu/build.ts";
import { richMenuLayout, richMenuTag } from "../src/richmenu/layout.ts";
import { type FakeLineApi, startFakeLineApi } from "./support/fake-line-api.ts";
import { contrastRatio } from "./support/contrast.ts";

const root = path.resolve(import.meta.dirname, "..");
const catalog = loadCatalog(path.join(root, "data"));

function runRichMenu(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["src/cli/richmenu.ts", ...args], { cwd: root, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("rich menu from the catalog", () => {
  const { layout, request, svg } = buildRichMenu(catalog);
  const { size, tiles } = layout;

  it("offers the categories, 今つながる窓口 and 使い方 with exactly the quick reply's postbacks", () => {
    const [withChips] = withQuickReply([{ type: "text", text: "x" }], catalog);
    const chips = withChips?.quickReply?.items?.map((item) => item.action) ?? [];
    expect(request.areas?.map((a) => a.action)).toEqual(chips);
    expect(tiles.map((t) => t.label)).toEqual([...catalog.categories.map((c) => c.name), "今つながる窓口", "使い方"]);
    for (const tile of tiles) expect(parsePostback(tile.action.data ?? "", catalog)).not.toBeNull();
  });

  it("tiles the whole picture without overlaps, within LINE's rich menu rules", () => {
    expect(request.size).toEqual({ width: 2500, height: 1686 });
    expect(request.areas?.length).toBeLessThanOrEqual(20);
    expect(request.chatBarText?.length).toBeLessThanOrEqual(14);
    expect(request.name).toBe(`telework-navi-bot:richmenu ${catalog.version}`);
    expect(request.name?.startsWith(richMenuTag(catalog))).toBe(true);
    expect(request.areas?.map((a) => a.bounds)).toEqual(tiles.map((t) => t.bounds));
    const boxes = tiles.map((t) => t.bounds);
    const covered = boxes.reduce((sum, b) => sum + b.width * b.height, 0);
    expect(covered).toBe(size.width * size.height);
    for (const [i, a] of boxes.entries()) {
      expect(a.x + a.width).toBeLessThanOrEqual(size.width);
      expect(a.y + a.height).toBeLessThanOrEqual(size.height);
      for (const b of boxes.slice(i + 1)) {
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart).toBe(true);
      }
    }
  });

  it("is compact for few categories, full for more, and names the fix when they cannot fit", () => {
    const withCategories = (count: number) => ({
      ...catalog,
      categories: Array.from({ length: count }, (_, i) => ({ ...catalog.categories[0]!, id: `c${i}`, name: `分野${i}` })),
    });
    const three = richMenuLayout(withCategories(3));
    expect(three.size).toEqual({ width: 2500, height: 843 });
    expect(three.tiles).toHaveLength(5);
    expect(richMenuLayout(withCategories(9)).size).toEqual({ width: 2500, height: 1686 });
    expect(() => richMenuLayout(withCategories(10))).toThrow(/カテゴリが 10 件あり、リッチメニューに収まりません（最大 9 件）。catalog.yaml の categories を減らしてください/);
  });

  it("draws every label in the packaged font, readable on its tile (WCAG AA for large text and beyond)", () => {
    const image = rasterize(svg);
    expect([image.width, image.height]).toEqual([2500, 1686]);
    expect(image.png().length).toBeLessThan(maxImageBytes);
    for (const tile of tiles) {
      expect(contrastRatio(tile.foreground, tile.background)).toBeGreaterThanOrEqual(4.5);
      // Count label-coloured pixels in the tile: no font, no text, none of them.
      const { x, y, width, height } = tile.bounds;
      let ink = 0;
      for (let row = y + 20; row < y + height - 20; row += 2) {
        for (let col = x + 20; col < x + width - 20; col += 2) {
          const at = (row * image.width + col) * 4;
          if (image.pixels[at] === 255 && image.pixels[at + 1] === 255 && image.pixels[at + 2] === 255) ink += 1;
        }
      }
      expect(ink, tile.label).toBeGreaterThan(1000);
    }
  });
});

describe("npm run richmenu", { timeout: 30_000 }, () => {
  let api: FakeLineApi;
  let outDir: string;
  const env = () => ({ LINE_CHANNEL_ACCESS_TOKEN: "test-token", LINE_API_BASE_URL: api.baseUrl, LINE_API_DATA_BASE_URL: api.baseUrl });

  beforeAll(async () => {
    api = await startFakeLineApi();
    outDir = mkdtempSync(path.join(tmpdir(), "richmenu-"));
  });
  afterAll(async () => {
    await api.close();
    rmSync(outDir, { recursive: true, force: true });
  });
  afterEach(() => api.calls.splice(0));

  it("--out writes the PNG and the JSON LINE takes", async () => {
    const run = await runRichMenu(["--out", outDir], {});
    expect(run.code, run.stderr).toBe(0);
    const png = readFileSync(path.join(outDir, "richmenu.png"));
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([2500, 1686]);
    const json = JSON.parse(readFileSync(path.join(outDir, "richmenu.json"), "utf8"));
    expect(json).toEqual(buildRichMenu(catalog).request);
  });

  it("--deploy without --yes only validates: nothing is created", async () => {
    const run = await runRichMenu(["--deploy"], env());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("ドライラン");
    expect(api.calls.map((c) => `${c.method} ${c.path}`)).toEqual(["POST /v2/bot/richmenu/validate", "GET /v2/bot/richmenu/list"]);
    expect(api.calls[0]?.headers.authorization).toBe("Bearer test-token");
    expect(api.richMenus()).toEqual([]);
  });

  it("--deploy --yes twice leaves one menu, with its image, as the default", async () => {
    const first = await runRichMenu(["--deploy", "--yes"], env());
    expect(first.code, first.stderr).toBe(0);
    const [created] = api.richMenus();
    expect(api.defaultRichMenuId()).toBe(created?.richMenuId);

    const second = await runRichMenu(["--deploy", "--yes"], env());
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain(`以前のメニューを削除しました: ${created?.richMenuId}`);
    const menus = api.richMenus();
    expect(menus).toHaveLength(1);
    expect(menus[0]?.richMenuId).not.toBe(created?.richMenuId);
    expect(api.defaultRichMenuId()).toBe(menus[0]?.richMenuId);
    expect(menus[0]?.image?.contentType).toBe("image/png");
    expect(menus[0]?.image?.bytes.equals(readFileSync(path.join(outDir, "richmenu.png")))).toBe(true);
    expect(menus[0]?.request).toEqual(buildRichMenu(catalog).request);
  });

  it("shows LINE's message and request id when LINE refuses, and leaves no half-made menu", async () => {
    const before = api.richMenus().map((m) => m.richMenuId);
    // validate and list pass, create passes, the upload is refused.
    api.plan({}, {}, {}, { status: 400, body: { message: "The image size is invalid" } });
    const run = await runRichMenu(["--deploy", "--yes"], env());
    expect(run.code).toBe(1);
    const upload = api.calls.find((c) => c.path.endsWith("/content"));
    expect(run.stderr).toContain("画像のアップロードに失敗しました");
    expect(run.stderr).toContain("The image size is invalid");
    expect(run.stderr).toContain(upload?.requestId ?? "missing");
    expect(api.richMenus().map((m) => m.richMenuId)).toEqual(before);
  });

  it("names the missing access token", async () => {
    const run = await runRichMenu(["--deploy"], { LINE_API_BASE_URL: api.baseUrl });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("LINE_CHANNEL_ACCESS_TOKEN");
    expect(api.calls).toEqual([]);
  });
});
