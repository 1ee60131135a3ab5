import type { GraphDocument } from '@sluice/sdk';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Saved graphs. `revision` grows on every save so that concurrent editors can detect a lost update. */
export const graphs = sqliteTable('graphs', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  document: text('document', { mode: 'json' }).$type<GraphDocument>().notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  revision: integer('revision').notNull().default(1),
  /**
   * The folder relative paths in the graph's configs start from (RunDirs.graph): the folder of the
   * graph file it was loaded from (the examples seeded at first start); null means the data folder.
   */
  baseDir: text('base_dir'),
});

export type GraphRow = typeof graphs.$inferSelect;
