/** The page shell every desk page shares: title, the stylesheet, the header's links. */
import { html, type Html } from './html';

export function page(title: string, body: Html, options: { year?: number } = {}): Html {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · nianbao 年报复核台</title>
<link rel="stylesheet" href="/desk.css">
</head>
<body>
<header class="top"><a href="/${options.year ? `?year=${options.year}` : ''}">nianbao 年报复核台</a><span class="sub">政府信息公开工作年度报告 · 导入、勾稽与复核</span></header>
<main>
${body}
</main>
<footer>页面在服务器端生成，不需要 JavaScript。</footer>
</body>
</html>`;
}

/** A short page for an outcome or a refusal (a bad form, an unknown key). */
export function messagePage(title: string, text: string, back: string | null, bad = false): Html {
  return page(title, html`<h1>${title}</h1><p class="notice${bad ? ' bad' : ''}">${text}</p>${back ? html`<p><a href="${back}">返回</a></p>` : ''}`);
}
