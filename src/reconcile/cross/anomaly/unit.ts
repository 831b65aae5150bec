import type { AnomalySettings } from '../../../model/anomaly';
import type { Draft, RuleParams } from '../../../model/draft';
import { crossDraft } from '../context';
import { closest, comparisonParams, rounded, type Comparison } from './district';

/**
 * ANOMALY.unit: a money amount that looks like the 元/万元 slip, 元 written where 万元 is read
 * (`yuan-as-wan`, the amount `factor` = 10,000 times too large) or the reverse (`wan-as-yuan`).
 * Against the agency's own amounts (the earlier year closest to it among those above 0): within
 * ×/÷ tolerance of 10,000 times, or of 1/10,000 of, that year's. An agency that never had an
 * amount is measured against its peers: far above them (ANOMALY.peer's limit) while the amount
 * ÷ 10,000 would be ordinary among theirs (from their low quantile ÷ tolerance up to that limit); the
 * reverse is not judged there (a small amount is ordinary). Expected: the earlier year's
 * amount (null against peers); actual: the amount; params.corrected: the amount in yuan if it
 * is the slip.
 */
export function unitSlip(c: Comparison, settings: AnomalySettings): Draft | null {
  const { value } = c.figure;
  if (!c.money || value <= 0) return null;
  const { factor, tolerance } = settings.unit;
  const earlier = closest(value, c.history.filter((e) => e.value > 0), Math.log10);
  let slip: RuleParams['ANOMALY.unit']['slip'] | null = null;
  let reference: number;
  if (earlier) {
    reference = earlier.value;
    const ratio = value / reference;
    if (ratio >= factor / tolerance && ratio <= factor * tolerance) slip = 'yuan-as-wan';
    else if (ratio <= tolerance / factor && ratio >= 1 / (factor * tolerance)) slip = 'wan-as-yuan';
  } else {
    if (c.peers === null) return null;
    reference = c.peers.median;
    const asWan = value / factor;
    if (value > c.peers.limit && asWan >= c.peers.low / tolerance && asWan <= c.peers.limit) slip = 'yuan-as-wan';
  }
  if (slip === null) return null;
  const corrected = slip === 'yuan-as-wan' ? Math.round((value / factor) * 100) / 100 : value * factor;
  return crossDraft('ANOMALY.unit', [c.figure.path], earlier?.value ?? null, value, {
    ...comparisonParams(c, settings.peer), basis: earlier ? 'history' : 'peers', slip, corrected, reference: rounded(reference),
    ...(earlier ? { referenceYear: earlier.year } : {}), ratio: rounded(value / reference),
  }, c.figure.at);
}
