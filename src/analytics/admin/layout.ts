import { escapeHtml } from "./charts.ts";

export function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><link rel="stylesheet" href="/admin/admin.css"><link rel="icon" href="/admin/icon.svg"></head>
<body>${body}</body></html>`;
}

const pages = [
  { path: "/admin", label: "集計" },
  { path: "/admin/queue", label: "確認キュー" },
  { path: "/admin/examples", label: "例文と書き出し" },
] as const;

export type PagePath = (typeof pages)[number]["path"];

/** The page's title, the links between the operators' pages (the current one marked for screen readers) and logout. */
export function pageHeader(title: string, current: PagePath, query = ""): string {
  const links = pages
    .map((p) => (p.path === current ? `<a href="${p.path}${query}" aria-current="page">${p.label}</a>` : `<a href="${p.path}${query}">${p.label}</a>`))
    .join("");
  return `<header><h1>${escapeHtml(title)}</h1><form method="post" action="/admin/logout"><button type="submit" class="link">ログアウト</button></form></header>
<nav aria-label="管理画面">${links}</nav>`;
}
