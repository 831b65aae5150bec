import type { AnomalySettings } from '../../../model/anomaly';
import type { Draft } from '../../../model/draft';
import { crossDraft } from '../context';
import { comparisonParams, rounded, type Comparison } from './district';

/**
 * ANOMALY.peer: a figure far above the same year's (at least minPeers agencies reporting one
 * above 0): more than `factor` (10) times their upper quantile (the 0.75 one, which three in
 * four do not exceed), and at least the field's floor; judged only where the agency's own years do not explain it (none of its
 * other years, earlier or later, within ×explainedWithin), so an agency large every year is
 * never an outlier, not even in its first year in the store. A region
 * is not judged (it adds up its members). Expected: null (the peers move on their own);
 * actual: the figure.
 */
export function peer(c: Comparison, settings: AnomalySettings): Draft | null {
  const { value } = c.figure;
  const { peers } = c;
  if (peers === null || c.region || value < c.floor || value <= peers.limit) return null;
  if (c.neighbours.some((e) => (1 + value) / (1 + e.value) <= settings.peer.explainedWithin)) return null;
  return crossDraft('ANOMALY.peer', [c.figure.path], null, value, {
    ...comparisonParams(c, settings.peer), peers: peers.count, peerMedian: rounded(peers.median), peerHigh: rounded(peers.high), peerQuantile: settings.peer.quantile, peerLimit: rounded(peers.limit),
    ratio: rounded(value / peers.median),
  }, c.figure.at);
}
