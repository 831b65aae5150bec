/**
 * The ANOMALY.* warnings: each covered figure against the agency's own earlier years and the
 * same year's peers (mappings/anomaly.yaml says which figures and how far). A figure gets at
 * most one, the most specific: a unit slip, else a jump against its history, else a peer
 * outlier its history does not explain.
 */
import { DEFAULT_ANOMALY } from '../../../model/anomaly';
import { onSide, type CrossRule } from '../context';
import { districtOf, figuresOf } from './district';
import { jump } from './jump';
import { peer } from './peer';
import { unitSlip } from './unit';

export { districtOf, figuresOf, type District, type Figure } from './district';

const JUDGES = [unitSlip, jump, peer];

export const rule: CrossRule = {
  id: 'ANOMALY.*',
  scope: 'district',
  check(ctx) {
    const settings = ctx.anomaly ?? DEFAULT_ANOMALY;
    const district = ctx.district ?? districtOf(figuresOf(ctx.reports, ctx.agencies, settings), ctx.agencies, settings);
    return district.figures.flatMap((figure) => {
      const comparison = district.comparisonOf(figure);
      for (const judge of JUDGES) {
        const draft = judge(comparison, settings);
        if (draft) return [onSide({ file: figure.file, agency: figure.agency, year: figure.year }, draft)];
      }
      return [];
    });
  },
};
