/**
 * What rules and stages produce: a finding before it is placed on a report. Each rule's
 * params are typed here, one entry per rule of the catalogue, so a draft that leaves out a
 * param its message needs does not compile; reconcile/messages.ts renders each rule's
 * message from exactly these params.
 */
import type { Scalar } from './finding';
import type { Edition } from './template';

/** A row of a table: `row` is its path (`proactive.licensing`, `applications.received`). */
type RowParams = { edition: Edition; row: string };
/** A column of 三: `column` is its key (`naturalPerson`, `total`). */
type ColumnParams = { edition: Edition; column: string };
/** A cell's value: its field path and the text as typed. */
type CellParams = { edition: Edition; path: string; raw: string };
/** A cross-file finding's two reports: this year's (year, file) and the other (previousYear, otherFile). */
type SidesParams = { year: number; file: string; previousYear: number; otherFile: string };
/** Where a cross-file finding on a region sits, when known. */
type PlaceParams = { year?: number; file?: string };
/**
 * A whole-file finding: its cause, from a closed list per rule (DESIGN: PARSE.* findings
 * carry params.cause); the mapping and edition are added once a mapping is known.
 */
type WholeParams<C extends string> = { cause: C; mapping?: string; edition?: Edition };
/**
 * What an ANOMALY.* figure (`path`, in the report of `year` and `file`) is compared with: the
 * agency's two latest earlier years (lastYear/lastValue, priorYear/priorValue) and the same
 * year's agencies reporting it above 0 (how many, their median, their upper quantile
 * peerHigh at peerQuantile (0.75), and the limit above which a figure is far outside), where each is known.
 */
export type ComparisonParams = {
  edition: Edition; path: string; year: number; file: string;
  lastYear?: number; lastValue?: number; priorYear?: number; priorValue?: number;
  peers?: number; peerMedian?: number; peerHigh?: number; peerQuantile?: number; peerLimit?: number;
};
/** An ANOMALY.* figure against one reference: the earlier year it comes from, if any, and figure / reference. */
type AgainstParams = { reference: number; referenceYear?: number; ratio?: number };

export type ReadCause = 'empty' | 'not-spreadsheet' | 'unsupported-extension' | 'truncated' | 'damaged-part' | 'damaged';

export interface RuleParams {
  'T0.edition-superseded': { year: number };
  'T2.items-nonnegative': RowParams & { previousItems: number; change: number };
  'T2.published-within-total': RowParams;
  'T2.items-look-like-cases': RowParams & { previousItems: number; change: number; threshold: number };
  'T2.in-force-vs-issued': RowParams & { inForce: number; repealed: number };
  'T3.row-total': RowParams;
  'T3.results-total': ColumnParams;
  'T3.balance': ColumnParams & { received: number; carriedIn: number; resultsTotal: number; carriedForward: number };
  'T4.group-total': RowParams;
  'T4.litigation-vs-reconsideration': { edition: Edition };
  'X.carry-over': ColumnParams & SidesParams & { otherCell?: string };
  'X.items-chain': RowParams & SidesParams & { lastPreviousItems?: number; lastChange?: number; lastPreviousItemsCell?: string; lastChangeCell?: string };
  'X.in-force-chain': RowParams & SidesParams & { lastInForce?: number; issued?: number; repealed?: number; lastInForceCell?: string };
  'X.rollup': PlaceParams & { edition: Edition; path: string; members: number; memberNames?: string };
  'X.rollup-incomplete': PlaceParams & { members: number; missing: string };
  'X.duplicate': { kept: string; others: string };
  /** basis: what the reference is (an earlier year, or the peers' median of positive amounts); slip: its direction; corrected: the figure in yuan if it is the slip. */
  'ANOMALY.unit': ComparisonParams & AgainstParams & { basis: 'history' | 'peers'; slip: 'yuan-as-wan' | 'wan-as-yuan'; corrected: number };
  'ANOMALY.jump': ComparisonParams & AgainstParams & { referenceYear: number };
  'ANOMALY.peer': ComparisonParams & { peers: number; peerMedian: number; peerHigh: number; peerQuantile: number; peerLimit: number; ratio: number };
  'VALUE.unparseable': CellParams;
  'VALUE.negative': CellParams;
  'VALUE.non-integer': CellParams;
  'VALUE.unknown-unit': CellParams;
  'VALUE.formula-uncached': CellParams;
  'VALUE.beyond-exact': CellParams;
  'VALUE.sub-fen': CellParams;
  'VALUE.date-formatted': CellParams;
  'VALUE.total-blank': { edition: Edition; path: string };
  'VALUE.annotated': CellParams & { note: string };
  /** A money column whose header and its table's unit line give different units: the header's is used. */
  'VALUE.unit-conflict': { edition: Edition; path: string; header: string; headerUnit: string; line: string; lineUnit: string };
  'INTERNAL.error': WholeParams<'internal'> & { stage: string };
  'PARSE.unreadable': WholeParams<ReadCause> & { reason: string };
  'PARSE.encrypted': WholeParams<'encrypted'> & { reason?: string };
  'PARSE.too-large': WholeParams<'file-size' | 'inflated-size' | 'rows' | 'memory' | 'line-too-long'> & { reason: string };
  'PARSE.timeout': WholeParams<'timeout'> & { seconds: number };
  'PARSE.no-mapping': WholeParams<'no-mapping'> & { closest?: string; found?: number; total?: number; missing?: string };
  'PARSE.table-missing': { table: string; mapping?: string; missing?: string };
  'PARSE.row-missing': { table: string; label: string };
  'PARSE.column-missing': { table: string; label: string };
  'PARSE.identity': WholeParams<'identity'> & { missing: string };
  /** occurrence: the second and later row with the same label in one table. */
  'PARSE.extra-row': { table: string; label: string; occurrence?: number };
  'PARSE.hidden-sheet': WholeParams<'hidden-sheet'> & { sheets: string };
  /**
   * A workbook of several reports whose sheets can not be told apart: sheets holding whole
   * reports beside sheets holding parts of tables (whole, parts), or two sheets holding one
   * agency-year's report (agency, year). sheets: all of them, joined with 、.
   */
  'PARSE.several-reports': WholeParams<'several-reports'> & { sheets: string; whole?: string; parts?: string; agency?: string; year?: number };
}

export type RuleId = keyof RuleParams;

/** A draft of one rule, with that rule's params. */
export interface DraftOf<R extends RuleId> {
  rule: R;
  /**
   * Canonical model paths involved, in the rule's order (part of the finding's key). A cell's
   * finding (VALUE.*) may leave them out: its field is its `params.path`.
   */
  fields?: string[];
  sheet: string | null;
  cells: string[];
  expected: Scalar;
  actual: Scalar;
  params: RuleParams[R];
}

/** A draft of any rule. */
export type Draft = { [R in RuleId]: DraftOf<R> }[RuleId];

/** A rule's draft, when the rule is only known as a type parameter (helpers shared by rules). */
export const draftOf = <R extends RuleId>(draft: DraftOf<R>): Draft => draft as unknown as Draft;
