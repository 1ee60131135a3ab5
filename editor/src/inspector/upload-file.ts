/**
 * Posts one file as multipart `file` and reports bytes sent. XMLHttpRequest rather than fetch: only
 * it reports upload progress, which large files need. Rejects with the runtime's error message.
 */
export function uploadFile(url: string, file: File, onProgress: (sent: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve();
      let message = xhr.responseText.slice(0, 300) || `HTTP ${xhr.status}`;
      try {
        const body = JSON.parse(xhr.responseText) as { error?: unknown };
        if (typeof body.error === 'string') message = body.error;
      } catch {
        // Not JSON: the text itself is the message.
      }
      reject(new Error(message));
    };
    xhr.onerror = () => reject(new Error('the runtime could not be reached'));
    const form = new FormData();
    form.set('file', file, file.name);
    xhr.send(form);
  });
}
