import parseCsv from '@sluice/node-parse-csv';
import parseJson from '@sluice/node-parse-json';
import { pluginCatalog, type RunScope } from '@sluice/sdk';
import { describe, expect, it } from 'vitest';
import { parseAutoConfig } from './auto-config.ts';
import { formatReaders, optionsFor } from './format-readers.ts';

const scope = (withCatalog = true) => ({ ...(withCatalog ? { plugins: pluginCatalog([parseCsv, parseJson]) } : {}) }) as RunScope<unknown>;

describe('formatReaders', () => {
  it("checks each format's options with its plugin's schema, and falls back to its autoOptions", () => {
    const readers = formatReaders(parseAutoConfig.parse({ json: { types: 'infer' } }), scope());
    expect([...readers.keys()]).toEqual(['csv', 'json']);
    expect(optionsFor(readers.get('json')!)).toMatchObject({ types: 'infer' });
    expect(optionsFor(readers.get('csv')!)).toMatchObject({ delimiter: 'auto' });
  });

  it("refuses options a format's plugin refuses, a format no plugin reads, and a scope without catalog", () => {
    expect(() => formatReaders(parseAutoConfig.parse({ csv: { delimiter: 'auto', skipRows: -1 } }), scope())).toThrow(
      /the csv options do not suit parse-csv: csv\.skipRows/,
    );
    expect(() => formatReaders(parseAutoConfig.parse({ format: 'xml' }), scope())).toThrow(
      /format "xml" is read by no installed parser \(installed: csv, json\)/,
    );
    expect(() => formatReaders(parseAutoConfig.parse({}), scope(false))).toThrow(/needs the plugin catalog/);
  });
});
