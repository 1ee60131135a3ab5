import { CSV_COLUMNS } from '../generate/csv-rows.ts';

/**
 * A value of the generated data that every engine must keep, whatever shape it gives it: `path` is
 * its place in the record (`['user', 'address', 'city']`), found in an output either as nested
 * structs (`"user"."address"."city"`) or flattened (`user_address_city`). Lists are found as lists or
 * as JSON text. Each value is cast to its generated type, then written as text for the checksum.
 */
export type CanonicalColumn =
  | { path: string[]; kind: 'scalar'; type: string }
  | { path: string[]; kind: 'list'; element: string }
  | { path: string[]; kind: 'list-of-struct'; fields: Record<string, string> };

export const CSV_CANONICAL: CanonicalColumn[] = CSV_COLUMNS.map((c) => ({ path: [c.name], kind: 'scalar', type: c.type }));

export const JSONL_CANONICAL: CanonicalColumn[] = [
  { path: ['id'], kind: 'scalar', type: 'BIGINT' },
  { path: ['event'], kind: 'scalar', type: 'VARCHAR' },
  { path: ['ts'], kind: 'scalar', type: 'TIMESTAMP' },
  { path: ['user', 'id'], kind: 'scalar', type: 'BIGINT' },
  { path: ['user', 'name'], kind: 'scalar', type: 'VARCHAR' },
  { path: ['user', 'address', 'city'], kind: 'scalar', type: 'VARCHAR' },
  { path: ['user', 'address', 'country'], kind: 'scalar', type: 'VARCHAR' },
  { path: ['tags'], kind: 'list', element: 'VARCHAR' },
  { path: ['items'], kind: 'list-of-struct', fields: { sku: 'VARCHAR', qty: 'BIGINT', price: 'DOUBLE' } },
  { path: ['amount'], kind: 'scalar', type: 'DOUBLE' },
  { path: ['ok'], kind: 'scalar', type: 'BOOLEAN' },
  { path: ['note'], kind: 'scalar', type: 'VARCHAR' },
];
