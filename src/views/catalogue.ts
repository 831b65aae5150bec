/**
 * The rule catalogue as a Markdown page: docs/rules.md is this function's output
 * (`nianbao rules --markdown`), and test/rules-doc.test.ts keeps the committed page current.
 */
import type { RuleInfo } from '../reconcile';

/** The catalogue's groups, by the prefix of a rule's id, in the order a report meets them. */
const GROUPS: ReadonlyArray<{ prefix: string; heading: string; about: string }> = [
  { prefix: 'PARSE', heading: 'Files (`PARSE.*`)', about: 'Reading a file and finding its tables, its agency and its year (read, locate, extract). An error rejects the file: it is quarantined with its reason.' },
  { prefix: 'VALUE', heading: 'Cell values (`VALUE.*`)', about: 'How a cell becomes a number (normalize); the value forms are in [formats.md](formats.md#value-forms).' },
  { prefix: 'T', heading: 'The template\'s tables (`T*`)', about: 'One report\'s 勾稽关系, each rule a pure function under `src/reconcile/rules/` (T2: table 二, T3: 三, T4: 四).' },
  { prefix: 'X', heading: 'Across files (`X.*`)', about: 'Run over the whole store after each run\'s files are in: a corrected report on either side clears or updates a finding at the next run.' },
  { prefix: 'INTERNAL', heading: 'nianbao itself (`INTERNAL.*`)', about: 'A fault of nianbao\'s own, never blamed on a department.' },
];

const SEVERITY: Record<RuleInfo['severity'], string> = { error: 'error 错误', warning: 'warning 提示' };

/** Text in a Markdown table cell: a pipe would end the cell. */
const cell = (text: string): string => text.replace(/\|/g, '\\|');

const groupOf = (rule: RuleInfo): string => {
  const prefix = rule.id.split('.')[0];
  return GROUPS.find((g) => g.prefix === prefix || (g.prefix === 'T' && /^T\d+$/.test(prefix)))?.prefix ?? prefix;
};

export function catalogueMarkdown(catalogue: readonly RuleInfo[]): string {
  const unknown = [...new Set(catalogue.map(groupOf))].filter((p) => !GROUPS.some((g) => g.prefix === p));
  if (unknown.length) throw new Error(`catalogueMarkdown: no group for rule ids starting ${unknown.join(', ')}`);
  const sections = GROUPS.map((g) => {
    const rules = catalogue.filter((r) => groupOf(r) === g.prefix);
    if (rules.length === 0) return '';
    const rows = rules.map((r) => `| \`${r.id}\` | ${SEVERITY[r.severity]} | ${cell(r.title)} | ${cell(r.scope)} | ${cell(r.statement)} |`);
    return [`## ${g.heading}`, '', g.about, '', '| rule | severity | 标题 | 范围 | 说明 |', '| --- | --- | --- | --- | --- |', ...rows, ''].join('\n');
  });
  return [
    '# The rules',
    '',
    '<!-- Generated from src/reconcile/catalogue.ts by `nianbao rules --markdown`; do not edit by hand.',
    '     Regenerate: npm run build --silent && node dist/src/cli/main.js rules --markdown > docs/rules.md -->',
    '',
    `Every finding nianbao reports names one of these ${catalogue.length} rules. A finding's Chinese message is rendered`,
    'from its rule and its numbers by `src/reconcile/messages.ts`; an error keeps a report from passing,',
    'a warning asks an operator to look. `nianbao rules` prints the same catalogue in the terminal.',
    '',
    ...sections.filter(Boolean),
  ].join('\n');
}
