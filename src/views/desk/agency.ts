/**
 * An agency-year: the report drawn as the template's tables 二、三、四 with the values as read,
 * the cells of each finding marked (open error, open warning, decided) with its message;
 * the findings with their states and the forms to decide on them (an ANOMALY.* one with what
 * it is compared with: the agency's years and the peers', anomaly.ts); the years side by side
 * (last year's 四、结转下年度 beside this year's 二、上年结转) with a trend; the submission
 * history with each original downloadable and the button that re-imports the current file.
 */
import { isOpen, STATE_LABEL, type Decision, type StatedFinding } from '../../model/finding';
import { APPLICANT_PARTS, TEMPLATE, type Column, type TableModel } from '../../model/template';
import { cellRef } from '../../reconcile/messages';
import type { ClearedFinding } from '../../store/api';
import type { CleanedReport, SubmissionRecord } from '../../store/types';
import type { RosterEntry } from '../roster';
import { comparisonPanel } from './anomaly';
import { lineChart } from './charts';
import { valueAt } from './figures';
import { agencyHref, formatNumber, formatTime, html, type Html } from './html';
import { page } from './layout';
import { messageOf } from './message';
import { statusBadge } from './overview';
import { FORM_FIELD } from './security';

export interface AgencyData {
  entry: RosterEntry;
  year: number;
  report: CleanedReport | null;
  findings: StatedFinding[];
  /** Every decision on each finding's key, oldest first. */
  history: Map<string, Decision[]>;
  cleared: ClearedFinding[];
  submissions: SubmissionRecord[];
  /** The agency's current reports of every year, ascending. */
  years: CleanedReport[];
  formToken: string;
  /** The name the operator signed the last decision with (a cookie), to prefill the form. */
  operator: string;
  /** What the last action did, shown at the top. */
  notice: string | null;
  canReimport: boolean;
}

type Mark = 'c-err' | 'c-warn' | 'c-ok';

const decided = (f: StatedFinding): boolean => f.state === 'explained' || f.state === 'false-positive';

/** The mark of a cell from the findings on it: an open error wins over an open warning over a decision. */
export function markOf(findings: readonly StatedFinding[]): Mark | null {
  if (findings.some((f) => isOpen(f) && f.severity === 'error')) return 'c-err';
  if (findings.some((f) => isOpen(f) && f.severity === 'warning')) return 'c-warn';
  if (findings.some(decided)) return 'c-ok';
  return null;
}

export function findingsByField(findings: readonly StatedFinding[]): Map<string, StatedFinding[]> {
  const byField = new Map<string, StatedFinding[]>();
  for (const f of findings) for (const field of f.fields) byField.set(field, [...(byField.get(field) ?? []), f]);
  return byField;
}

function showValue(value: number | null | undefined, column: Column): string {
  if (value === undefined) return '';
  if (value === null) return '？';
  if (column.kind === 'money') return column.unit === '万元' ? `${formatNumber(value / 10000)} 万元` : `${formatNumber(value)} 元`;
  return String(value);
}

function drawTable(report: CleanedReport, table: TableModel, byField: Map<string, StatedFinding[]>, title: string | null): Html {
  const cellsOf = report.source.cells as Record<string, [string | null, string]>;
  const rows = table.rows.map((row) => {
    const cells = table.columns.map((column) => {
      const path = `${table.section}.${row.key}.${column.key}`;
      const value = valueAt(report, path);
      const on = byField.get(path) ?? [];
      const mark = markOf(on);
      const where = cellsOf[path] ? cellRef(cellsOf[path][0], cellsOf[path][1]) : '';
      const note = (report.notes as Record<string, string> | undefined)?.[path];
      const tip = [where && `原表 ${where}`, note && `说明：${note}`, ...on.map((f) => `【${STATE_LABEL[f.state]}】${messageOf(f)}`)].filter(Boolean).join('\n');
      const classes = ['num', mark ?? '', value === null ? 'c-null' : ''].filter(Boolean).join(' ');
      return html`<td class="${classes}" data-field="${path}"${tip ? html` title="${tip}"` : ''}>${showValue(value, column)}${on.length ? html`<a class="mark" href="#f-${on[0].key}" title="${messageOf(on[0])}">●</a>` : ''}</td>`;
    });
    return html`<tr><td class="label">${row.label}</td>${cells}</tr>`;
  });
  return html`${title ? html`<h3>${title}</h3>` : ''}<table class="grid report" data-table="${table.id}">
<thead><tr><th></th>${table.columns.map((c) => html`<th class="num">${c.label}</th>`)}</tr></thead>
<tbody>${rows}</tbody></table>`;
}

/** The report as the template's tables: 二 (its groups), 三, 四. */
export function drawReport(report: CleanedReport, findings: readonly StatedFinding[]): Html {
  const byField = findingsByField(findings);
  const tables = TEMPLATE[report.edition];
  const proactive = tables.filter((t) => t.section === 'proactive');
  const others = tables.filter((t) => t.section !== 'proactive');
  return html`<h3>二、主动公开政府信息情况</h3>
${proactive.map((t) => drawTable(report, t, byField, t.title.split(' ')[1] ?? null))}
${others.map((t) => drawTable(report, t, byField, t.title))}
${report.extra && report.extra.length ? html`<h3>模板之外的行（已保留）</h3><table class="grid"><thead><tr><th>表</th><th>行</th><th>原表单元格</th><th>内容</th></tr></thead><tbody>${report.extra.map((x) => html`<tr><td>${x.table}</td><td>${x.label}</td><td>${cellRef(x.sheet, x.cell)}</td><td>${Object.entries(x.values).map(([k, v]) => `${k}: ${v}`).join('；')}</td></tr>`)}</tbody></table>` : ''}`;
}

const show = (v: unknown): string => (v === null || v === undefined ? '—' : String(v));

function decisionLine(d: Decision, label: string): Html {
  const kind = d.decision === 'reopen' ? '重新打开' : STATE_LABEL[d.decision];
  return html`<div class="decision">${label}<b>${kind}</b>：${d.reason}<span class="muted">（${d.by}，${formatTime(d.at)}；当时 应为 ${show(d.on.expected)}，实为 ${show(d.on.actual)}）</span></div>`;
}

function decideForm(f: StatedFinding, back: string, data: AgencyData): Html {
  const buttons = decided(f)
    ? html`<button type="submit" name="decision" value="reopen" class="secondary">重新打开</button>`
    : html`<button type="submit" name="decision" value="explained">核实无误</button><button type="submit" name="decision" value="false-positive" class="secondary">误报</button>`;
  return html`<form class="decide" method="post" action="/decide">
<input type="hidden" name="${FORM_FIELD}" value="${data.formToken}">
<input type="hidden" name="key" value="${f.key}">
<input type="hidden" name="back" value="${back}">
<textarea name="reason" required placeholder="理由（必填）：例如数字已与原始台账核对" aria-label="理由"></textarea>
<input type="text" name="by" required placeholder="复核人（必填）" value="${data.operator}" aria-label="复核人">
<span class="buttons">${buttons}</span>
</form>`;
}

function findingCard(f: StatedFinding, back: string, data: AgencyData): Html {
  const cells = f.cells.length ? f.cells.map((c) => cellRef(f.sheet, c)).join('、') : '—';
  const history = data.history.get(f.key) ?? [];
  const earlier = history.slice(0, -1);
  return html`<div class="finding f-${f.severity} ${decided(f) ? 'decided' : f.state}" id="f-${f.key}" data-key="${f.key}" data-state="${f.state}">
<div><span class="sev-${f.severity}">${f.severity === 'error' ? '错误' : '警告'}</span> <span class="st-${f.state}" data-role="state">${STATE_LABEL[f.state]}</span> <code>${f.key}</code></div>
<p class="msg">${messageOf(f)}</p>
<dl class="facts"><dt>规则</dt><dt>单元格</dt><dt>应为</dt><dt>实为</dt><dt>相差</dt><dt>文件</dt>
<dd>${f.rule}</dd><dd>${cells}</dd><dd>${show(f.expected)}</dd><dd>${show(f.actual)}</dd><dd>${show(f.difference)}</dd><dd>${f.file}</dd></dl>
${comparisonPanel(f, data.entry.agency, data.years)}
${f.decision ? decisionLine(f.decision, f.state === 'lapsed' ? '原决定（所依据的数字已变，已失效）：' : f.decision.decision === 'reopen' ? '最近：' : '决定：') : ''}
${earlier.length ? html`<details><summary class="muted">更早的决定（${earlier.length}）</summary>${earlier.map((d) => decisionLine(d, ''))}</details>` : ''}
${decideForm(f, back, data)}
</div>`;
}

function submissionRows(data: AgencyData): Html {
  if (!data.submissions.length) return html`<p class="muted">尚未收到该年度的报告。</p>`;
  const rows = data.submissions.map((s) => {
    const state = s.status === 'rejected' ? '已退回' : s.current ? '当前' : '已被替代';
    const name = `${s.file.split(/[\\/]/).pop() ?? s.file}`;
    return html`<tr data-submission="${s.id}">
<td>${name}</td><td>${formatTime(s.importedAt)}</td><td>${state}</td><td>${s.mapping ?? ''}${s.edition ? ` (${s.edition} 版)` : ''}</td>
<td>${s.reason ?? ''}</td>
<td><a href="/original/${s.id}">下载原件</a></td>
<td>${s.current && data.canReimport ? html`<form method="post" action="/reimport"><input type="hidden" name="${FORM_FIELD}" value="${data.formToken}"><input type="hidden" name="id" value="${s.id}"><button type="submit" class="secondary">重新导入</button></form>` : ''}</td>
</tr>`;
  });
  return html`<table class="grid" id="submissions"><thead><tr><th>文件</th><th>导入时间</th><th>状态</th><th>版式</th><th>退回原因</th><th></th><th></th></tr></thead><tbody>${rows}</tbody></table>`;
}

const KEY_FIGURES: { label: string; path: string }[] = [
  { label: '一、本年新收申请 总计', path: 'applications.received.total' },
  { label: '二、上年结转 总计', path: 'applications.carriedIn.total' },
  { label: '三、办理结果 (七)总计', path: 'applications.results.total.total' },
  { label: '四、结转下年度继续办理 总计', path: 'applications.carriedForward.total' },
  { label: '行政复议 总计', path: 'reviewLitigation.reconsideration.total' },
  { label: '行政诉讼 未经复议直接起诉 总计', path: 'reviewLitigation.litigationDirect.total' },
  { label: '行政诉讼 复议后起诉 总计', path: 'reviewLitigation.litigationAfterReconsideration.total' },
];

function yearsSideBySide(data: AgencyData): Html {
  const years = data.years;
  if (!years.length) return html``;
  const header = html`<tr><th></th>${years.map((r) => html`<th class="num">${r.year === data.year ? html`<b>${r.year}</b>` : html`<a href="${agencyHref(data.entry.agency, r.year)}">${r.year}</a>`}</th>`)}</tr>`;
  const rows = KEY_FIGURES.map((k) => html`<tr><td>${k.label}</td>${years.map((r) => html`<td class="num">${show(valueAt(r, k.path))}</td>`)}</tr>`);
  const last = years.find((r) => r.year === data.year - 1);
  const current = data.report;
  let carry: Html | string = '';
  if (last && current) {
    const cells = APPLICANT_PARTS.concat([{ key: 'total', label: '总计', kind: 'count' }]).map((c) => {
      const before = valueAt(last, `applications.carriedForward.${c.key}`);
      const now = valueAt(current, `applications.carriedIn.${c.key}`);
      const diff = typeof before === 'number' && typeof now === 'number' ? now - before : null;
      return { c, before, now, diff };
    });
    carry = html`<h3>结转核对：${last.year} 年“四、结转下年度继续办理”与 ${data.year} 年“二、上年结转政府信息公开申请数量”</h3>
<table class="grid" id="carry-over"><thead><tr><th></th>${cells.map((x) => html`<th class="num">${x.c.label}</th>`)}</tr></thead><tbody>
<tr><td>${last.year} 年 四、结转下年度继续办理</td>${cells.map((x) => html`<td class="num">${show(x.before)}</td>`)}</tr>
<tr><td>${data.year} 年 二、上年结转</td>${cells.map((x) => html`<td class="num${x.diff ? ' c-err' : ''}">${show(x.now)}</td>`)}</tr>
<tr><td>相差</td>${cells.map((x) => html`<td class="num">${show(x.diff)}</td>`)}</tr>
</tbody></table>`;
  }
  const chart = lineChart('历年申请情况（件）', years.map((r) => String(r.year)), [
    { label: '本年新收', color: '#1f5fa8', values: years.map((r) => valueAt(r, 'applications.received.total') ?? null) },
    { label: '办理结果总计', color: '#2e7d32', values: years.map((r) => valueAt(r, 'applications.results.total.total') ?? null) },
    { label: '结转下年度', color: '#f9a825', values: years.map((r) => valueAt(r, 'applications.carriedForward.total') ?? null) },
  ]);
  return html`<div class="row"><div class="panel"><table class="grid" id="years"><thead>${header}</thead><tbody>${rows}</tbody></table></div><div class="panel">${chart}</div></div>${carry}`;
}

export function agencyPage(data: AgencyData): Html {
  const { entry, year, report } = data;
  const back = agencyHref(entry.agency, year);
  const open = data.findings.filter(isOpen);
  const closed = data.findings.filter((f) => !isOpen(f));
  const meta = report
    ? html`<p class="muted">文件 ${report.source.file} · 版式 ${report.source.mapping}（${report.edition} 版模板）· 导入于 ${formatTime(report.source.importedAt)} · 空白单元格 ${report.blankCells} 个</p>`
    : '';
  return page(`${entry.agency} ${year} 年`, html`<h1>${entry.agency} · ${year} 年度报告 ${statusBadge(entry.status)}</h1>
${entry.aliases.length ? html`<p class="muted">别名：${entry.aliases.join('、')}</p>` : ''}
${data.notice ? html`<p class="notice" id="notice">${data.notice}</p>` : ''}
${entry.status === 'rejected' && entry.reason ? html`<p class="notice bad">最近一次提交已退回：${entry.reason}</p>` : ''}
${meta}
<h2>报告表格</h2>
${report ? html`<p class="legend"><span class="c-err">待处理错误</span><span class="c-warn">待处理警告</span><span class="c-ok">已复核</span>鼠标停在单元格上可看问题说明。</p>${drawReport(report, data.findings)}` : html`<p class="muted">没有可显示的报告（未提交或已退回）。</p>`}
<h2>问题清单（待处理 ${open.length}，已复核 ${closed.length}）</h2>
${open.length ? html`<p><a class="button" id="feedback" href="/feedback/${year}/${encodeURIComponent(entry.agency)}">下载反馈表</a> <span class="muted">原表标出待处理问题，发回${entry.agency}</span></p>` : ''}
${data.findings.length ? html`${open.map((f) => findingCard(f, back, data))}${closed.map((f) => findingCard(f, back, data))}` : html`<p class="muted">没有问题。</p>`}
${data.cleared.length ? html`<h3>已消除</h3><ul id="cleared">${data.cleared.map((c) => html`<li><span class="st-cleared">已消除</span> ${c.rule} <code>${c.key}</code> ${decisionLine(c.decision, '原决定：')}</li>`)}</ul>` : ''}
<h2>历年对照</h2>
${yearsSideBySide(data)}
<h2>提交记录</h2>
${submissionRows(data)}`, { year });
}
