/**
 * 总览: the roster of a year with each agency's status, counts per status, filters by status
 * and region, a search over every name and alias, the non-submitters as CSV, and charts of
 * the statuses and of the district's totals per year.
 */
import { csvLine } from '../../store/formats';
import { resolveAgencyName } from '../../model/agencies';
import { ROSTER_STATUSES, STATUS_LABEL, unresolvedMessage, type RosterEntry, type RosterStatus } from '../roster';
import { barChart, lineChart, stackedColumns } from './charts';
import { RESULT_KINDS, type YearTotals } from './figures';
import { agencyHref, formatTime, html, query, type Html } from './html';
import { page } from './layout';

export const STATUS_COLOR: Record<RosterStatus, string> = {
  overdue: '#7b1fa2',
  'not-submitted': '#90a4ae',
  rejected: '#6d4c41',
  errors: '#c62828',
  'to-review': '#f9a825',
  passed: '#2e7d32',
};

export interface OverviewFilter {
  status?: RosterStatus;
  region?: string;
  q?: string;
}

export const isRosterStatus = (s: string | undefined): s is RosterStatus => ROSTER_STATUSES.includes(s as RosterStatus);

/**
 * Entries in the region matching the search, resolved as the commands' --agency is (any name,
 * alias or the name as written, or a part of them), with what the search missed: the status
 * filter applies after the counts.
 */
export function filterEntries(entries: readonly RosterEntry[], filter: OverviewFilter): { matching: RosterEntry[]; unmatched: string | null } {
  const inRegion = entries.filter((e) => !filter.region || e.regions.includes(filter.region) || e.agency === filter.region);
  const q = filter.q?.trim();
  if (!q) return { matching: inRegion, unmatched: null };
  const resolution = resolveAgencyName(inRegion.map((e) => ({ name: e.agency, aliases: e.latest?.agencyAsWritten ? [...e.aliases, e.latest.agencyAsWritten] : e.aliases })), q);
  if (resolution.kind === 'unknown') return { matching: [], unmatched: unresolvedMessage(q, resolution) };
  const names = new Set(resolution.kind === 'found' ? [resolution.agency] : resolution.candidates);
  return { matching: inRegion.filter((e) => names.has(e.agency)), unmatched: null };
}

export function countByStatus(entries: readonly RosterEntry[]): Record<RosterStatus, number> {
  const counts = Object.fromEntries(ROSTER_STATUSES.map((s) => [s, 0])) as Record<RosterStatus, number>;
  for (const e of entries) counts[e.status]++;
  return counts;
}

export const isNonSubmitter = (e: RosterEntry): boolean => e.status === 'not-submitted' || e.status === 'overdue';

/** 未提交名单 as CSV for Excel (UTF-8 with BOM; cells that look like formulas neutralised). */
export function nonSubmittersCsv(entries: readonly RosterEntry[]): string {
  return '\ufeff' + csvLine(['机关', '别名', '所属区域', '年度', '状态', '截止日期']) +
    entries.filter(isNonSubmitter).map((e) => csvLine([e.agency, e.aliases.join('、'), e.regions.join('、'), e.year, STATUS_LABEL[e.status], e.deadline])).join('');
}

export const statusBadge = (status: RosterStatus): Html => html`<span class="badge s-${status}">${STATUS_LABEL[status]}</span>`;

export interface OverviewData {
  year: number;
  years: number[];
  entries: RosterEntry[];
  filter: OverviewFilter;
  regions: string[];
  totals: YearTotals[];
  today: string;
}

export function overviewPage(data: OverviewData): Html {
  const { year, filter } = data;
  const { matching, unmatched } = filterEntries(data.entries, filter);
  const counts = countByStatus(matching);
  const shown = filter.status ? matching.filter((e) => e.status === filter.status) : matching;
  const link = (status?: RosterStatus) => `/${query({ year, status, region: filter.region, q: filter.q })}`;
  const years = [...new Set([...data.years, year])].sort((a, b) => b - a);

  const statusCounts = html`<div class="counts">
<a href="${link()}" class="${filter.status ? '' : 'on'}">全部<b>${matching.length}</b></a>
${ROSTER_STATUSES.map((s) => html`<a href="${link(s)}" class="${filter.status === s ? 'on' : ''}" data-status="${s}">${statusBadge(s)}<b>${counts[s]}</b></a>`)}
</div>`;

  const filters = html`<form class="filters" method="get" action="/">
<label>年度 <select name="year">${years.map((y) => html`<option value="${y}"${y === year ? html` selected` : ''}>${y}</option>`)}</select></label>
<label>状态 <select name="status"><option value="">全部</option>${ROSTER_STATUSES.map((s) => html`<option value="${s}"${filter.status === s ? html` selected` : ''}>${STATUS_LABEL[s]}</option>`)}</select></label>
<label>区域 <select name="region"><option value="">全部</option>${data.regions.map((r) => html`<option value="${r}"${filter.region === r ? html` selected` : ''}>${r}</option>`)}</select></label>
<input type="search" name="q" value="${filter.q ?? ''}" placeholder="机关名称或简称">
<button type="submit">筛选</button>
<a href="/non-submitters.csv${query({ year, region: filter.region })}">下载未提交名单（CSV）</a>
<a href="/feedback.zip${query({ year })}" id="feedback-zip">下载全部反馈表（zip）</a>
</form>`;

  const rows = shown.map((e) => {
    const detail = e.status === 'rejected' ? e.reason ?? '' : e.lapsed > 0 ? `${e.lapsed} 项复核失效` : '';
    return html`<tr data-agency="${e.agency}" data-status="${e.status}">
<td><a href="${agencyHref(e.agency, year)}">${e.agency}</a>${e.aliases.length ? html`<div class="muted">${e.aliases.join('、')}</div>` : ''}${e.onRoster ? '' : html`<div class="muted">（名册外）</div>`}</td>
<td>${e.regions.join('、')}</td>
<td>${statusBadge(e.status)}</td>
<td>${e.deadline}</td>
<td>${e.latest ? html`${e.latest.file}<div class="muted">${formatTime(e.latest.importedAt)}</div>` : html`<span class="muted">—</span>`}</td>
<td class="num">${e.latest ? html`<span class="${e.openErrors ? 'sev-error' : ''}">${e.openErrors}</span> / <span class="${e.openWarnings ? 'sev-warning' : ''}">${e.openWarnings}</span>` : ''}</td>
<td>${detail}</td>
</tr>`;
  });

  const statusChart = barChart(`${year} 年报送状态`, ROSTER_STATUSES.map((s) => ({ label: STATUS_LABEL[s], value: counts[s], color: STATUS_COLOR[s], href: link(s) })));
  const totalsChart = stackedColumns('各年度办理结果（件）', data.totals.map((t) => ({ label: String(t.year), values: t.results })), RESULT_KINDS.map((k) => ({ label: k.label, color: k.color })));
  const receivedChart = lineChart('各年度本年新收申请（件）', data.totals.map((t) => String(t.year)), [
    { label: '新收申请', color: '#1f5fa8', values: data.totals.map((t) => t.received) },
    { label: '报告份数', color: '#90a4ae', values: data.totals.map((t) => t.reports) },
  ]);

  return page(`${year} 年总览`, html`<h1>${year} 年度报告报送总览</h1>
<p class="muted">截至 ${data.today}；名册见 mappings/agencies.yaml，截止日期默认为次年 1月31日（部门），区域（有下属单位的人民政府）为次年 3月31日。</p>
${filters}
${unmatched ? html`<p class="notice" id="unmatched">${unmatched}</p>` : ''}
${statusCounts}
<div class="row"><div class="panel">${statusChart}</div><div class="panel">${receivedChart}</div><div class="panel">${totalsChart}</div></div>
<table class="grid roster" id="roster">
<thead><tr><th>机关</th><th>所属区域</th><th>状态</th><th>截止日期</th><th>最新提交</th><th class="num">待处理 错误 / 警告</th><th>说明</th></tr></thead>
<tbody>${rows.length ? rows : html`<tr><td colspan="7" class="muted">没有符合条件的机关。</td></tr>`}</tbody>
</table>`, { year });
}
