export interface HostileTarget {
  /** The runtime's origin, e.g. http://127.0.0.1:4311. */
  runtime: string;
  graphId: string;
  nodeId: string;
  /** A gzip CSV that, if it landed and ran, would put its rows in Bronze. */
  payload: Buffer;
}

/** Each request the page sends: what it tries, and how. */
export const ATTACKS = [
  'form POST (urlencoded) starts a run',
  'form POST (text/plain, a JSON-looking body) starts a run',
  'fetch no-cors POST (JSON-looking text/plain body) starts a run',
  'fetch no-cors POST without a body starts a run',
  'fetch no-cors POST (text/plain) resets checkpoints',
  'fetch no-cors POST without a body resets checkpoints',
  'form POST resets checkpoints',
  'fetch no-cors multipart upload into the source folder',
  'fetch no-cors multipart upload with overwrite=true',
  'form POST multipart upload (file input)',
  'form POST (urlencoded) preview of a source file',
  'fetch no-cors POST (urlencoded) preview',
] as const;

/**
 * The attacker's page: it knows the runtime's address and a graph's id (both guessable), not the
 * session's CSRF token. It fires every attack at once, as a page the user merely visits would;
 * form posts go into hidden frames so that the page stays. Its responses are opaque to it: the
 * test reads their statuses through Chromium instead.
 */
export function hostilePageHtml(t: HostileTarget): string {
  const g = encodeURIComponent(t.graphId);
  const n = encodeURIComponent(t.nodeId);
  const config = JSON.stringify({
    runs: `${t.runtime}/api/graphs/${g}/runs`,
    reset: `${t.runtime}/api/graphs/${g}/checkpoints/reset`,
    upload: `${t.runtime}/api/graphs/${g}/nodes/${n}/upload`,
    preview: `${t.runtime}/api/preview`,
    graphId: t.graphId,
    nodeId: t.nodeId,
    payload: t.payload.toString('base64'),
  });
  return `<!doctype html><html><head><title>Cute cats</title></head><body><h1>Cute cats</h1>
<script>
const c = ${config};
const bytes = Uint8Array.from(atob(c.payload), (ch) => ch.charCodeAt(0));
const file = (name) => new File([bytes], name, { type: 'application/gzip' });
let frames = 0;
function form(action, enctype, fields, fileName) {
  const name = 'sink' + frames++;
  const frame = document.createElement('iframe');
  frame.name = name;
  frame.hidden = true;
  document.body.append(frame);
  const f = document.createElement('form');
  f.method = 'POST'; f.action = action; f.enctype = enctype; f.target = name;
  for (const [k, v] of Object.entries(fields)) {
    const i = document.createElement('input'); i.type = 'hidden'; i.name = k; i.value = v; f.append(i);
  }
  if (fileName) {
    const i = document.createElement('input'); i.type = 'file'; i.name = 'file';
    const dt = new DataTransfer(); dt.items.add(file(fileName)); i.files = dt.files; f.append(i);
  }
  document.body.append(f);
  f.submit();
}
const opaque = (url, init) => fetch(url, { method: 'POST', mode: 'no-cors', credentials: 'include', ...init }).catch(() => {});
const multipart = (name) => { const fd = new FormData(); fd.set('file', file(name)); return fd; };
const urlencoded = (o) => new URLSearchParams(o);
const preview = { graphId: c.graphId, nodeId: c.nodeId, key: 'orders-01.csv.gz', type: 'parse-csv', config: '{}', rows: '5' };

form(c.runs, 'application/x-www-form-urlencoded', {});
form(c.runs, 'text/plain', { '{"params":{"x":"': '"}}' });
opaque(c.runs, { body: '{}' });
opaque(c.runs, {});
opaque(c.reset, { body: '{}', headers: { 'content-type': 'text/plain' } });
opaque(c.reset, {});
form(c.reset, 'application/x-www-form-urlencoded', {});
opaque(c.upload, { body: multipart('hostile-fetch.csv.gz') });
opaque(c.upload + '?overwrite=true', { body: multipart('orders-01.csv.gz') });
form(c.upload, 'multipart/form-data', {}, 'hostile-form.csv.gz');
form(c.preview, 'application/x-www-form-urlencoded', preview);
opaque(c.preview, { body: urlencoded(preview) });
</script></body></html>`;
}
