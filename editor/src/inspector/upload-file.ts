export interface UploadOptions {
  /** Request headers (the session's CSRF token: an upload changes files on the server). */
  headers?: Record<string, string>;
  /** Called when the runtime answers 401: the session is gone. */
  onUnauthorized?(): void;
}

/**
 * Posts one file as multipart `file` and reports bytes sent. XMLHttpRequest rather than fetch: only
 * it reports upload progress, which large files need. A same-origin XHR sends the session cookie;
 * it is never sent cross-origin (withCredentials stays false). Rejects with the runtime's message.
 */
export function uploadFile(url: string, file: File, onProgress: (sent: number) => void, opts: UploadOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    for (const [k, v] of Object.entries(opts.headers ?? {})) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve();
      if (xhr.status === 401) opts.onUnauthorized?.();
      let message = xhr.responseText.slice(0, 300) || `HTTP ${xhr.status}`;
      try {
        const body = JSON.parse(xhr.responseText) as { error?: unknown };
        if (typeof body.error === 'string') message = body.error;
      } catch {
        // Not JSON: the text itself is the message.
      }
      reject(new Error(xhr.status === 403 ? `Not allowed for your account: ${message}` : message));
    };
    xhr.onerror = () => reject(new Error('the runtime could not be reached'));
    const form = new FormData();
    form.set('file', file, file.name);
    xhr.send(form);
  });
}
