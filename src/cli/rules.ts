/** `nianbao rules [--markdown]`: the rule catalogue, as a table for the terminal or as docs/rules.md. */
import type { Command } from 'commander';
import { CATALOGUE } from '../reconcile';
import { renderTable } from '../store/formats';
import { catalogueMarkdown } from '../views/catalogue';

export function register(program: Command): void {
  program
    .command('rules')
    .description('list the rule catalogue')
    .option('--markdown', 'print it as Markdown: the page docs/rules.md')
    .action((flags: { markdown?: boolean }) => {
      process.stdout.write(flags.markdown
        ? catalogueMarkdown(CATALOGUE)
        : renderTable(['规则', '级别', '范围', '说明'], CATALOGUE.map((r) => [r.id, r.severity, r.scope, r.statement])));
    });
}
