import type { AnomalySettings } from '../../../model/anomaly';
import type { Draft } from '../../../model/draft';
import { crossDraft } from '../context';
import { closest, comparisonParams, log1p10, rounded, type Comparison } from './district';

/**
 * ANOMALY.jump: a figure `ratio` (10) times or more, or 1/10 or less, of every earlier year of
 * the agency's own (compared on 1 + figure, so a year of 0 is a year of 1), and further from
 * the closest of them than the field's floor, so that small counts (1 → 9) never fire.
 * Expected: the closest earlier year's figure; actual: the figure.
 */
export function jump(c: Comparison, settings: AnomalySettings): Draft | null {
  const { value } = c.figure;
  const earlier = closest(value, c.history, log1p10);
  if (earlier === null || Math.abs(value - earlier.value) < c.floor) return null;
  const moved = (1 + value) / (1 + earlier.value);
  if (moved < settings.jump.ratio && moved > 1 / settings.jump.ratio) return null;
  return crossDraft('ANOMALY.jump', [c.figure.path], earlier.value, value, {
    ...comparisonParams(c, settings.peer), reference: earlier.value, referenceYear: earlier.year,
    ...(earlier.value > 0 ? { ratio: rounded(value / earlier.value) } : {}),
  }, c.figure.at);
}
