// Contract tests for the GitHub client: recorded request/response pairs of the documented REST API
// (POST /repos/{owner}/{repo}/pulls), replayed on 127.0.0.1 since github.com cannot be reached from CI.
import { test } from 'node:test';
import { createGitHubForge } from '../../../client/src/pullRequest/forges';
import { contractToken, expectAnswer, expectCreated, expectNetworkError, expectRejected, type ForgeAt } from './contract';

const github: ForgeAt = (baseUrl) => createGitHubForge({ baseUrl, token: contractToken });
const request = {
  owner: 'octo-org',
  repo: 'manifests',
  title: 'Scale web to 3 replicas',
  body: 'Replica count differs from the cluster.',
  head: 'fix-drift',
  base: 'main',
};

test('GitHub contract: a created pull request yields its number and html_url', async () => {
  await expectCreated('github-created', github, request, { number: 42, url: 'https://github.com/octo-org/manifests/pull/42' });
});

test('GitHub contract: a draft is sent as draft: true', async () => {
  const { body: _body, ...withoutBody } = request;
  await expectCreated('github-created-draft', github, { ...withoutBody, draft: true }, {
    number: 43,
    url: 'https://github.com/octo-org/manifests/pull/43',
  });
});

test('GitHub contract: 401 Bad credentials is unauthorized and names the scope, not the token', async () => {
  await expectRejected('github-401-bad-credentials', github, request, {
    kind: 'unauthorized',
    status: 401,
    message: /^GitHub rejected the token \(401\): .*repo scope/,
  });
});

test('GitHub contract: 404 is not-found and names the repository', async () => {
  await expectRejected('github-404-repository', github, request, { kind: 'not-found', status: 404, message: /octo-org\/manifests/ });
});

test('GitHub contract: 422 "already exists" is a conflict', async () => {
  await expectRejected('github-422-already-exists', github, request, {
    kind: 'conflict',
    status: 422,
    message: /already exists.*A pull request already exists for octo-org:fix-drift/,
  });
});

test('GitHub contract: other 422 failures are validation errors with GitHub\'s reason', async () => {
  await expectRejected('github-422-no-commits', github, request, {
    kind: 'validation',
    status: 422,
    message: /No commits between main and fix-drift/,
  });
});

test('GitHub contract: no server listening is a network error', async () => {
  await expectNetworkError(github, request);
});

const repository = { owner: 'octo-org', repo: 'manifests' };

test('GitHub contract: findExisting lists open pull requests of owner:head into base', async () => {
  await expectAnswer('github-find-existing', github, (f) => f.findExisting({ ...repository, head: 'fix-drift', base: 'main' }), {
    number: 42,
    url: 'https://github.com/octo-org/manifests/pull/42',
  });
  await expectAnswer('github-find-existing-none', github, (f) => f.findExisting({ ...repository, head: 'fix-drift', base: 'main' }), undefined);
});

test('GitHub contract: defaultBranch reads default_branch', async () => {
  await expectAnswer('github-repository', github, (f) => f.defaultBranch(repository), 'trunk');
});
