// Shared steps of the contract tests: replay a recording against a forge client and check what the client made of
// the recorded response.
import assert from 'node:assert/strict';
import { ForgeError, type Forge, type ForgeErrorKind, type PullRequestRequest, type PullRequestResult } from '../../../client/src/pullRequest/forges';
import { closedServerUrl, loadRecording, replay } from './replay';

/** Not a real token: the recordings hold `{{token}}` and the replay server compares against this value. */
export const contractToken = 'contract-test-token-5f1c9a2e';

export type ForgeAt = (baseUrl: string) => Forge;

/** Runs the request against the replayed recording; returns the client's outcome once the server has checked it. */
async function against(recordingName: string, forgeAt: ForgeAt, req: PullRequestRequest): Promise<PullRequestResult | unknown> {
  const server = await replay(loadRecording(recordingName), contractToken);
  try {
    const outcome = await forgeAt(server.url).createPullRequest(req).then(
      (result) => result,
      (error: unknown) => error,
    );
    assert.equal(server.requests, 1, 'the client sends exactly one request');
    assert.deepEqual(server.mismatches, [], `request differs from ${recordingName}.json`);
    return outcome;
  } finally {
    await server.close();
  }
}

/** Replays a recording against any one call of the client (findExisting, defaultBranch) and returns its outcome. */
export async function expectAnswer<T>(recordingName: string, forgeAt: ForgeAt, call: (forge: Forge) => Promise<T>, expected: T): Promise<void> {
  const server = await replay(loadRecording(recordingName), contractToken);
  try {
    const outcome = await call(forgeAt(server.url));
    assert.equal(server.requests, 1, 'the client sends exactly one request');
    assert.deepEqual(server.mismatches, [], `request differs from ${recordingName}.json`);
    assert.deepEqual(outcome, expected);
  } finally {
    await server.close();
  }
}

export async function expectCreated(recordingName: string, forgeAt: ForgeAt, req: PullRequestRequest, expected: PullRequestResult): Promise<void> {
  const outcome = await against(recordingName, forgeAt, req);
  assert.deepEqual(outcome, expected);
}

export async function expectRejected(
  recordingName: string,
  forgeAt: ForgeAt,
  req: PullRequestRequest,
  expected: { kind: ForgeErrorKind; status: number; message: RegExp },
): Promise<ForgeError> {
  const outcome = await against(recordingName, forgeAt, req);
  assertForgeError(outcome, expected.kind, expected.status);
  assert.match(outcome.message, expected.message);
  return outcome;
}

export async function expectNetworkError(forgeAt: ForgeAt, req: PullRequestRequest): Promise<ForgeError> {
  const url = await closedServerUrl();
  const outcome = await forgeAt(url).createPullRequest(req).then(
    () => assert.fail('no server listens, yet the request succeeded'),
    (error: unknown) => error,
  );
  assertForgeError(outcome, 'network', undefined);
  assert.ok(outcome.message.includes(url), outcome.message);
  return outcome;
}

export function assertForgeError(error: unknown, kind: ForgeErrorKind, status: number | undefined): asserts error is ForgeError {
  assert.ok(error instanceof ForgeError, `expected a ForgeError, got ${String(error)}`);
  assert.equal(error.kind, kind, error.message);
  assert.equal(error.status, status);
  assert.ok(!error.message.includes(contractToken), 'the message must not contain the token');
}
