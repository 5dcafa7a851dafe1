// `npm run new-catalog -- DIR [--name 名前]`: a valid starting catalog folder to edit (catalog.yaml, one resource, a
// question file), so a new bot starts from something check:data accepts and `npm run eval` scores.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

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

const id =
  path
    .basename(path.resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "") || "my-bot";
const fill = (template: string) =>
  readFileSync(path.join(templates, template), "utf8")
    .replaceAll("{{dir}}", dir)
    .replaceAll("{{id}}", id)
    .replaceAll("{{name}}", values.name)
    .replaceAll("{{today}}", new Date().toISOString().slice(0, 10));

mkdirSync(path.join(dir, "resources"), { recursive: true });
writeFileSync(path.join(dir, "catalog.yaml"), fill("catalog.yaml"));
writeFileSync(path.join(dir, "resources", "01-sample-line.yaml"), fill("resource.yaml"));
writeFileSync(path.join(dir, "questions.jsonl"), fill("questions.jsonl"));
console.log(`${dir}/ を作りました (created): catalog.yaml, resources/01-sample-line.yaml, questions.jsonl
次に (next):
  DATA_DIR=${dir} npm run check:data
  DATA_DIR=${dir} npm run chat
  DATA_DIR=${dir} npm run eval -- ${dir}/questions.jsonl`);
