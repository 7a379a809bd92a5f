/**
 * An optional HTTP destination (Loki, Tempo, Grafana). Bodies queue up and are sent one at a time;
 * a failure is logged once per outage and retried with backoff, so a sink that is down or slow to
 * start never stops the simulator. The queue is bounded: when full, the oldest bodies are dropped.
 */
export interface SinkOptions {
  name: string;
  url: string;
  headers?: Record<string, string>;
  maxQueue?: number;
  /** First retry delay, ms; doubles up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  timeoutMs?: number;
  log?: (message: string) => void;
}

export class HttpSink {
  private readonly queue: unknown[] = [];
  private sending = false;
  private failing = false;
  private dropped = 0;
  private stopped = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  sent = 0;

  constructor(private readonly options: SinkOptions) {}

  private log(message: string): void {
    (this.options.log ?? console.log)(`[${this.options.name}] ${message}`);
  }

  enqueue(body: unknown): void {
    if (this.stopped) {
      return;
    }
    this.queue.push(body);
    const max = this.options.maxQueue ?? 2000;
    if (this.queue.length > max) {
      const drop = this.queue.length - max;
      this.queue.splice(0, drop);
      this.dropped += drop;
      if (this.dropped % 100 === drop % 100) {
        this.log(`queue full: dropped ${this.dropped} bodies so far`);
      }
    }
    this.pump(0);
  }

  get pending(): number {
    return this.queue.length;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private pump(delayMs: number): void {
    if (this.sending || this.stopped || this.queue.length === 0) {
      return;
    }
    this.sending = true;
    this.timer = setTimeout(() => void this.sendNext(delayMs), delayMs);
  }

  private async sendNext(lastDelayMs: number): Promise<void> {
    const body = this.queue[0];
    let nextDelay = 0;
    try {
      const response = await fetch(this.options.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...this.options.headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      if (response.ok) {
        this.queue.shift();
        this.sent++;
        if (this.failing) {
          this.log(`${this.options.url} answers again`);
          this.failing = false;
        }
      } else if (response.status >= 400 && response.status < 500 && response.status !== 429) {
        // The body itself is refused (e.g. too old for Loki): retrying would not help.
        const text = (await response.text()).slice(0, 300);
        this.log(`${this.options.url} refused a body with ${response.status}: ${text}`);
        this.queue.shift();
      } else {
        throw new Error(`HTTP ${response.status}`);
      }
    } catch (error) {
      nextDelay = Math.min(
        Math.max(lastDelayMs * 2, this.options.backoffMs ?? 1000),
        this.options.maxBackoffMs ?? 30_000
      );
      if (!this.failing) {
        this.log(`${this.options.url} failed (${(error as Error).message}); retrying every ${nextDelay / 1000}s or so`);
        this.failing = true;
      }
    }
    this.sending = false;
    this.pump(nextDelay);
  }
}
