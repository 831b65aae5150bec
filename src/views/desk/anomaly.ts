/**
 * What an ANOMALY.* finding compares, drawn beside it on the agency-year page: the figure in
 * every year of the agency's own (this year's marked) and the same year's peers (their median,
 * the upper quantile and the limit beyond which a figure is far outside), from the finding's
 * params and the agency's current reports, as a table and a small bar chart. Money in 万元.
 */
import type { StatedFinding } from '../../model/finding';
import { EDITIONS, FIELDS, fieldLabel, type Edition } from '../../model/template';
import type { CleanedReport } from '../../store/types';
import { barChart, type Bar } from './charts';
import { valueAt } from './figures';
import { agencyHref, formatNumber, html, type Html } from './html';

const THIS_YEAR = '#c62828';
const OWN_YEAR = '#1f5fa8';
const PEERS = '#78909c';

/** The comparison panel of a finding; empty for any other rule. */
export function comparisonPanel(finding: StatedFinding, agency: string, years: readonly CleanedReport[]): Html {
  const path = finding.fields[0];
  if (!finding.rule.startsWith('ANOMALY.') || path === undefined || finding.year === null) return html``;
  const edition = EDITIONS.find((e) => e === finding.params.edition) ?? ('2021' as Edition);
  const money = FIELDS[edition].get(path)?.column.kind === 'money';
  const shown = (n: number): number => (money ? n / 10000 : n);
  const unit = money ? '（万元）' : '';
  const number = (key: string): number | null => (typeof finding.params[key] === 'number' ? (finding.params[key] as number) : null);
  const own: Bar[] = years.flatMap((report) => {
    const value = valueAt(report, path);
    if (typeof value !== 'number') return [];
    return [{ label: `${report.year} 年`, value: shown(value), color: report.year === finding.year ? THIS_YEAR : OWN_YEAR, href: agencyHref(agency, report.year) }];
  });
  const peers = number('peers');
  const peerBars: Bar[] = peers === null ? [] : [
    { label: '同年中位数', value: shown(number('peerMedian')!), color: PEERS },
    { label: `同年 ${Math.round((number('peerQuantile') ?? 0) * 100)}% 分位`, value: shown(number('peerHigh')!), color: PEERS },
  ];
  const corrected = number('corrected');
  const ifSlip: Bar[] = corrected === null ? [] : [{ label: '若为单位错误', value: shown(corrected), color: OWN_YEAR }];
  const rows = [...own, ...peerBars, ...ifSlip];
  const cell = (b: Bar) => html`<td class="num${b.color === THIS_YEAR ? ' c-warn' : ''}">${formatNumber(b.value)}</td>`;
  return html`<div class="comparison" data-comparison="${finding.key}">
<table class="grid"><thead><tr><th>${fieldLabel(edition, path)}${unit}</th>${rows.map((b) => html`<th class="num">${b.label}</th>`)}</tr></thead>
<tbody><tr><td>${peers === null ? '同年报告此项的单位不足，不与同类比较' : `同年此项不为 0 的单位 ${peers} 个，高于 ${formatNumber(shown(number('peerLimit')!))} 即远超同类`}</td>${rows.map(cell)}</tr></tbody></table>
${barChart(`本单位历年与同年同类单位${unit}`, rows, 460)}
</div>`;
}
