import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { AnomalySchema, DEFAULT_ANOMALY } from '../../../src/model/anomaly';
import { findingKey } from '../../../src/model/finding';
import { loadAnomaly, SettingsError } from '../../../src/read/mappings';
import { reconcileAcross, type CrossFinding } from '../../../src/reconcile/cross';
import { renderMessage } from '../../../src/reconcile/messages';
import { context, makeCleaned } from './cleaned-fixture';
import { FIELD, LARGE_AGENCIES, makeDistrict, reportsOf, YEARS, type DistrictAgency } from './anomaly-district';

const anomalies = (findings: CrossFinding[]) => findings.filter((f) => f.rule.startsWith('ANOMALY.'));
const flagged = (district: DistrictAgency[]) => anomalies(reconcileAcross(context(reportsOf(district))));

/** Sets one figure of an agency year by year (null leaves the year as generated). */
function setFigures(agency: DistrictAgency, path: string, values: Array<number | null>): void {
  values.forEach((value, i) => {
    if (value !== null) agency.years.get(YEARS[i])![path] = value;
  });
}

/** The slips, planted in a generated district: which agency, year and field, and the rule expected. */
function planted(seed: number) {
  const district = makeDistrict(seed);
  const at = (i: number) => district[i];
  // 收费金额 typed in 元 into the 万元 column: 29 billion yuan where the last two years were about 3 million.
  setFigures(at(0), FIELD.fees, [2_950_000, 3_080_000, 29_000_000_000, 3_100_000]);
  // 行政处罚 with two extra zeros: 34,000 where the agency reports about 300 a year.
  setFigures(at(1), FIELD.penalties, [310, 290, 34_000, 305]);
  // 行政许可 1,700 from an agency that reports about 8 a year.
  setFigures(at(2), FIELD.licensing, [8, 7, 1700, 9]);
  // A fee amount of 12 billion yuan from an agency that has never charged a fee.
  setFigures(at(3), FIELD.fees, [0, 0, 12_000_000_000, 0]);
  // The reverse slip: 万元 read as 元, 310 yuan where the agency charged about 3 million.
  setFigures(at(4), FIELD.fees, [2_900_000, 3_050_000, 2_990_000, 310]);
  // 行政处罚 88,000 from a new agency with no history.
  const newcomer: DistrictAgency = { name: '枣庄市市中区新设局', years: new Map([[2024, { ...at(5).years.get(2024)!, [FIELD.penalties]: 88_000 }]]) };
  district.push(newcomer);
  const slips = [
    { agency: at(0).name, year: 2023, path: FIELD.fees, rule: 'ANOMALY.unit' },
    { agency: at(1).name, year: 2023, path: FIELD.penalties, rule: 'ANOMALY.jump' },
    { agency: at(2).name, year: 2023, path: FIELD.licensing, rule: 'ANOMALY.jump' },
    { agency: at(3).name, year: 2023, path: FIELD.fees, rule: 'ANOMALY.unit' },
    { agency: at(4).name, year: 2024, path: FIELD.fees, rule: 'ANOMALY.unit' },
    { agency: newcomer.name, year: 2024, path: FIELD.penalties, rule: 'ANOMALY.peer' },
  ];
  return { district, slips };
}

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

describe('ANOMALY.* on a generated district', () => {
  it('flags every planted slip with the rule that names it, in every seeded district', () => {
    for (const seed of SEEDS) {
      const { district, slips } = planted(seed);
      const findings = flagged(district);
      for (const slip of slips) {
        const found = findings.filter((f) => f.agency === slip.agency && f.year === slip.year && f.fields[0] === slip.path);
        expect({ seed, ...slip, rules: found.map((f) => f.rule) }).toEqual({ seed, ...slip, rules: [slip.rule] });
      }
    }
  });

  it('says what each slip is compared with, and what a unit slip would be', () => {
    const { district, slips } = planted(1);
    const findings = flagged(district);
    const on = (i: number) => findings.find((f) => f.agency === slips[i].agency && f.year === slips[i].year && f.fields[0] === slips[i].path)!;

    const fee = on(0);
    expect(fee.params).toMatchObject({ basis: 'history', slip: 'yuan-as-wan', lastYear: 2022, lastValue: 3_080_000, priorYear: 2021, priorValue: 2_950_000, corrected: 2_900_000, reference: 3_080_000, referenceYear: 2022 });
    expect(fee.expected).toBe(3_080_000);
    expect(fee.actual).toBe(29_000_000_000);
    expect(renderMessage(fee)).toContain('行政事业性收费 本年收费金额(单位:万元)');
    expect(renderMessage(fee)).toContain('2900000 万元');
    expect(renderMessage(fee)).toContain('以“元”为单位的金额填在了以“万元”计的栏目');
    expect(renderMessage(fee)).toContain('实际金额应为 290 万元');
    expect(renderMessage(fee)).toContain('本单位 2022 年 308 万元、2021 年 295 万元');

    const penalties = on(1);
    expect(penalties.params).toMatchObject({ lastValue: 290, priorValue: 310, reference: 310, referenceYear: 2021 });
    expect(renderMessage(penalties)).toContain('行政处罚 本年处理决定数量');
    expect(renderMessage(penalties)).toMatch(/与本单位 2021 年的 310（109\.7 倍）相比变化超过一个数量级/);

    const neverCharged = on(3);
    expect(neverCharged.params).toMatchObject({ basis: 'peers', slip: 'yuan-as-wan', lastValue: 0, priorValue: 0, corrected: 1_200_000 });
    expect(neverCharged.expected).toBeNull();
    expect(renderMessage(neverCharged)).toContain('同年有此项金额的单位的中位数');

    const reverse = on(4);
    expect(reverse.params).toMatchObject({ slip: 'wan-as-yuan', corrected: 3_100_000 });
    expect(renderMessage(reverse)).toContain('实际金额应为 310 万元');

    const newcomer = on(5);
    expect(newcomer.params.peers).toBeGreaterThanOrEqual(DEFAULT_ANOMALY.peer.minPeers);
    expect(newcomer.params.peerMedian).toBeLessThan(400);
    expect(newcomer.params).not.toHaveProperty('lastValue');
    expect(renderMessage(newcomer)).toMatch(/远高于同年此项不为 0 的 \d+ 个单位的中位数 [\d.]+/);
    expect(renderMessage(newcomer)).toContain('本单位没有往年报告可比');
  });

  it('keeps a corrected year after a slip quiet: its history still has a year without the slip', () => {
    const { district, slips } = planted(1);
    const after = flagged(district).filter((f) => slips.slice(0, 4).some((s) => f.agency === s.agency && f.year === 2024 && f.fields[0] === s.path));
    expect(after).toEqual([]);
  });

  it('never flags the naturally large agencies, whose history shows their size', () => {
    for (const seed of SEEDS) {
      expect(flagged(makeDistrict(seed)).filter((f) => LARGE_AGENCIES.includes(f.agency!))).toEqual([]);
    }
  });

  it('flags at most 2% of the agency-years that have history and no slip (measured over 20 districts)', () => {
    let withHistory = 0;
    const wrongly = new Set<string>();
    for (const seed of SEEDS) {
      const { district, slips } = planted(seed);
      const slipped = new Set(slips.map((s) => `${s.agency}|${s.year}`));
      const years = new Map(district.map((a) => [a.name, [...a.years.keys()]]));
      const hasHistory = (agency: string, year: number) => years.get(agency)!.some((y) => y < year);
      for (const a of district) for (const year of a.years.keys()) if (hasHistory(a.name, year) && !slipped.has(`${a.name}|${year}`)) withHistory++;
      for (const f of flagged(district)) {
        if (hasHistory(f.agency!, f.year) && !slipped.has(`${f.agency}|${f.year}`)) wrongly.add(`${seed}|${f.agency}|${f.year}`);
      }
    }
    const share = wrongly.size / withHistory;
    expect(withHistory).toBeGreaterThan(2500);
    expect(share).toBeLessThanOrEqual(0.02);
  });
});

describe('ANOMALY.* rules on small stores', () => {
  const years = (agency: string, path: string, values: Array<number | null>, first = 2021) =>
    values.map((value, i) => makeCleaned('2021', { agency, year: first + i, values: value === null ? {} : { [path]: value } }));

  it('never flags small counts, however much they move (1 → 9, 0 → 60)', () => {
    const reports = [...years('甲局', FIELD.penalties, [1, 9]), ...years('乙局', FIELD.licensing, [0, 60])];
    expect(anomalies(reconcileAcross(context(reports)))).toEqual([]);
  });

  it('flags a fall by an order of magnitude too, above the floor', () => {
    const [finding] = anomalies(reconcileAcross(context(years('甲局', FIELD.penalties, [400, 380, 12]))));
    expect(finding).toMatchObject({ rule: 'ANOMALY.jump', year: 2023, expected: 380, actual: 12, params: { ratio: 0.03158 } });
    expect(renderMessage(finding)).toContain('（1/32）');
  });

  it('does not compare with peers when fewer than minPeers report the figure', () => {
    const reports = [...years('新局', FIELD.penalties, [88_000], 2023), ...['甲', '乙', '丙'].map((a) => makeCleaned('2021', { agency: a, year: 2023, values: { [FIELD.penalties]: 30 } }))];
    expect(anomalies(reconcileAcross(context(reports)))).toEqual([]);
  });

  it('does not judge a region against its members, nor count it among the peers', () => {
    const members = Array.from({ length: 9 }, (_, i) => `成员${i}`);
    const agencies = { agencies: [{ name: '区', aliases: [], members }] };
    const reports = [
      ...members.map((a) => makeCleaned('2021', { agency: a, year: 2023, values: { [FIELD.penalties]: 20 } })),
      makeCleaned('2021', { agency: '区', year: 2023, values: { [FIELD.penalties]: 180 } }),
    ];
    expect(anomalies(reconcileAcross(context(reports, agencies)))).toEqual([]);
  });

  it('keys a finding on rule, agency, year and field only', () => {
    const [finding] = anomalies(reconcileAcross(context(years('甲局', FIELD.penalties, [300, 34_000]))));
    expect(finding.key).toBe(findingKey({ rule: 'ANOMALY.jump', agency: '甲局', year: 2022, fields: [FIELD.penalties] }));
    const [again] = anomalies(reconcileAcross(context(years('甲局', FIELD.penalties, [290, 31_000]))));
    expect(again.key).toBe(finding.key);
  });

  it('reads its fields and thresholds from the settings given', () => {
    const reports = years('甲局', FIELD.penalties, [300, 2_000]);
    expect(anomalies(reconcileAcross(context(reports)))).toEqual([]);
    const strict = AnomalySchema.parse({ jump: { ratio: 5 } });
    expect(anomalies(reconcileAcross({ ...context(reports), anomaly: strict })).map((f) => f.rule)).toEqual(['ANOMALY.jump']);
    const none = AnomalySchema.parse({ fields: { [FIELD.fees]: { floor: 0 } } });
    expect(anomalies(reconcileAcross({ ...context(years('甲局', FIELD.penalties, [300, 34_000])), anomaly: none }))).toEqual([]);
  });
});

describe('mappings/anomaly.yaml', () => {
  it('ships the defaults, each written out', () => {
    expect(loadAnomaly(path.join(__dirname, '../../../mappings'))).toEqual(DEFAULT_ANOMALY);
  });

  it('rejects an unknown field or key, naming it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anomaly-'));
    fs.writeFileSync(path.join(dir, 'anomaly.yaml'), 'fields:\n  proactive.penalties.decision: { floor: 1 }\njump:\n  ratoi: 3\n');
    try {
      loadAnomaly(dir);
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(SettingsError);
      expect((e as SettingsError).problems.join('\n')).toMatch(/fields: every key must be a field of the template/);
      expect((e as SettingsError).problems.join('\n')).toMatch(/jump: .*ratoi/);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('fills what a file leaves out with the defaults', () => {
    expect(AnomalySchema.parse({ peer: { minPeers: 12 } }).peer).toEqual({ ...DEFAULT_ANOMALY.peer, minPeers: 12 });
  });
});
