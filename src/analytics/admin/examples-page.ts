import type { ExampleSnippets } from "../marks.ts";
import { escapeHtml } from "./charts.ts";
import { layout, pageHeader } from "./layout.ts";

/** The marks as catalog examples to paste (one block per file) and as a labelled question set to download. */
export function examplesPage(examples: ExampleSnippets, labelled: number, bot: string): string {
  const { snippets, alreadyInCatalog, needsContent } = examples;
  const blocks = snippets
    .map(
      (s, i) => `<section aria-labelledby="file-${i}"><h2 id="file-${i}"><code>${escapeHtml(s.file)}</code>（${s.count} 件）</h2>
<p class="note">このファイルの <code>examples:</code> に追加してください（すでにあれば、その下に項目だけを）。</p>
<pre tabindex="0" role="region" aria-label="${escapeHtml(s.file)} に追加する YAML">${escapeHtml(s.yaml)}</pre></section>`,
    )
    .join("\n");
  const todo =
    needsContent.length === 0
      ? ""
      : `<section aria-labelledby="todo"><h2 id="todo">新しい内容が必要（${needsContent.length} 件）</h2>
<p class="note">答えられる窓口・制度がカタログにありません。出典のある情報を見つけたら、リソースを追加してください。</p>
<ul>${needsContent.map((m) => `<li>「${escapeHtml(m.exampleText)}」</li>`).join("")}</ul></section>`;
  return layout(
    `例文と書き出し | ${bot} 管理画面`,
    `${pageHeader("例文と書き出し", "/admin/examples")}
<main>
<section aria-labelledby="labelled"><h2 id="labelled">ラベル付き質問集</h2>
<p>印を付けた質問 ${labelled} 問を、評価ツールと同じ形式（JSONL）で書き出します。<code>npm run measure -- ファイル</code> で、カタログを変えたときに印どおり答えるかを測れます。</p>
<p><a href="/admin/labelled.jsonl" download>labelled.jsonl をダウンロード</a></p></section>
<section aria-labelledby="how"><h2 id="how">カタログへの例文</h2>
<p class="note">印を付けた質問を、カタログの例文（source は質問ログから採った日）として示します。ここでは YAML を書き換えません。貼り付けたら <code>npm run check:data</code> で確かめてください。${alreadyInCatalog > 0 ? `すでにカタログにある ${alreadyInCatalog} 件は除いています。` : ""}</p>
${snippets.length === 0 ? '<p class="empty">追加する例文はありません。</p>' : ""}</section>
${blocks}
${todo}
</main>`,
  );
}
