import { sourceFields } from '@sluice/sdk';
import { z } from 'zod';

export const sourceLocalConfig = z.strictObject({
  folder: z.string().min(1, 'must name a folder').meta({
    title: 'Folder',
    pathKind: 'input-folder',
    description: "Absolute, or relative to the graph file's folder (`sluice run`) or the data folder (a stored graph). Must lie inside an allowed root.",
  }),
  patterns: sourceFields.patterns,
  recursive: z.boolean().default(true).meta({ title: 'Recursive', description: 'Also list the files in sub-folders.' }),
  maxFileSize: sourceFields.maxFileSize,
  mode: sourceFields.mode,
  lookbackSeconds: sourceFields.lookbackSeconds,
});

export type SourceLocalConfig = z.output<typeof sourceLocalConfig>;
