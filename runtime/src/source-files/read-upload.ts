import { PassThrough, Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import Busboy from '@fastify/busboy';
import { errorMessage } from '@sluice/sdk';
import { SourceRequestError } from './source-request-error.ts';
import { uploadName } from './upload-name.ts';

/** One file arriving in a request, streamed: nothing of it is held whole in memory. */
export interface IncomingUpload {
  name: string;
  stream: Readable;
  /**
   * Settles once the whole request has been read: rejects when it held more than the one file
   * part, or broke off. Await it after the file is written and before making the file visible.
   */
  finished: Promise<void>;
  /** Stops reading the request, when the upload is refused or failed half-way. */
  abandon(): void;
}

const MULTIPART = /^multipart\/form-data\s*;/i;
const RAW = /^application\/octet-stream\s*(;|$)/i;

/**
 * The file of an upload request: a multipart/form-data body with one part `file` (what browsers
 * send), or a raw `application/octet-stream` body named by `?name=` (for scripts: `curl
 * --data-binary`). Hono's `parseBody` (the Fetch `formData()`) reads the whole body into memory, so
 * multipart bodies are parsed as they stream, by busboy. Resolves as soon as the file's part
 * header has arrived.
 */
export function readUpload(req: Request, rawName: string | undefined): Promise<IncomingUpload> {
  const type = req.headers.get('content-type') ?? '';
  const body = req.body ? Readable.fromWeb(req.body as WebReadableStream<Uint8Array>) : Readable.from([]);
  if (RAW.test(type)) {
    const name = uploadName(rawName, 'name');
    // A client that goes away mid-upload is a broken request (400), not a server failure.
    const stream = new PassThrough();
    body.on('error', (err) => stream.destroy(brokenOff(err)));
    body.pipe(stream);
    return Promise.resolve({ name, stream, finished: Promise.resolve(), abandon: () => body.destroy() });
  }
  if (!MULTIPART.test(type)) {
    body.destroy();
    throw new SourceRequestError(
      415,
      'content-type',
      `"${type || 'none'}" is not an upload: send multipart/form-data with one part "file", or application/octet-stream with ?name=`,
    );
  }
  if (rawName !== undefined)
    throw new SourceRequestError(400, 'name', 'is only for a raw (application/octet-stream) body; a multipart part carries its own file name');
  return readMultipart(body, type);
}

function readMultipart(body: Readable, type: string): Promise<IncomingUpload> {
  let parser: ReturnType<typeof Busboy>;
  try {
    // preservePath: the name as sent, so that a path is refused rather than silently cut down.
    parser = Busboy({ headers: { 'content-type': type }, preservePath: true });
  } catch (err) {
    body.destroy();
    throw new SourceRequestError(400, 'content-type', `not a usable multipart/form-data header: ${errorMessage(err)}`);
  }
  return new Promise((resolve, reject) => {
    let file: Readable | undefined;
    let settleFinished: (err?: Error) => void = () => {};
    const finished = new Promise<void>((res, rej) => {
      settleFinished = (err) => (err ? rej(err) : res());
    });
    // Observed by the caller only after the file is written; a failure before is reported by reject.
    finished.catch(() => {});
    const abandon = () => {
      body.unpipe(parser);
      body.destroy();
    };
    const fail = (err: Error) => {
      if (!file) reject(err);
      file?.destroy(err);
      settleFinished(err);
      abandon();
    };
    parser.on('file', (field, stream, filename) => {
      stream.on('error', () => {}); // reported through `fail`, to whoever reads the file
      if (file) return fail(new SourceRequestError(400, 'file', 'more than one file part: upload one file per request'));
      if (field !== 'file') return fail(new SourceRequestError(400, field, 'unexpected part: send the file as the part "file"'));
      let name: string;
      try {
        name = uploadName(filename);
      } catch (err) {
        return fail(err as Error);
      }
      file = stream;
      resolve({ name, stream, finished, abandon });
    });
    parser.on('field', (field) =>
      fail(new SourceRequestError(400, field, 'unexpected field: the upload takes one part, "file" (overwrite is a query parameter)')),
    );
    parser.on('finish', () => {
      if (!file) reject(new SourceRequestError(400, 'file', 'no file part: send the file as the multipart/form-data part "file"'));
      settleFinished();
    });
    parser.on('error', (err) => fail(new SourceRequestError(400, 'file', `the multipart body broke off or is malformed: ${errorMessage(err)}`)));
    body.on('error', (err) => fail(brokenOff(err)));
    body.pipe(parser);
  });
}

const brokenOff = (err: unknown) => new SourceRequestError(400, 'file', `the request body broke off: ${errorMessage(err)}`);
