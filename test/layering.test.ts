/**
 * Every import runs down the pipeline (issue 11, point 8): the shared nouns (config, log,
 * the model: findings, drafts, the cleaned report's schema) are below every stage, and each
 * stage imports only from its own folder or the ones below it:
 *
 *   [config.ts, log.ts, model] < discover < read < locate < extract < normalize < validate
 *   < reconcile < store < pipeline < views < cli
 *
 * Read with the TypeScript parser, so every form counts: `import … from`, `import type`,
 * `import '…'`, `export … from`, `import('…')`, `import('…').Type` and `require('…')`.
 * (jobs/, outside src/, may import anything.)
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const SRC = path.resolve(__dirname, '..', 'src');

const ORDER: ReadonlyArray<readonly string[]> = [
  ['config.ts', 'log.ts', 'model'],
  ['discover'],
  ['read'],
  ['locate'],
  ['extract'],
  ['normalize'],
  ['validate'],
  ['reconcile'],
  ['store'],
  ['pipeline'],
  ['views'],
  ['cli'],
];

/** A file's layer (or an import's, resolved): its top folder under src/, or a root file's name (`../config` is config.ts). */
function layerOf(file: string): string {
  const rel = path.relative(SRC, file).split(path.sep);
  if (rel.length > 1 || (fs.existsSync(file) && fs.statSync(file).isDirectory())) return rel[0];
  return `${rel[0].replace(/\.(ts|js)$/, '')}.ts`;
}

const rankOf = (layer: string): number => ORDER.findIndex((names) => names.includes(layer));

function sourceFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Every module specifier a file names, in any import form. */
function specifiers(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push(node.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      found.push(node.moduleReference.expression.text);
    } else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) found.push(arg.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** `file → import` for every relative import that goes up the pipeline (or out of src/, or to a folder not in the order). */
function violations(files: readonly string[] = sourceFiles(SRC)): string[] {
  const bad: string[] = [];
  for (const file of files) {
    const from = layerOf(file);
    const fromRank = rankOf(from);
    const rel = path.relative(SRC, file).split(path.sep).join('/');
    if (fromRank < 0) {
      bad.push(`${rel}: src/${from} is not in the layer order`);
      continue;
    }
    for (const spec of specifiers(file)) {
      if (!spec.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), spec);
      if (!target.startsWith(SRC + path.sep)) {
        bad.push(`${rel} → ${spec} (outside src/)`);
        continue;
      }
      const to = layerOf(target);
      const toRank = rankOf(to);
      if (toRank < 0 || toRank > fromRank) bad.push(`${rel} → ${spec} (${from} imports ${to}, ${toRank < 0 ? 'not in the order' : 'above it'})`);
    }
  }
  return bad;
}

describe('imports run down the pipeline', () => {
  it('every folder of src/ is in the order', () => {
    const layers = fs.readdirSync(SRC).map((name) => layerOf(path.join(SRC, name)));
    expect(layers.filter((l) => rankOf(l) < 0)).toEqual([]);
  });

  it('reads every import form', () => {
    const dir = fs.mkdtempSync(path.join(SRC, '..', 'test', '.layering-'));
    try {
      const file = path.join(dir, 'x.ts');
      fs.writeFileSync(file, [
        "import a from './a';",
        "import type { B } from './b';",
        "import './c';",
        "export { d } from './d';",
        "export * from './e';",
        'const f = () => import(\'./f\');',
        "type G = import('./g').G;",
        "const h = require('./h');",
        "import i = require('./i');",
      ].join('\n'));
      expect(specifiers(file)).toEqual(['./a', './b', './c', './d', './e', './f', './g', './h', './i']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('no file of src/ imports from a stage above its own', () => {
    const found = violations();
    expect(found).toEqual([]);
  });
});
