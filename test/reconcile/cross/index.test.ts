import { renderMessage } from '../../../src/reconcile/messages';
import path from 'node:path';
import { canonicalAgency } from '../../../src/model/agencies';
import { loadAgencies } from '../../../src/read/mappings';
import { reconcileAcross } from '../../../src/reconcile/cross';
import { context, makeCleaned } from './cleaned-fixture';

describe('reconcileAcross', () => {
  it('finds nothing in a store of agreeing reports', () => {
    const reports = [2019, 2020].map((year) => makeCleaned('2019', { agency: '甲局', year }));
    expect(reconcileAcross(context(reports))).toEqual([]);
  });

  it('orders findings by year, agency, then rule', () => {
    const agencies = { agencies: [{ name: '区', aliases: [], members: ['甲局', '乙局'] }] };
    const reports = [
      makeCleaned('2021', { agency: '乙局', year: 2022, values: { 'applications.carriedIn.total': 1 } }),
      makeCleaned('2021', { agency: '甲局', year: 2022, values: { 'applications.carriedIn.total': 1, 'proactive.regulations.inForce': 1 } }),
      makeCleaned('2021', { agency: '甲局', year: 2021 }),
      makeCleaned('2021', { agency: '乙局', year: 2021 }),
      makeCleaned('2021', { agency: '区', year: 2021 }),
      makeCleaned('2021', { agency: '区', year: 2022 }),
    ];
    const findings = reconcileAcross(context(reports, agencies));
    expect(findings.map((f) => [f.year, f.agency, f.rule])).toEqual([
      [2022, '乙局', 'X.carry-over'],
      [2022, '区', 'X.rollup'], // applications.carriedIn.total: 0 against 1 + 1
      [2022, '区', 'X.rollup'], // proactive.regulations.inForce
      [2022, '甲局', 'X.carry-over'],
      [2022, '甲局', 'X.in-force-chain'],
    ]); // agencies in code-point order: 乙 U+4E59, 区 U+533A, 甲 U+7532
    const rollups = findings.filter((f) => f.rule === 'X.rollup');
    expect(rollups.map((f) => renderMessage(f).includes('第二十条第(一)项'))).toEqual([true, false]);
  });
});

describe('mappings/agencies.yaml', () => {
  const agencies = loadAgencies(path.join(__dirname, '../../../mappings'));

  it('lists the district with its members, each a known agency', () => {
    const region = agencies.agencies.find((a) => a.members?.length);
    expect(region?.name).toBe('枣庄市市中区人民政府');
    for (const member of region?.members ?? []) expect(agencies.agencies.map((a) => a.name)).toContain(member);
  });

  it('resolves aliases to the canonical name', () => {
    expect(canonicalAgency(agencies, '市中区执法局')).toBe('枣庄市市中区综合行政执法局');
    expect(canonicalAgency(agencies, '枣庄市市中区')).toBe('枣庄市市中区人民政府');
  });

  it('gives no name to two agencies', () => {
    const names = agencies.agencies.flatMap((a) => [a.name, ...a.aliases]);
    expect(new Set(names).size).toBe(names.length);
  });
});
