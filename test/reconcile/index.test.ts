import { FILE_RULES, reconcileFile } from '../../src/reconcile';
import { makeReport } from './report-fixture';

describe('reconcileFile', () => {
  it('finds nothing in a report of zeros, in either edition', () => {
    expect(reconcileFile(makeReport('2019'))).toEqual([]);
    expect(reconcileFile(makeReport('2021'))).toEqual([]);
  });

  it('returns findings rule by rule, in the order of FILE_RULES', () => {
    const report = makeReport('2019', {
      year: 2021,
      values: {
        'reviewLitigation.reconsideration.total': 1, // T4.group-total
        'applications.received.naturalPerson': 2, // T3.row-total, T3.balance (naturalPerson)
        'proactive.licensing.change': -1, // T2.items-nonnegative
      },
    });
    expect(reconcileFile(report).map((f) => f.rule)).toEqual([
      'T0.edition-superseded', 'T2.items-nonnegative', 'T3.row-total', 'T3.balance', 'T4.group-total',
    ]);
    const order = FILE_RULES.map((r) => r.id);
    const ranks = reconcileFile(report).map((f) => order.indexOf(f.rule));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  });

  it('names in each draft the fields its cells hold, in the same order', () => {
    const report = makeReport('2019', {
      year: 2021,
      values: {
        'reviewLitigation.reconsideration.total': 1,
        'applications.received.naturalPerson': 2,
        'applications.results.granted.total': 1,
        'proactive.licensing.change': -1,
        'reviewLitigation.litigationAfterReconsideration.total': 5,
      },
    });
    const drafts = reconcileFile(report).filter((d) => d.cells.length > 0);
    expect(drafts.length).toBeGreaterThan(4);
    for (const d of drafts) {
      expect([d.rule, d.cells]).toEqual([d.rule, (d.fields ?? []).map((path) => report.fields[path].address)]);
    }
  });

  it('runs only the rules of the report\'s edition', () => {
    const report = makeReport('2021', { year: 2023, values: { 'proactive.normativeDocs.issued': 1 } });
    expect(reconcileFile(report).map((f) => f.rule)).toEqual(['T2.in-force-vs-issued']);
  });
});
