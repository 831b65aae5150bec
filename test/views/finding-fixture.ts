import { findingKey, type StatedFinding } from '../../src/model/finding';

/** A stated finding as the store hands it to a view; open unless told. */
export function stated(over: Partial<StatedFinding> & Pick<StatedFinding, 'rule'>): StatedFinding {
  const base: StatedFinding = {
    rule: over.rule,
    severity: 'error',
    key: '',
    agency: '某局',
    year: 2022,
    fields: [],
    file: '某局_2022.xlsx',
    sheet: null,
    cells: [],
    expected: null,
    actual: null,
    difference: null,
    params: {},
    state: 'open',
    decision: null,
  };
  const finding = { ...base, ...over };
  return { ...finding, key: over.key ?? findingKey(finding) };
}
