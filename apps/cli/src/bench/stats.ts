/** Milliseconds between two process.hrtime.bigint() readings. */
export function elapsedMs(start: bigint, end: bigint): number {
  return Number(end - start) / 1e6;
}

/** Nearest-rank percentile (p in 0..100) of a sample; NaN when empty. */
export function percentile(sample: ArrayLike<number>, p: number): number {
  if (sample.length === 0) return Number.NaN;
  const sorted = Float64Array.from(sample).sort();
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function median(values: readonly number[]): number {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return Number.NaN;
  const sorted = [...finite].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Per-operation latencies, recorded into a preallocated array so recording allocates nothing. */
export class LatencyRecorder {
  private readonly samples: Float64Array;
  private count = 0;

  constructor(capacity: number) {
    this.samples = new Float64Array(capacity);
  }

  record(start: bigint, end: bigint): void {
    if (this.count < this.samples.length) this.samples[this.count++] = Number(end - start) / 1e6;
  }

  percentile(p: number): number {
    return percentile(this.samples.subarray(0, this.count), p);
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
