/**
 * The samples of a Prometheus text exposition by series, written as prom-client writes them
 * (`name{label="value",...}`), for tests to read numbers from what `GET /metrics` answers.
 */
export function metricSamples(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const cut = line.lastIndexOf(' ');
    samples.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return samples;
}
