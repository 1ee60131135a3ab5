import { ListObjectsV2Command, type ListObjectsV2CommandInput, type ListObjectsV2CommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { compareKeys } from './key-order.ts';

/**
 * The pages of one ListObjectsV2 listing, following continuation tokens. The next page is asked for
 * as soon as a page arrives, so that it is there when this one has been used: at most two pages are
 * held. No next page is asked for once a page reaches `stopAt` (a key at or after it), so a listing
 * of a range of keys costs no request past its end. Each request's failure is marked handled when it
 * is made, so a listing left early (its consumer stopped, the run was cancelled) leaves no unhandled
 * rejection behind.
 */
export async function* listPages(
  client: S3Client,
  input: ListObjectsV2CommandInput,
  signal: AbortSignal,
  stopAt?: string,
): AsyncGenerator<ListObjectsV2CommandOutput> {
  const fetchPage = (token: string | undefined): Promise<ListObjectsV2CommandOutput> => {
    // StartAfter is for the first page; the continuation token says where the next one starts.
    const page = client.send(new ListObjectsV2Command(token ? { ...input, StartAfter: undefined, ContinuationToken: token } : input), {
      abortSignal: signal,
    });
    page.catch(() => {});
    return page;
  };
  let next: Promise<ListObjectsV2CommandOutput> | undefined = fetchPage(undefined);
  while (next) {
    const res: ListObjectsV2CommandOutput = await next;
    const last = res.Contents?.at(-1)?.Key;
    const past = stopAt !== undefined && last !== undefined && compareKeys(last, stopAt) >= 0;
    next = res.IsTruncated && res.NextContinuationToken && !past ? fetchPage(res.NextContinuationToken) : undefined;
    yield res;
  }
}
