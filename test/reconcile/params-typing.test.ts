/**
 * A draft's params are typed per rule (src/model/draft.ts, RuleParams): a draft missing a param
 * its rule needs fails to compile. ts-jest only compiles code that does compile, so this proves
 * it with the real compiler: small files that build drafts are written into a temp folder in the
 * repo (so they resolve src/ and node_modules/@types as the sources do), type-checked through
 * the TypeScript API, and their diagnostics read.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const REPO = path.resolve(__dirname, '..', '..');

/** The checks the project compiles with (tsconfig.json), and nothing written. */
const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  lib: ['lib.es2022.d.ts'],
  esModuleInterop: true,
  resolveJsonModule: true,
  skipLibCheck: true,
  types: ['node'],
};

/** Each case: a file's text, given the import path of src/ from the temp folder. */
const CASES: Record<string, (src: string) => string> = {
  // (a) Correct drafts, built both ways a stage builds them.
  correct: (src) => `
    import { draftOf, type DraftOf } from '${src}/model/draft';
    import { fileProblem } from '${src}/pipeline/import';
    const balance: DraftOf<'T3.balance'> = {
      rule: 'T3.balance', sheet: '表三', cells: ['H7', 'H8', 'H20', 'H21'], expected: 5, actual: 6,
      params: { edition: '2019', column: 'total', received: 4, carriedIn: 1, resultsTotal: 5, carriedForward: 1 },
    };
    export const drafts = [
      draftOf(balance),
      draftOf<'PARSE.timeout'>({ rule: 'PARSE.timeout', sheet: null, cells: [], expected: null, actual: null, params: { cause: 'timeout', seconds: 30 } }),
      fileProblem('PARSE.timeout', { cause: 'timeout', seconds: 30 }),
    ];
  `,
  // (b) The same drafts, each missing one param its rule requires.
  'balance-without-received': (src) => `
    import { draftOf, type DraftOf } from '${src}/model/draft';
    const balance: DraftOf<'T3.balance'> = {
      rule: 'T3.balance', sheet: '表三', cells: ['H7', 'H8', 'H20', 'H21'], expected: 5, actual: 6,
      params: { edition: '2019', column: 'total', carriedIn: 1, resultsTotal: 5, carriedForward: 1 },
    };
    export const draft = draftOf(balance);
  `,
  'timeout-without-seconds': (src) => `
    import { draftOf } from '${src}/model/draft';
    export const draft = draftOf<'PARSE.timeout'>({ rule: 'PARSE.timeout', sheet: null, cells: [], expected: null, actual: null, params: { cause: 'timeout' } });
  `,
  'file-problem-without-seconds': (src) => `
    import { fileProblem } from '${src}/pipeline/import';
    export const draft = fileProblem('PARSE.timeout', { cause: 'timeout' });
  `,
};

describe('a draft missing a param its rule needs', () => {
  let dir: string;
  /** Each case's diagnostics, as the compiler words them. */
  const diagnostics: Record<string, string[]> = {};

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(REPO, 'test', '.tmp-typing-'));
    const src = path.relative(dir, path.join(REPO, 'src')).split(path.sep).join('/');
    const files = Object.entries(CASES).map(([name, text]) => {
      const file = path.join(dir, `${name}.ts`);
      fs.writeFileSync(file, text(src));
      return [name, file] as const;
    });
    // One program for all cases: src/ is checked once.
    const program = ts.createProgram(files.map(([, file]) => file), OPTIONS);
    for (const [name, file] of files) {
      const source = program.getSourceFile(file);
      if (!source) throw new Error(`the compiler did not read ${file}`);
      diagnostics[name] = ts.getPreEmitDiagnostics(program, source)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    }
  }, 60000);

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('compiles when every param is given (T3.balance, PARSE.timeout, through draftOf and fileProblem)', () => {
    expect(diagnostics.correct).toEqual([]);
  });

  it.each([
    ['balance-without-received', 'received'],
    ['timeout-without-seconds', 'seconds'],
    ['file-problem-without-seconds', 'seconds'],
  ])('fails to compile: %s', (name, property) => {
    expect(diagnostics[name]).toHaveLength(1);
    expect(diagnostics[name][0]).toMatch(new RegExp(`Property '${property}' is missing`));
  });
});
