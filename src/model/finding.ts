/**
 * One finding shape for every rule, stage, view and output (the design's discrepancy): data
 * only. Its Chinese message is rendered from `rule` and `params` by reconcile/messages.ts
 * wherever it is shown, so a rewording changes no stored finding and no key.
 */
import crypto from 'node:crypto';

export type Severity = 'error' | 'warning';

export type Scalar = number | string | null;

/** A template's words and numbers, as a rule hands them to its message. */
export type Params = Record<string, string | number>;

export interface Finding {
  /** A stable rule id from the catalogue, e.g. `T3.balance`, `VALUE.unparseable`. */
  rule: string;
  severity: Severity;
  /** Stable identity (findingKey): survives reruns, re-layouts and rewordings. */
  key: string;
  /** The agency's canonical name (agencies.yaml), null when the file named none. */
  agency: string | null;
  year: number | null;
  /** Canonical model paths involved (`applications.received.total`), in the rule's order. */
  fields: string[];
  /** The submission's file name as the run knows it (relative to the inbox). */
  file: string;
  /** The sheet the cells are on; null for a finding about the whole file. */
  sheet: string | null;
  /** A1 addresses of the cells involved (the first is the one to look at). */
  cells: string[];
  expected: Scalar;
  actual: Scalar;
  /** actual - expected where both are numbers. */
  difference: number | null;
  params: Params;
}

/** What an operator decided on a finding (out/decisions.jsonl, one line each). */
export type DecisionKind = 'explained' | 'false-positive' | 'reopen';

export interface Decision {
  key: string;
  decision: DecisionKind;
  reason: string;
  by: string;
  /** ISO time with offset. */
  at: string;
  /** The values the decision was made on: it lapses when the finding's values change. */
  on: { expected: Scalar; actual: Scalar; sha256: string | null };
}

/** A finding's state as the desk shows it (DESIGN: Findings, decisions and the roster). */
export type FindingState = 'open' | 'explained' | 'false-positive' | 'lapsed' | 'cleared';

export const STATE_LABEL: Record<FindingState, string> = {
  open: '待处理',
  explained: '核实无误',
  'false-positive': '误报',
  lapsed: '复核失效',
  cleared: '已消除',
};

/** A finding in force with its state and the decision it rests on (the last one made on its key). */
export interface StatedFinding extends Finding {
  state: Exclude<FindingState, 'cleared'>;
  decision: Decision | null;
}

/**
 * The state a finding has under the last decision on its key: a decision holds while the
 * finding keeps the values it was made on; on other values it lapses (open again, the old
 * decision shown beside it).
 */
export function stateOf(finding: Pick<Finding, 'expected' | 'actual'>, decision: Decision | null): StatedFinding['state'] {
  if (!decision || decision.decision === 'reopen') return 'open';
  const same = decision.on.expected === finding.expected && decision.on.actual === finding.actual;
  return same ? decision.decision : 'lapsed';
}

/** Open and lapsed findings still ask for work; only their errors make a report 有错误. */
export const isOpen = (f: Pick<StatedFinding, 'state'>): boolean => f.state === 'open' || f.state === 'lapsed';

/**
 * The key of a finding: the first 16 hex digits of sha256 over the rule, the agency's
 * canonical name, the year, the sorted fields, and `discriminator` (the other year of a
 * cross-file rule, the cause of a whole-file rule; the file's name when the agency is not
 * known, so two unnamed files do not share keys). Never cells, sheet, values or wording.
 */
export function findingKey(parts: { rule: string; agency: string | null; year: number | null; fields: readonly string[]; discriminator?: string | number | null }): string {
  const fields = [...parts.fields].sort();
  const text = JSON.stringify([parts.rule, parts.agency, parts.year, fields, parts.discriminator ?? null]);
  return crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export const hasErrors = (findings: readonly Pick<Finding, 'severity'>[]): boolean =>
  findings.some((f) => f.severity === 'error');

export function countBySeverity(findings: readonly Pick<Finding, 'severity'>[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const f of findings) if (f.severity === 'error') errors++;
  return { errors, warnings: findings.length - errors };
}
