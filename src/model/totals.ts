import { APPLICANT_PARTS, TEMPLATE, type Edition } from './template';

/** A total of the template and the fields it adds up; shared by blank-total filling and the rules. */
export interface TotalRelation {
  /** Which rule checks this total. */
  rule: 'T3.row-total' | 'T3.results-total' | 'T4.group-total';
  total: string;
  parts: string[];
  /** What a message names: the row (`applications.received`) or the column (`naturalPerson`). */
  params: { row: string } | { column: string };
}

function build(edition: Edition): TotalRelation[] {
  const applications = TEMPLATE[edition].find((t) => t.id === 'applications')!;
  const review = TEMPLATE[edition].find((t) => t.id === 'reviewLitigation')!;
  const resultRows = applications.rows.filter((r) => r.key.startsWith('results.') && r.key !== 'results.total');
  // Order matters for filling: each row's total first, then the (七)总计 row from filled rows.
  return [
    ...applications.rows
      .filter((row) => row.key !== 'results.total')
      .map((row): TotalRelation => ({
        rule: 'T3.row-total',
        total: `applications.${row.key}.total`,
        parts: APPLICANT_PARTS.map((c) => `applications.${row.key}.${c.key}`),
        params: { row: `applications.${row.key}` },
      })),
    ...applications.columns.map((column): TotalRelation => ({
      rule: 'T3.results-total',
      total: `applications.results.total.${column.key}`,
      parts: resultRows.map((row) => `applications.${row.key}.${column.key}`),
      params: { column: column.key },
    })),
    {
      rule: 'T3.row-total',
      total: 'applications.results.total.total',
      parts: APPLICANT_PARTS.map((c) => `applications.results.total.${c.key}`),
      params: { row: 'applications.results.total' },
    },
    ...review.rows.map((group): TotalRelation => ({
      rule: 'T4.group-total',
      total: `reviewLitigation.${group.key}.total`,
      parts: review.columns.filter((c) => c.key !== 'total').map((c) => `reviewLitigation.${group.key}.${c.key}`),
      params: { row: `reviewLitigation.${group.key}` },
    })),
  ];
}

export const TOTALS: Record<Edition, TotalRelation[]> = { '2019': build('2019'), '2021': build('2021') };
