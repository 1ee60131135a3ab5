import { readFileSync } from 'node:fs';

/** The runtime package's version, reported by /api/health and the OpenAPI document. */
export const RUNTIME_VERSION: string = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version;
