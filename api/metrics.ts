/**
 * API metrics in the Prometheus text format (issue 18), served at `GET /metrics` on the API's own port.
 *
 * prom-client is not among the project's packages, so this is a small registry of exactly what the API
 * needs: a request-latency histogram and an error counter, both by method, route pattern and status code.
 * The route label is Fastify's route pattern (`/api/dossiers/:id`), never the raw URL: ids would make
 * one series per dossier. Requests that match no route are counted under `(unmatched)`.
 *
 *   ntm_http_request_duration_seconds{method,route,status_code}   histogram (_bucket, _sum, _count)
 *   ntm_http_request_errors_total{method,route,status_code}       counter, responses with status ≥ 400
 *   ntm_api_process_*                                             resident memory, heap, start time
 *
 * Why the API's own port and not a separate one: the worker has no HTTP server, so it opens METRICS_PORT
 * (the Temporal SDK's Prometheus exporter); the API already listens, and one port is one firewall rule.
 * The body holds route patterns and counts only, no ids and no personal data.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Seconds: 5 ms … 10 s, the range between a cached read and a slow report. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
export const METRICS_PATH = '/metrics';
export const UNMATCHED_ROUTE = '(unmatched)';

interface Series {
  labels: string;
  buckets: number[];
  sum: number;
  count: number;
}

const escapeLabel = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labelsOf = (l: Record<string, string>): string =>
  Object.entries(l)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(',');

export class HttpMetrics {
  private readonly latency = new Map<string, Series>();
  private readonly errors = new Map<string, { labels: string; value: number }>();
  private readonly startedAt = Date.now() / 1000;

  observe(method: string, route: string, statusCode: number, seconds: number): void {
    const labels = labelsOf({ method, route, status_code: String(statusCode) });
    let s = this.latency.get(labels);
    if (!s) {
      s = { labels, buckets: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.latency.set(labels, s);
    }
    LATENCY_BUCKETS.forEach((le, i) => {
      if (seconds <= le) s.buckets[i]! += 1;
    });
    s.sum += seconds;
    s.count += 1;
    if (statusCode >= 400) {
      const e = this.errors.get(labels) ?? { labels, value: 0 };
      e.value += 1;
      this.errors.set(labels, e);
    }
  }

  /** The exposition text (format 0.0.4). */
  text(): string {
    const out: string[] = [
      '# HELP ntm_http_request_duration_seconds HTTP request latency by method, route pattern and status code.',
      '# TYPE ntm_http_request_duration_seconds histogram',
    ];
    for (const s of this.latency.values()) {
      LATENCY_BUCKETS.forEach((le, i) => out.push(`ntm_http_request_duration_seconds_bucket{${s.labels},le="${le}"} ${s.buckets[i]}`));
      out.push(`ntm_http_request_duration_seconds_bucket{${s.labels},le="+Inf"} ${s.count}`);
      out.push(`ntm_http_request_duration_seconds_sum{${s.labels}} ${s.sum}`);
      out.push(`ntm_http_request_duration_seconds_count{${s.labels}} ${s.count}`);
    }
    out.push('# HELP ntm_http_request_errors_total HTTP responses with status 400 or above, by method, route pattern and status code.');
    out.push('# TYPE ntm_http_request_errors_total counter');
    for (const e of this.errors.values()) out.push(`ntm_http_request_errors_total{${e.labels}} ${e.value}`);
    const mem = process.memoryUsage();
    out.push('# HELP ntm_api_process_resident_memory_bytes Resident memory of the API process.');
    out.push('# TYPE ntm_api_process_resident_memory_bytes gauge');
    out.push(`ntm_api_process_resident_memory_bytes ${mem.rss}`);
    out.push('# HELP ntm_api_process_heap_used_bytes V8 heap in use.');
    out.push('# TYPE ntm_api_process_heap_used_bytes gauge');
    out.push(`ntm_api_process_heap_used_bytes ${mem.heapUsed}`);
    out.push('# HELP ntm_api_process_start_time_seconds Start of the API process, Unix time.');
    out.push('# TYPE ntm_api_process_start_time_seconds gauge');
    out.push(`ntm_api_process_start_time_seconds ${this.startedAt}`);
    return `${out.join('\n')}\n`;
  }
}

/** Records every response (onResponse: after it is sent) and serves the registry at GET /metrics. */
export function registerMetrics(app: FastifyInstance, metrics = new HttpMetrics()): HttpMetrics {
  app.addHook('onResponse', async (req: FastifyRequest, reply: FastifyReply) => {
    metrics.observe(req.method, req.routeOptions.url ?? UNMATCHED_ROUTE, reply.statusCode, reply.elapsedTime / 1000);
  });
  app.get(METRICS_PATH, { schema: { hide: true }, config: { rateLimit: false } }, async (_req, reply) =>
    reply.type('text/plain; version=0.0.4; charset=utf-8').send(metrics.text()),
  );
  return metrics;
}
