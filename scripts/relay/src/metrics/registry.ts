/**
 * A minimal Prometheus text-format registry (counters + histograms with labels).
 * Written here instead of pinning prom-client: we need two metric kinds and no default
 * process metrics, and this keeps the relay's dependency surface small.
 */

type Labels = Record<string, string | number>;

const keyCache = new Map<string, string>();
const MAX_CACHED_KEYS = 5_000;

/** Prometheus label string for `labels`; cached, because the same few label sets repeat on every request. */
function labelKey(labels: Labels): string {
    let raw = '';
    for (const k in labels) raw += `${k}\u0000${String(labels[k])}\u0001`;
    let key = keyCache.get(raw);
    if (key === undefined) {
        key = renderLabels(labels);
        if (keyCache.size < MAX_CACHED_KEYS) keyCache.set(raw, key);
    }
    return key;
}

function renderLabels(labels: Labels): string {
    return Object.keys(labels)
        .sort()
        .map((k) => `${k}="${String(labels[k]).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
        .join(',');
}

interface Metric {
    render(): string;
}

export class Counter implements Metric {
    private readonly values = new Map<string, number>();
    constructor(
        readonly name: string,
        readonly help: string,
    ) {}
    inc(labels: Labels = {}, by = 1): void {
        const key = labelKey(labels);
        this.values.set(key, (this.values.get(key) ?? 0) + by);
    }
    get(labels: Labels = {}): number {
        return this.values.get(labelKey(labels)) ?? 0;
    }
    render(): string {
        const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
        for (const [key, value] of this.values) lines.push(`${this.name}${key ? `{${key}}` : ''} ${value}`);
        return lines.join('\n');
    }
}

export class Histogram implements Metric {
    private readonly series = new Map<string, { counts: number[]; sum: number; count: number }>();
    constructor(
        readonly name: string,
        readonly help: string,
        readonly buckets: readonly number[],
    ) {}
    observe(labels: Labels, value: number): void {
        const key = labelKey(labels);
        let s = this.series.get(key);
        if (!s) {
            s = { counts: this.buckets.map(() => 0), sum: 0, count: 0 };
            this.series.set(key, s);
        }
        for (let i = 0; i < this.buckets.length; i++)
            if (value <= (this.buckets[i] as number)) s.counts[i] = (s.counts[i] ?? 0) + 1;
        s.sum += value;
        s.count++;
    }
    render(): string {
        const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
        for (const [key, s] of this.series) {
            const sep = key ? `${key},` : '';
            this.buckets.forEach((b, i) => lines.push(`${this.name}_bucket{${sep}le="${b}"} ${s.counts[i] ?? 0}`));
            lines.push(`${this.name}_bucket{${sep}le="+Inf"} ${s.count}`);
            lines.push(`${this.name}_sum${key ? `{${key}}` : ''} ${s.sum}`);
            lines.push(`${this.name}_count${key ? `{${key}}` : ''} ${s.count}`);
        }
        return lines.join('\n');
    }
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Every metric the relay exports. One instance per app (tests build many apps). */
export class RelayMetrics {
    readonly httpRequests = new Counter('relay_http_requests_total', 'HTTP requests by route, method and status');
    readonly httpDuration = new Histogram(
        'relay_http_request_duration_seconds',
        'HTTP request latency by route, method and status',
        LATENCY_BUCKETS,
    );
    readonly upstreamCalls = new Counter(
        'relay_upstream_calls_total',
        'Upstream calls by service, operation and outcome',
    );
    readonly upstreamDuration = new Histogram(
        'relay_upstream_call_duration_seconds',
        'Upstream call latency by service and operation',
        LATENCY_BUCKETS,
    );
    readonly upstreamErrors = new Counter(
        'relay_upstream_errors_total',
        'Failed upstream calls by service, operation and code',
    );
    readonly upstreamRetries = new Counter(
        'relay_upstream_retries_total',
        'Upstream retries by service, operation and reason',
    );
    readonly rateLimitStoreErrors = new Counter(
        'relay_rate_limit_store_errors_total',
        'Rate-limit store failures (the request was let through: fail open)',
    );

    render(): string {
        return (
            [
                this.httpRequests,
                this.httpDuration,
                this.upstreamCalls,
                this.upstreamDuration,
                this.upstreamErrors,
                this.upstreamRetries,
                this.rateLimitStoreErrors,
            ]
                .map((m) => m.render())
                .join('\n') + '\n'
        );
    }
}
