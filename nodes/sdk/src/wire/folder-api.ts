import { z } from 'zod';

/**
 * Local folders a config may name (the schema meta `pathKind`, config-schema.ts), by the roots that
 * confine them (RunAccess): `input-folder` is read by a source, inside the input roots
 * (SLUICE_ALLOWED_ROOTS), and a relative one starts from the graph's folder (`dirs.graph`);
 * `output-folder` is written by a sink, inside the output roots (SLUICE_OUTPUT_ROOTS), and a
 * relative one starts from the data folder (`dirs.data`).
 */
export const PATH_KINDS = ['input-folder', 'output-folder'] as const;
export type PathKind = (typeof PATH_KINDS)[number];

/**
 * Which roots a folder is checked against: `input` (what a source may read, SLUICE_ALLOWED_ROOTS) or
 * `output` (what a sink may write, SLUICE_OUTPUT_ROOTS). A config field says which it is by its
 * schema meta `pathKind` (config-schema.ts), never by node type.
 */
export const FOLDER_KINDS = ['input', 'output'] as const;
export type FolderKind = (typeof FOLDER_KINDS)[number];

/** The roots a field of this path kind is checked against. */
export const folderKindOf = (pathKind: PathKind): FolderKind => (pathKind === 'input-folder' ? 'input' : 'output');

/** One kind of roots: the setting that lists them and the roots, as real paths. */
export const rootListSchema = z.object({
  setting: z.string(),
  roots: z.array(z.string()),
});

/** `GET /api/folders/roots`: the folders runs may read and write, decided by the runtime's settings. */
export const folderRootsSchema = z
  .object({ input: rootListSchema, output: rootListSchema })
  .meta({ id: 'FolderRoots', description: 'The folders sources may read (input) and sinks may write (output)' });
export type FolderRoots = z.infer<typeof folderRootsSchema>;

/** `GET /api/folders`: a folder inside a root and its sub-folders (names and real paths). */
export const folderListingSchema = z
  .object({
    kind: z.enum(FOLDER_KINDS),
    /** The real path of the folder (symbolic links resolved). */
    path: z.string(),
    /** The root that holds it. */
    root: z.string(),
    /** False for a folder that does not exist yet (inside a root: it may be made later). */
    exists: z.boolean(),
    folders: z.array(z.object({ name: z.string(), path: z.string() })),
    /** More sub-folders than listed. */
    truncated: z.boolean(),
  })
  .meta({ id: 'FolderListing', description: 'A folder inside the roots and its sub-folders' });
export type FolderListing = z.infer<typeof folderListingSchema>;
