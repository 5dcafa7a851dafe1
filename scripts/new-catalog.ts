// `npm run new-catalog -- DIR [--name 名前]`: a valid starting catalog folder to edit (catalog.yaml, one resource, a
// question file), so a new bot starts from something check:data accepts and `npm run eval` scores.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { DateTime } from "luxon";
import { idFromFolder } from "../src/catalog/load.ts";
import { japanDateKey } from "../src/hours/holidays.ts";

const usage = "使い方 (usage): npm run new-catalog -- DIR [--name ボットの名前]";
const templates = path.join(import.meta.dirname, "templates");

function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

const { values, positionals } = (() => {
  try {
    return parseArgs({ allowPositionals: true, options: { name: { type: "string", default: "新しい相談ナビ" } } });
  } catch (err) {
    return fail((err as Error).message);
  }
})();
const [dir] = positionals;
if (!dir) fail("作るフォルダーを指定してください (no folder given)");
if (existsSync(dir) && readdirSync(dir).length > 0) fail(`${dir} はすでにあり、空ではありません。上書きしないよう、新しいフォルダーを指定してください (folder exists and is not empty)`);

// The id the bot would take from the folder anyway, written in so that renaming the folder changes nothing.
const id = idFromFolder(dir);
// Catalog dates are Japan days: before 9:00 in Japan, the UTC date is still yesterday.
const today = japanDateKey(DateTime.now());
const fill = (template: string) =>
  readFileSync(path.join(templates, template), "utf8")
    .replaceAll("{{dir}}", dir)
    .replaceAll("{{id}}", id)
    .replaceAll("{{name}}", values.name)
    .replaceAll("{{today}}", today);

mkdirSync(path.join(dir, "resources"), { recursive: true });
writeFileSync(path.join(dir, "catalog.yaml"), fill("catalog.yaml"));
writeFileSync(path.join(dir, "resources", "01-sample-line.yaml"), fill("resource.yaml"));
writeFileSync(path.join(dir, "questions.jsonl"), fill("questions.jsonl"));
console.log(`${dir}/ を作りました (created): catalog.yaml, resources/01-sample-line.yaml, questions.jsonl
次に (next):
  DATA_DIR=${dir} npm run check:data
  DATA_DIR=${dir} npm run chat
  DATA_DIR=${dir} npm run eval -- ${dir}/questions.jsonl`);
