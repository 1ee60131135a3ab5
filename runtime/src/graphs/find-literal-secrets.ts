import type { GraphDocument, GraphProblem } from '@sluice/sdk';

/**
 * Shapes of well-known secrets. A graph is a file people commit and share, so a value of one of
 * these shapes in a config is refused: credentials live in the runtime's store or the environment
 * and graphs name them (the sdk's `credentialRef`).
 */
const SECRET_SHAPES: { name: string; pattern: RegExp }[] = [
  { name: 'an AWS access key id', pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: 'a private key', pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { name: 'a GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { name: 'a Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { name: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
  { name: 'a URL with a password', pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/i },
];

/** Every config value (and settings value) of the graph that looks like a literal secret. */
export function findLiteralSecrets(doc: GraphDocument): GraphProblem[] {
  const problems: GraphProblem[] = [];
  const visit = (value: unknown, path: (string | number)[]) => {
    if (typeof value === 'string') {
      const shape = SECRET_SHAPES.find((s) => s.pattern.test(value));
      if (shape) {
        problems.push({
          path,
          message: `looks like ${shape.name}: a graph must not hold secrets; store it as a credential (PUT /api/credentials/<name>) and reference it by name`,
        });
      }
    } else if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...path, i]));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, [...path, k]);
  };
  for (const [id, node] of Object.entries(doc.nodes)) visit(node.config, ['nodes', id, 'config']);
  if (doc.settings) visit(doc.settings, ['settings']);
  return problems;
}
