import { CATALOGUE, ruleInfo } from '../../src/reconcile/catalogue';
import { FILE_RULES } from '../../src/reconcile';
import { MESSAGES } from '../../src/reconcile/messages';

const DESIGN_IDS = [
  'T0.edition-superseded', 'T2.items-nonnegative', 'T2.published-within-total', 'T2.items-look-like-cases',
  'T2.in-force-vs-issued', 'T3.row-total', 'T3.results-total', 'T3.balance', 'T4.group-total',
  'T4.litigation-vs-reconsideration', 'X.carry-over', 'X.items-chain', 'X.in-force-chain', 'X.rollup',
  'X.duplicate', 'VALUE.unparseable', 'VALUE.negative', 'VALUE.non-integer', 'VALUE.unknown-unit',
  'VALUE.formula-uncached', 'VALUE.total-blank', 'VALUE.annotated', 'PARSE.unreadable', 'PARSE.encrypted',
  'PARSE.too-large', 'PARSE.timeout', 'PARSE.no-mapping', 'PARSE.table-missing', 'PARSE.row-missing',
  'PARSE.column-missing', 'PARSE.identity', 'PARSE.extra-row',
  // Not in the design's table: X.rollup's warning when members' reports are missing (issue 5).
  'X.rollup-incomplete',
  // nianbao's own fault on a file (not the department's): retried next run.
  'INTERNAL.error',
  // Issue 13: the forms real departments send; issue 12.6: numbers past exact, money past the fen.
  'PARSE.hidden-sheet', 'VALUE.date-formatted', 'VALUE.beyond-exact', 'VALUE.sub-fen',
  // Issue 20: figures against the agency's own history and its peers.
  'ANOMALY.unit', 'ANOMALY.jump', 'ANOMALY.peer',
  // Issue 19: a money column's header and its table's unit line disagree; a workbook's reports can not be told apart.
  'VALUE.unit-conflict', 'PARSE.several-reports',
];

const WARNINGS = [
  'T0.edition-superseded', 'T2.items-look-like-cases', 'T2.in-force-vs-issued', 'T4.litigation-vs-reconsideration',
  'X.items-chain', 'X.in-force-chain', 'X.duplicate', 'VALUE.total-blank', 'VALUE.annotated', 'PARSE.extra-row',
  'X.rollup-incomplete', 'PARSE.hidden-sheet', 'VALUE.date-formatted', 'VALUE.unit-conflict',
  'ANOMALY.unit', 'ANOMALY.jump', 'ANOMALY.peer',
];

describe('the rule catalogue', () => {
  const ids = CATALOGUE.map((r) => r.id);

  it('lists every rule of the design once', () => {
    expect([...ids].sort()).toEqual([...DESIGN_IDS].sort());
  });

  it('gives each rule its severity in the design', () => {
    expect(ids.filter((id) => ruleInfo(id).severity === 'warning').sort()).toEqual([...WARNINGS].sort());
  });

  it('has a Chinese title, scope and statement for every rule', () => {
    for (const r of CATALOGUE) {
      expect([r.id, /\p{Script=Han}/u.test(r.title + r.scope + r.statement)]).toEqual([r.id, true]);
    }
  });

  it('knows every file rule', () => {
    for (const rule of FILE_RULES) expect(ids).toContain(rule.id);
    expect(new Set(FILE_RULES.map((r) => r.id)).size).toBe(FILE_RULES.length);
  });

  it('has a message template for every rule, and none for an unknown one', () => {
    expect(Object.keys(MESSAGES).sort()).toEqual([...ids].sort());
  });

  it('throws on an unknown rule id', () => {
    expect(() => ruleInfo('T9.nonsense')).toThrow('T9.nonsense');
  });
});
