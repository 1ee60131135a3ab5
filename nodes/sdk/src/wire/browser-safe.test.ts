import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Every module the entry reaches by relative imports, and every package it names. */
function reach(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/^(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)) {
      if (spec!.startsWith('.')) visit(resolve(dirname(file), spec!));
      else packages.add(spec!);
    }
  };
  visit(entry);
  return { files: [...files].map((f) => relative(SRC, f)).sort(), packages: [...packages].sort() };
}

describe('@sluice/sdk/wire', () => {
  it('is browser-safe: it reaches only zod and the browser-safe graph and wire folders', () => {
    const { files, packages } = reach(resolve(SRC, 'wire/index.ts'));
    expect(packages).toEqual(['zod']);
    expect(files.filter((f) => !/^(wire|graph)\//.test(f))).toEqual([]);
  });
});
