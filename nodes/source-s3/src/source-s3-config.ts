import { requireCredentialPair, s3BucketName, s3ConnectionFields, sourceFields } from '@sluice/sdk';
import { z } from 'zod';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
/**
 * The client's agents keep 50 connections: these, and either 16 HeadObjects for event keys or a
 * listing (its delimiter listing and up to MAX_LIST_CONCURRENCY folder listings).
 */
const MAX_PREFETCH_OBJECTS = 32;
const MAX_LIST_CONCURRENCY = 16;
/**
 * Folder listings in flight at once by default: 1, one flat listing. The fan-out is asked for by
 * setting more: it gained nothing against the local Ceph RGW here, and it relies on the store
 * listing keys in UTF-8 byte order (AWS general purpose buckets, Ceph RGW, MinIO do; S3 Express
 * directory buckets do not).
 */
export const LIST_CONCURRENCY = 1;

export const sourceS3Config = requireCredentialPair(
  z.strictObject({
    bucket: s3BucketName.meta({ title: 'Bucket', description: 'The bucket to list.' }),
    prefix: z.string().default('').meta({
      title: 'Prefix',
      description: 'Only keys under this prefix are listed, e.g. `incoming/`. Patterns match the rest of the key.',
    }),
    patterns: sourceFields.patterns,
    ...s3ConnectionFields,
    maxFileSize: sourceFields.maxFileSize,
    mode: sourceFields.mode,
    lookbackSeconds: sourceFields.lookbackSeconds,
    pageSize: z.number().int().min(1).max(1000).default(1000).meta({
      title: 'Listing page size',
      description: 'Keys asked for per ListObjectsV2 call (S3 returns at most 1000). Files are emitted as each page arrives.',
    }),
    listConcurrency: z
      .number()
      .int()
      .min(1, 'listConcurrency must be at least 1 (one flat listing)')
      .max(MAX_LIST_CONCURRENCY, `listConcurrency may be at most ${MAX_LIST_CONCURRENCY}: the S3 client keeps at most 50 connections, shared with downloads`)
      // 10,000 keys in 100 folders: a flat listing 932 ms, 8 folders at once 571 ms with 50 ms added
      // to each request (a store away from Sluice), 623 and 582 ms with 20 ms; on the local Ceph RGW
      // of a loaded 2-core machine the same wall time either way, ~5% more CPU (BENCHMARKS.md, issue 14).
      .default(LIST_CONCURRENCY)
      .meta({
        title: 'Folders listed at once',
        description:
          'Above 1, the prefix is listed with Delimiter "/" and its folders (common prefixes) by this many listings at once, keys emitted in the order of a flat listing: for a large prefix on a store far from Sluice (each request a long round trip). Only for a store that lists keys in UTF-8 byte order (AWS general purpose buckets, Ceph RGW, MinIO; not S3 Express directory buckets). 1 (the default): one flat listing, page after page.',
      }),
    prefetchObjects: z
      .number()
      .int()
      .min(1, 'prefetchObjects must be at least 1 (one download at a time)')
      .max(
        MAX_PREFETCH_OBJECTS,
        `prefetchObjects may be at most ${MAX_PREFETCH_OBJECTS}: the S3 client keeps at most 50 connections, shared with listings and HeadObject calls`,
      )
      // A small object's GET is mostly waiting (~50 ms each against the local Ceph RGW, whatever the
      // size): 2,000 tiny objects took 13.7 s with 8 in flight, 7.9 s with 32, 7.7-8.1 with 64 (the
      // CPU, Sluice's and the store's, is the limit there). BENCHMARKS.md, issue 14.
      .default(32)
      .meta({
        title: 'Downloads in flight',
        description:
          'Objects downloaded at once: those the parsers wait for, and small objects a checkpoint has passed, downloaded ahead while earlier files are parsed.',
      }),
    prefetchBytes: z
      .number()
      .int()
      .min(MIB, 'prefetchBytes must be at least 1 MiB (1048576)')
      .max(GIB, 'prefetchBytes may be at most 1 GiB (1073741824)')
      .default(64 * MIB)
      .meta({
        title: 'Bytes downloaded ahead',
        description:
          'The spool space that downloads ahead may take (in flight, or downloaded and not yet processed). An object bigger than this, or than 8 MiB, is never downloaded ahead: it streams to its reader.',
      }),
  }),
);

export type SourceS3Config = z.output<typeof sourceS3Config>;
