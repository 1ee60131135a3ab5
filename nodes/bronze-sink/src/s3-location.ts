export interface S3Location {
  bucket: string;
  /** Key prefix of the table, without a trailing slash (`bronze/sales`). */
  prefix: string;
}

/** `s3://bucket/some/prefix` as bucket and prefix; undefined when the root is not an S3 URI. */
export function parseS3Root(root: string): S3Location | undefined {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(root);
  if (!m) return undefined;
  return { bucket: m[1]!, prefix: m[2]!.replace(/\/+$/, '') };
}
