import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { NodeTypeInfo } from '@sluice/sdk/graph';
import { testNodeTypeInfo } from '@sluice/sdk/testing/graph';
import { folderFieldsOf, namedFolders, withFolderProblems } from './folder-fields.ts';

const toSchema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

const reader = testNodeTypeInfo(
  'acme-reader',
  {},
  {},
  toSchema(z.strictObject({ inbox: z.string().meta({ title: 'Inbox', pathKind: 'input-folder' }), note: z.string().optional() })),
);
const writer = testNodeTypeInfo(
  'acme-writer',
  {},
  {},
  toSchema(z.strictObject({ root: z.string().default('bronze').meta({ title: 'Root', pathKind: 'output-folder' }) })),
);
const plain = testNodeTypeInfo('acme-plain', {}, {}, toSchema(z.strictObject({ folder: z.string() })));
const types = new Map<string, NodeTypeInfo>([reader, writer, plain].map((t) => [t.type, t]));

describe('folderFieldsOf', () => {
  it('finds folder fields by schema meta, whatever the type or field is called', () => {
    expect(folderFieldsOf(reader)).toEqual([{ key: 'inbox', title: 'Inbox', kind: 'input' }]);
    expect(folderFieldsOf(writer)).toEqual([{ key: 'root', title: 'Root', kind: 'output', default: 'bronze' }]);
    expect(folderFieldsOf(plain)).toEqual([]);
  });
});

describe('namedFolders', () => {
  it('lists the folders nodes name, defaults included, URLs and empty values left out', () => {
    const nodes = [
      { id: 'r1', type: 'acme-reader', config: { inbox: '/srv/in' } },
      { id: 'r2', type: 'acme-reader', config: { inbox: '' } },
      { id: 'w1', type: 'acme-writer', config: {} },
      { id: 'w2', type: 'acme-writer', config: { root: 's3://bucket/bronze' } },
      { id: 'p1', type: 'acme-plain', config: { folder: '/etc' } },
      { id: 'u1', type: 'not-installed', config: { inbox: '/etc' } },
    ];
    expect(namedFolders(nodes, (t) => types.get(t))).toEqual([
      { node: 'r1', title: 'Inbox', kind: 'input', path: '/srv/in' },
      { node: 'w1', title: 'Root', kind: 'output', path: 'bronze' },
    ]);
  });
});

describe('withFolderProblems', () => {
  it("adds a node's folder problems after its own, and keeps the same object when there are none", () => {
    const own = { a: ['Table: required'] };
    expect(withFolderProblems(own, {})).toBe(own);
    expect(withFolderProblems(own, { a: ['Folder: outside'], b: ['Root: outside'] })).toEqual({
      a: ['Table: required', 'Folder: outside'],
      b: ['Root: outside'],
    });
  });
});
