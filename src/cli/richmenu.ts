// Rich menu from the catalog: `npm run richmenu -- --out DIR` writes the image and the JSON;
// `--deploy` validates it with LINE, and with `--yes` makes it the default menu.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { CatalogError, loadCatalog } from "../catalog/load.ts";
import { ConfigError, loadRichMenuDeployConfig } from "../config.ts";
import { RichMenuDeployError, createRichMenuClients, deployRichMenu } from "../richmenu/deploy.ts";
import { maxImageBytes, renderPng } from "../richmenu/image.ts";
import { buildRichMenu } from "../richmenu/build.ts";
import { RichMenuLayoutError } from "../richmenu/layout.ts";

const usage = `使い方: npm run richmenu -- [--out <フォルダ>] [--deploy [--yes]] [--data <フォルダ>]

  カタログからリッチメニュー（画像 2500×843 または 2500×1686 と JSON）を作ります。

  --out <フォルダ>  richmenu.png・richmenu.json・richmenu.svg を書き出します
  --deploy         LINE で検証します（ドライラン。何も作成しません）。
                   LINE_CHANNEL_ACCESS_TOKEN が必要です
  --yes            --deploy と一緒に: 作成・画像アップロード・既定に設定し、
                   以前のデプロイのメニューを削除します
  --data <dir>     カタログのフォルダ（既定: data/。環境変数 DATA_DIR も可）
  -h, --help       この説明を表示します
`;

const defaultDataDir = path.resolve(import.meta.dirname, "../../data");

async function main(argv: string[]): Promise<number> {
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const fail = (message: string, code = 1) => {
    process.stderr.write(`${message}\n`);
    return code;
  };
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        out: { type: "string" },
        deploy: { type: "boolean", default: false },
        yes: { type: "boolean", default: false },
        data: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (err) {
    return fail(`${(err as Error).message}\n\n${usage}`, 2);
  }
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  if (values.out === undefined && !values.deploy) return fail(`--out か --deploy を指定してください。\n\n${usage}`, 2);
  if (values.yes && !values.deploy) return fail("--yes は --deploy と一緒に使います。", 2);

  try {
    const catalog = loadCatalog(values.data ?? process.env.DATA_DIR ?? defaultDataDir);
    const { layout, request, svg, tag } = buildRichMenu(catalog);
    const { size, tiles } = layout;
    const png = renderPng(svg);
    if (png.length > maxImageBytes) return fail(`画像が ${png.length} バイトあり、LINE の上限 ${maxImageBytes} バイトを超えています。`);
    say(`リッチメニュー: ${size.width}×${size.height}、${tiles.length} 区画（${tiles.map((t) => t.label).join("／")}）、画像 ${png.length} バイト`);

    if (values.out !== undefined) {
      mkdirSync(values.out, { recursive: true });
      const files = { "richmenu.png": png, "richmenu.json": `${JSON.stringify(request, null, 2)}\n`, "richmenu.svg": svg };
      for (const [name, content] of Object.entries(files)) writeFileSync(path.join(values.out, name), content);
      say(`書き出しました: ${Object.keys(files).map((name) => path.join(values.out ?? "", name)).join(", ")}`);
    }
    if (values.deploy) {
      const config = loadRichMenuDeployConfig(process.env);
      const clients = createRichMenuClients({ channelAccessToken: config.channelAccessToken, baseUrl: config.lineApiBaseUrl, dataBaseUrl: config.lineApiDataBaseUrl });
      await deployRichMenu({ request, png, tag }, clients, { apply: values.yes, say });
    }
    return 0;
  } catch (err) {
    if (err instanceof CatalogError || err instanceof ConfigError || err instanceof RichMenuLayoutError || err instanceof RichMenuDeployError) return fail(err.message);
    throw err;
  }
}

process.exitCode = await main(process.argv.slice(2));
