import type { GraphDocument } from '@sluice/sdk';
import { integer, json, pgTable } from 'drizzle-orm/pg-core';
import { moment, text } from './pg-columns.ts';

/** Saved graphs (see ../graphs-table.ts). `json`, not `jsonb`: a document keeps its keys' order. */
export const graphs = pgTable('graphs', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  document: json('document').$type<GraphDocument>().notNull(),
  createdAt: moment('created_at').notNull(),
  updatedAt: moment('updated_at').notNull(),
  revision: integer('revision').notNull().default(1),
  baseDir: text('base_dir'),
});
