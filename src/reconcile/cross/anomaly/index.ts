/**
 * The ANOMALY.* warnings: each covered figure against the agency's own earlier years and the
 * same year's peers (mappings/anomaly.yaml says which figures and how far). A figure gets at
 * most one, the most specific: a unit slip, else a jump against its history, else a peer
 * outlier its history does not explain.
 */
import { DEFAULT_ANOMALY, type AnomalySettings } from '../../../model/anomaly';
import type { Draft } from '../../../model/draft';
import { onSide, type CrossFinding, type CrossRule } from '../context';
import { districtOf, figuresOf, type Comparison } from './district';
import { jump } from './jump';
import { peer } from './peer';
import { unitSlip } from './unit';

export { districtOf, figuresOf, type District, type Figure } from './district';

/** The first judge that finds something, most specific first. */
const judge = (comparison: Comparison, settings: AnomalySettings): Draft | null =>
  unitSlip(comparison, settings) ?? jump(comparison, settings) ?? peer(comparison, settings);

export const rule: CrossRule = {
  id: 'ANOMALY.*',
  scope: 'district',
  check(ctx) {
    const settings = ctx.anomaly ?? DEFAULT_ANOMALY;
    const district = ctx.district ?? districtOf(figuresOf(ctx.reports, ctx.agencies, settings), ctx.agencies, settings);
    const findings: CrossFinding[] = [];
    for (const figure of district.figures) {
      const comparison = district.comparisonOf(figure);
      const draft = judge(comparison, settings);
      if (draft) findings.push(onSide({ file: figure.file, agency: figure.agency, year: figure.year }, draft));
    }
    return findings;
  },
};
