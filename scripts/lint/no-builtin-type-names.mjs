// The host names no plugin: no file under runtime/src mentions a built-in node's type as a string
// literal (`type === 'source-s3'`, `['parse-csv', 'decompress']`). The host asks plugins for
// capabilities instead. Tests, files under a testing/ folder and examples may name types.
// The built-in types are read from each nodes/*/package.json "sluice" manifest ("nodes": {type: entry}).
// Only whole literals count, found by the TypeScript parser: comments and prose in longer strings do not.
// Runs in the current folder (the repository root, or a test's fixture). Prints `file:line: 'type' (...)`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const RULE = 'no-builtin-type-name-in-runtime';
const SCANNED = 'runtime/src';
const SOURCE = /\.(ts|tsx|mts|mjs|js)$/;
const EXEMPT = /(\.test\.tsx?$|(^|\/)(testing|examples)\/)/;

/** type -> the node package folder that declares it. */
export function builtinTypes(root) {
  const types = new Map();
  const nodes = join(root, 'nodes');
  if (!existsSync(nodes)) return types;
  for (const dir of readdirSync(nodes).sort()) {
    const manifest = join(nodes, dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const declared = JSON.parse(readFileSync(manifest, 'utf8')).sluice?.nodes ?? {};
    for (const type of Object.keys(declared)) types.set(type, `nodes/${dir}`);
  }
  return types;
}

function* sourceFiles(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (SOURCE.test(entry.name)) yield path;
  }
}

/** Every whole string literal in one file that is a built-in type: [{ line, type }]. */
export function typeNameLiterals(path, text, types) {
  const kind = path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kind);
  const found = [];
  const visit = (node) => {
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && types.has(node.text)) {
      found.push({ line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1, type: node.text });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

export function findViolations(root) {
  const types = builtinTypes(root);
  const violations = [];
  for (const path of sourceFiles(join(root, SCANNED))) {
    const rel = relative(root, path).split(sep).join('/');
    if (EXEMPT.test(rel)) continue;
    for (const { line, type } of typeNameLiterals(rel, readFileSync(path, 'utf8'), types)) violations.push({ file: rel, line, type, owner: types.get(type) });
  }
  return { types, violations };
}

function main() {
  const { types, violations } = findViolations(process.cwd());
  for (const v of violations) console.log(`${v.file}:${v.line}: '${v.type}' (built-in node type of ${v.owner}) [${RULE}]`);
  if (violations.length) {
    console.log(`${RULE}: ${violations.length} mention(s) of a built-in node type under ${SCANNED}: ask the plugin for a capability instead`);
    process.exitCode = 1;
  } else console.log(`${RULE}: ok (${types.size} built-in types, none named under ${SCANNED})`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
