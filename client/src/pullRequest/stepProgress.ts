// The progress of "Create Pull Request": each step in a cancellable notification (cancel aborts the flow).
import { ProgressLocation, window } from 'vscode';

/** One cancellable notification per stretch of work; paused while the summary pick waits for the user. */
export class StepProgress {
  private finish: (() => void) | undefined;
  private reportMessage: ((message: string) => void) | undefined;
  private pending: string | undefined;

  constructor(
    private readonly title: string,
    private readonly controller: AbortController,
  ) {}

  report(message: string): void {
    if (!this.finish) this.open();
    if (this.reportMessage) this.reportMessage(message);
    else this.pending = message;
  }

  pause(): void {
    this.finish?.();
    this.finish = undefined;
    this.reportMessage = undefined;
  }

  private open(): void {
    const done = new Promise<void>((resolve) => (this.finish = resolve));
    void window.withProgress({ location: ProgressLocation.Notification, title: this.title, cancellable: true }, (progress, cancellation) => {
      cancellation.onCancellationRequested(() => this.controller.abort());
      this.reportMessage = (message) => progress.report({ message });
      if (this.pending) this.reportMessage(this.pending);
      this.pending = undefined;
      return done;
    });
  }
}
