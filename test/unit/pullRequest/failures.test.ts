// Each way "Create Pull Request" can fail gets one plain message and the button that fixes it; no token is shown.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failureMessage, redactAll, type FlowFailure } from '../../../client/src/pullRequest/failures';
import { PullRequestFlowError, type PullRequestFlowErrorKind } from '../../../client/src/pullRequest/flow';

const token = 'glpat-S3cretT0kenValue';

/**
 * One failure of each kind the flow has (the type makes a new kind fail the typecheck until it is covered here),
 * worded as the flow words them, with a token deliberately echoed in each.
 */
const failures: Record<PullRequestFlowErrorKind, FlowFailure> = {
  'not-a-repository': { kind: 'not-a-repository', message: `/work/site is not inside a git repository ${token}` },
  'no-remote': { kind: 'no-remote', message: `The repository has no remote to push to: add one with \`git remote add origin URL\` ${token}` },
  'unknown-forge': { kind: 'unknown-forge', message: `Which forge serves git.example.com is not known: add it to the setting gitops.forges ${token}`, details: { setting: 'gitops.forges' } },
  'no-changes': { kind: 'no-changes', message: `apps/web.yaml is the same on main: nothing to propose ${token}` },
  auth: { kind: 'auth', message: `GitLab rejected the token (401): check that it is valid and has the api scope ${token}` },
  'branch-exists': { kind: 'branch-exists', message: `Branch gitops/web already exists on the remote; use another name, such as gitops/web-2 ${token}`, details: { suggestedBranch: 'gitops/web-2' } },
  'push-rejected': { kind: 'push-rejected', message: `The remote refused the push of gitops/web: pre-receive hook declined ${token}` },
  network: { kind: 'network', message: `The connection to the remote broke off (ECONNRESET ${token}); your files are untouched, run again to retry`, details: { retryable: true } },
  'pull-request-exists': { kind: 'pull-request-exists', message: `A pull request from gitops/web is already open: https://git.example.com/team/site/pulls/7 ${token}`, details: { url: 'https://git.example.com/team/site/pulls/7', branch: 'gitops/web' } },
  forge: { kind: 'forge', message: `GitLab did not accept the pull request for team/site (422): title is too long ${token}` },
  'base-moved': { kind: 'base-moved', message: `main kept moving while the pull request was prepared; nothing was pushed. Run again ${token}`, details: { retryable: true } },
  cancelled: { kind: 'cancelled', message: 'Cancelled before anything was pushed' },
};

const fixesOf = (failure: FlowFailure, context = {}) => failureMessage(failure, { secrets: [token], ...context }).actions.map((a) => a.fix);

describe('failureMessage', () => {
  it('never shows a token, for any kind', () => {
    for (const [kind, failure] of Object.entries(failures)) {
      for (const context of [{}, { forge: 'gitlab' as const, host: 'gitlab.example.com' }, { forge: 'github' as const, host: 'github.com' }]) {
        const shown = failureMessage(failure, { secrets: [token], ...context });
        const text = [shown.message ?? '', ...shown.actions.map((a) => a.label)].join('\n');
        assert.ok(!text.includes(token), `${kind}: ${text}`);
        assert.ok(!text.includes('S3cret'), kind);
      }
    }
  });

  it('shows nothing when the user cancelled, and one sentence for every other kind', () => {
    assert.deepEqual(failureMessage(failures.cancelled), { actions: [] });
    for (const [kind, failure] of Object.entries(failures)) {
      if (kind === 'cancelled') continue;
      const { message } = failureMessage(failure, { secrets: [token] });
      assert.ok(message && message.length > 20 && /[.)]$/.test(message), `${kind}: ${message}`);
    }
  });

  it('offers the fix of each kind', () => {
    assert.deepEqual(fixesOf(failures['not-a-repository']), []);
    assert.deepEqual(fixesOf(failures['no-remote']), ['add-remote']);
    assert.deepEqual(fixesOf(failures['unknown-forge']), ['open-forge-setting']);
    assert.deepEqual(fixesOf(failures['no-changes']), []);
    assert.deepEqual(fixesOf(failures.auth, { forge: 'github', host: 'github.com' }), ['sign-in-again']);
    assert.deepEqual(fixesOf(failures.auth, { forge: 'gitlab', host: 'gitlab.example.com' }), ['enter-token']);
    assert.deepEqual(fixesOf(failures.auth, { forge: 'github', host: 'ghe.example.com' }), ['enter-token']);
    assert.deepEqual(fixesOf(failures['branch-exists']), ['use-branch', 'rename-branch']);
    assert.deepEqual(fixesOf(failures['push-rejected']), ['rename-branch', 'show-output']);
    assert.deepEqual(fixesOf(failures.network), ['retry']);
    assert.deepEqual(fixesOf(failures['pull-request-exists']), ['open-url']);
    assert.deepEqual(fixesOf(failures.forge), ['show-output']);
    assert.deepEqual(fixesOf({ ...failures.forge, details: { retryable: true } }), ['retry', 'show-output']);
    assert.deepEqual(fixesOf(failures['base-moved']), ['retry']);
    assert.deepEqual(fixesOf({ kind: 'something-new', message: 'x went wrong' }), ['show-output']);
  });

  it('carries the suggested branch and the existing pull request into the buttons', () => {
    const exists = failureMessage(failures['branch-exists']);
    assert.deepEqual(exists.actions[0], { fix: 'use-branch', branch: 'gitops/web-2', label: 'Use gitops/web-2' });
    const open = failureMessage(failures['pull-request-exists'], { noun: 'merge request' });
    assert.deepEqual(open.actions[0], { fix: 'open-url', url: 'https://git.example.com/team/site/pulls/7', label: 'Open Existing Merge Request' });
    const taken = failureMessage({ ...failures['pull-request-exists'], details: { url: 'https://x/pulls/7', suggestedBranch: 'gitops/web-2' } });
    assert.deepEqual(taken.actions.map((a) => a.label), ['Open Existing Pull Request', 'New Pull Request on gitops/web-2']);
  });

  it('names the setting for an unknown host and the host for a refused token', () => {
    assert.equal(failureMessage(failures['unknown-forge']).actions[0].label, 'Open Setting gitops.forges');
    assert.match(failureMessage(failures.auth, { forge: 'gitlab', host: 'gitlab.example.com' }).message ?? '', /^gitlab\.example\.com did not accept the token: /);
    assert.match(failureMessage(failures.auth, { forge: 'github', host: 'github.com' }).message ?? '', /GitHub sign-in/);
  });

  it('says the work tree is untouched after a network cut or a refused push, once', () => {
    const network = failureMessage(failures.network, { secrets: [token] }).message ?? '';
    assert.equal(network.match(/untouched/gi)?.length, 1, network);
    assert.match(failureMessage(failures['push-rejected']).message ?? '', /pre-receive hook declined.*Your files are untouched\.$/);
  });
});

describe('failureMessage with the flow\'s own errors', () => {
  it('reads PullRequestFlowError as thrown, details included', () => {
    const error = new PullRequestFlowError('branch-exists', 'Branch gitops/web already exists on the remote', { suggestedBranch: 'gitops/web-2' });
    assert.deepEqual(failureMessage(error).actions.map((a) => a.label), ['Use gitops/web-2', 'Other Name…']);
    const offline = new PullRequestFlowError('network', `Could not reach GitLab at https://gitlab.example.com: ${token}`, { retryable: true });
    const shown = failureMessage(offline, { secrets: [token] });
    assert.ok(!shown.message?.includes(token));
    assert.deepEqual(shown.actions.map((a) => a.fix), ['retry']);
  });
});

describe('redactAll', () => {
  it('replaces every occurrence of every secret and ignores empty ones', () => {
    assert.equal(redactAll('a TOKEN b TOKEN c other1', ['TOKEN', '', 'other1']), 'a *** b *** c ***');
  });
});
