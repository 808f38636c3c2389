// When the cluster stops answering, the drift session retries after a delay that doubles with each failure (up to
// a ceiling) and starts small again once a connection succeeds.
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 30_000;

export class ReconnectBackoff {
  private delayMs = BACKOFF_MIN_MS;
  private timer?: NodeJS.Timeout;

  /** Runs `retry` once after the current delay, which doubles for the next time; nothing when a retry is pending. */
  schedule(retry: () => void): void {
    if (this.timer) return;
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, BACKOFF_MAX_MS);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      retry();
    }, delay);
  }

  /** The next failure waits the shortest delay again. */
  reset(): void {
    this.delayMs = BACKOFF_MIN_MS;
  }

  /** Drops a pending retry. */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
