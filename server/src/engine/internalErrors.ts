// Internal errors (a rule that throws, a document the engine cannot get through) are bugs of ours, not problems
// of the user's file: they go to the log (the editor's output channel, the CLI's stderr) once each, never as findings.
import { repository } from '../../../package.json';

export type InternalErrorSink = (message: string) => void;

const BUGS_URL = `${(typeof repository === 'string' ? repository : repository.url).replace(/^git\+/, '').replace(/\.git$/, '')}/issues`;

let sink: InternalErrorSink = (message) => console.error(message);
const reported = new Set<string>();

/** Where internal errors are written: the language server sends them to the output channel. */
export function setInternalErrorSink(next: InternalErrorSink): void {
  sink = next;
}

/** Reports one internal error, once per distinct place and message. */
export function reportInternalError(where: string, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  const key = `${where}\0${message}`;
  if (reported.has(key)) return;
  // Old keys are not needed to keep the log short; the set must not grow without bound in a long session.
  if (reported.size >= 1000) reported.clear();
  reported.add(key);
  const stack = err instanceof Error && err.stack ? `\n${err.stack}` : '';
  sink(`Internal error in ${where}: ${message}. Please report it at ${BUGS_URL} with the YAML that causes it.${stack}`);
}
