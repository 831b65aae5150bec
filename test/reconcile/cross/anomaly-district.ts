/**
 * A district made by code for the ANOMALY.* tests: 45 agencies over 2021–2024 (2021 edition),
 * every report consistent in itself, with the variation real districts show: each agency has
 * its own level per figure (many report no licences, penalties or fees at all), years move it
 * by noise (about ×0.7 to ×1.4, more for small counts, which also drop to 0 and come back),
 * some agencies grow or shrink steadily, a few start or stop charging fees, and a few are
 * naturally large every year (the 行政审批服务局's licences, the 综合行政执法局's and the
 * 公安分局's penalties). Slips are planted on top by the tests (`plant`). Deterministic per seed.
 */
import type { CleanedReport } from '../../../src/validate';
import { makeCleaned } from './cleaned-fixture';
import { seededRandom } from '../../helpers/random';

export const YEARS = [2021, 2022, 2023, 2024];

export const FIELD = {
  licensing: 'proactive.licensing.decisions',
  penalties: 'proactive.penalties.decisions',
  enforcement: 'proactive.enforcement.decisions',
  fees: 'proactive.fees.amountYuan',
  received: 'applications.received.total',
} as const;

export type Figures = Record<string, number>;

/** One agency's figures, year by year. */
export interface DistrictAgency {
  name: string;
  years: Map<number, Figures>;
}

export const random = seededRandom;

const NAMES = [
  '发展和改革局', '教育和体育局', '科学技术局', '工业和信息化局', '民政局', '司法局', '财政局',
  '人力资源和社会保障局', '自然资源局', '住房和城乡建设局', '交通运输局', '水务局', '农业农村局', '商务局',
  '文化和旅游局', '卫生健康局', '退役军人事务局', '应急管理局', '审计局', '市场监督管理局', '统计局',
  '医疗保障局', '信访局', '档案馆', '残疾人联合会', '投资促进服务中心', '城市管理局', '生态环境分局',
  '税务局', '消防救援大队', '气象局', '供销合作社', '机关事务服务中心', '融媒体中心', '大数据中心',
  '中心街街道办事处', '垎塔埠街道办事处', '矿区街道办事处', '文化路街道办事处', '光明路街道办事处',
  '龙山路街道办事处', '税郭镇人民政府', '孟庄镇人民政府',
];
/** Naturally large every year: name and its level per figure. */
const LARGE: Array<[string, Figures]> = [
  ['行政审批服务局', { [FIELD.licensing]: 12000, [FIELD.received]: 60 }],
  ['综合行政执法局', { [FIELD.penalties]: 3000, [FIELD.enforcement]: 400 }],
];
export const LARGE_AGENCIES = LARGE.map(([name]) => `枣庄市市中区${name}`);

export function makeDistrict(seed: number): DistrictAgency[] {
  const rand = random(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const level = (p: number, lo: number, hi: number) => (rand() < p ? 10 ** (lo + (hi - lo) * rand()) : 0);
  const levels = (): Figures => ({
    [FIELD.licensing]: level(0.5, 0, 2.3),
    [FIELD.penalties]: level(0.5, 0.3, 2.6),
    [FIELD.enforcement]: level(0.3, 0, 1.7),
    [FIELD.fees]: level(0.35, 4, 6.8),
    [FIELD.received]: level(0.8, 0, 1.5),
  });
  const agencies = [...NAMES.map((n) => [n, levels()] as const), ...LARGE.map(([n, big]) => [n, { ...levels(), ...big }] as const)];
  return agencies.map(([name, base]) => {
    // One in five (never a large one) grows or shrinks steadily, by up to ×1.5 or ×0.67 a year.
    const trend = rand() < 0.2 && !LARGE.some(([n]) => n === name) ? 10 ** Math.max(-0.18, Math.min(0.18, 0.1 * normal())) : 1;
    const feeChange = rand() < 0.1 ? (rand() < 0.5 ? 'starts' : 'stops') : null;
    const years = new Map<number, Figures>();
    YEARS.forEach((year, i) => {
      const figures: Figures = {};
      for (const [path, b] of Object.entries(base)) {
        let mean = b * trend ** i;
        if (path === FIELD.fees && feeChange === 'starts' && i < 2) mean = 0;
        if (path === FIELD.fees && feeChange === 'stops' && i >= 2) mean = 0;
        if (path === FIELD.fees && feeChange === 'starts' && i >= 2 && b === 0) mean = 10 ** (4 + 1.5 * rand());
        const noisy = mean * 10 ** ((mean < 20 ? 0.3 : 0.15) * normal());
        figures[path] = path === FIELD.fees ? Math.round(noisy / 100) * 100 : Math.round(noisy);
      }
      years.set(year, figures);
    });
    return { name: `枣庄市市中区${name}`, years };
  });
}

/** The district's reports, one per agency-year. */
export function reportsOf(district: readonly DistrictAgency[]): CleanedReport[] {
  return district.flatMap((agency) => [...agency.years].map(([year, figures]) =>
    makeCleaned('2021', { agency: agency.name, year, values: { ...figures, 'applications.received.naturalPerson': figures[FIELD.received] } })));
}
