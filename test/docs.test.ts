/**
 * The README is a door and docs/ the house (issue 23): every relative link of README.md and of
 * the pages under docs/ names a file that exists, and docs/rules.md is what
 * `nianbao rules --markdown` prints from the catalogue today.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, runCli } from './helpers/cli';

const DOCS = path.join(ROOT, 'docs');
const pages = ['README.md', ...fs.readdirSync(DOCS).filter((f) => f.endsWith('.md')).map((f) => path.join('docs', f))];

/** The targets of a page's Markdown links and images that are not web addresses, `file#anchor`. */
function relativeLinks(page: string): string[] {
  const text = fs.readFileSync(path.join(ROOT, page), 'utf8').replace(/```[\s\S]*?```/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith('#'));
}

/** The anchors of a Markdown page's headings, as GitHub makes them. */
const anchorsOf = (file: string): string[] =>
  [...fs.readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '').matchAll(/^#+ (.+)$/gm)].map((m) => m[1].trim().toLowerCase().replace(/[^\p{L}\p{N}\- _]/gu, '').replace(/ /g, '-'));

/** A link's file, or its file and heading, that does not exist. */
function broken(page: string, link: string): boolean {
  const [target, anchor] = link.split('#');
  const file = path.resolve(ROOT, path.dirname(page), target);
  if (!fs.existsSync(file)) return true;
  return anchor !== undefined && file.endsWith('.md') && !anchorsOf(file).includes(anchor);
}

describe('the documentation', () => {
  it.each(pages)('%s links only to files and headings that exist', (page) => {
    expect(relativeLinks(page).filter((link) => broken(page, link))).toEqual([]);
  });

  it('README.md starts a newcomer: the two commands first, the desk\'s picture, and a link to every page of docs/', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme.split('\n').length).toBeLessThanOrEqual(150);
    const firstBlock = /```\w*\n([\s\S]*?)```/.exec(readme)![1];
    expect(firstBlock).toMatch(/^npm install && npm start\b/m);
    expect(firstBlock).toMatch(/^npm test\b/m);
    expect(relativeLinks('README.md')).toContain('docs/desk-overview.png');
    const linked = new Set(relativeLinks('README.md').map((link) => link.split('#')[0]));
    expect(pages.filter((p) => p !== 'README.md' && !linked.has(p))).toEqual([]);
  });

  it('docs/rules.md is the catalogue as `nianbao rules --markdown` prints it', async () => {
    const result = await runCli(['rules', '--markdown']);
    expect(result.code).toBe(0);
    const committed = fs.readFileSync(path.join(DOCS, 'rules.md'), 'utf8');
    if (committed !== result.stdout) {
      throw new Error('docs/rules.md is out of date: regenerate it with\n  npm run build --silent && node dist/src/cli/main.js rules --markdown > docs/rules.md');
    }
    expect(committed).toContain('`T3.balance`');
  });
});
