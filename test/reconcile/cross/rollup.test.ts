import { renderMessage } from '../../../src/reconcile/messages';
import type { Agencies } from '../../../src/model/agencies';
import { rule } from '../../../src/reconcile/cross/rollup';
import { context, makeCleaned } from './cleaned-fixture';

const REGION = '区政府';
const MEMBERS = ['执法局', '教体局', '财政局'];
const agencies: Agencies = {
  agencies: [
    // A member may be named by an alias.
    { name: REGION, aliases: ['本区'], members: ['执法局', '教体局', '区财政局'] },
    { name: '财政局', aliases: ['区财政局'] },
  ],
};

const received = 'applications.received.naturalPerson';
const granted = 'applications.results.granted.total';
const report = (agency: string, values: Record<string, number | null>, year = 2022) =>
  makeCleaned('2021', { agency, year, values });
/** The region and its members with these values of `received` (region first). */
const store = (region: number | null, members: (number | null)[]) => [
  report(REGION, { [received]: region }),
  ...members.map((value, i) => report(MEMBERS[i], { [received]: value })),
];

describe('X.rollup', () => {
  it('accepts a region whose every field is the sum of its members\'', () => {
    expect(rule.check(context(store(6, [1, 2, 3]), agencies))).toEqual([]);
  });

  it('reports each field that differs, naming the members, on the region\'s file', () => {
    const reports = store(7, [1, 2, 3]);
    reports[2] = report('教体局', { [received]: 2, [granted]: 4 });
    const findings = rule.check(context(reports, agencies));
    expect(findings.map((f) => [f.rule, f.severity, f.expected, f.actual, f.difference])).toEqual([
      ['X.rollup', 'error', 6, 7, 1],
      ['X.rollup', 'error', 4, 0, -4],
    ]);
    expect(findings[0]).toMatchObject({ file: '区政府_2022.xlsx', agency: REGION, year: 2022, sheet: null, cells: [], fields: [received] });
    expect(findings[1].fields).toEqual([granted]);
    expect(findings[0].key).not.toBe(findings[1].key);
    expect(renderMessage(findings[0])).toBe('2022 年报告(区政府_2022.xlsx)的三、收到和处理政府信息公开申请 '
      + '一、本年新收政府信息公开申请数量 自然人应等于 3 个下属单位的合计 6，实为 7，相差 1（下属单位：执法局、教体局、财政局）');
  });

  it('warns once, naming the missing members, instead of false errors', () => {
    const reports = store(7, [1, 2, 3]).filter((r) => r.agency !== '教体局');
    const findings = rule.check(context(reports, agencies));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: 'X.rollup-incomplete', severity: 'warning', expected: 3, actual: 2, file: '区政府_2022.xlsx', year: 2022,
    });
    expect(renderMessage(findings[0])).toContain('2022 年缺少报告的有：教体局');
  });

  it('checks only the years where the region\'s own report is in the store', () => {
    const members = MEMBERS.map((m) => report(m, { [received]: 5 }, 2021));
    expect(rule.check(context(members, agencies))).toEqual([]);
  });

  it('skips a field unknown on any side', () => {
    expect(rule.check(context(store(7, [1, null, 3]), agencies))).toEqual([]);
    expect(rule.check(context(store(null, [1, 2, 3]), agencies))).toEqual([]);
  });

  it('sums money in yuan without floating-point drift', () => {
    const fee = 'proactive.fees.amountYuan';
    const reports = [report(REGION, { [fee]: 0.3 }), report('执法局', { [fee]: 0.1 }), report('教体局', { [fee]: 0.2 }), report('财政局', {})];
    expect(rule.check(context(reports, agencies))).toEqual([]);
  });

  it('compares only the fields both editions have when a member used the other edition', () => {
    const reports = [
      report(REGION, { [received]: 6, 'proactive.normativeDocs.issued': 9 }),
      makeCleaned('2019', { agency: '执法局', year: 2022, values: { [received]: 1, 'proactive.normativeDocs.made': 9 } }),
      report('教体局', { [received]: 2 }),
      report('财政局', { [received]: 3 }),
    ];
    expect(rule.check(context(reports, agencies))).toEqual([]);
  });
});
