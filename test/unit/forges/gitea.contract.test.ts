// Contract tests for the Gitea/Forgejo client against recorded pairs of POST /api/v1/repos/{owner}/{repo}/pulls.
// The integration test (test/integration/forge-gitea.test.ts) runs the same client against a real Gitea.
import { test } from 'node:test';
import { createGiteaForge } from '../../../client/src/pullRequest/forges';
import { contractToken, expectAnswer, expectCreated, expectNetworkError, expectRejected, type ForgeAt } from './contract';

const gitea: ForgeAt = (baseUrl) => createGiteaForge({ baseUrl, token: contractToken });
const request = {
  owner: 'octo-org',
  repo: 'manifests',
  title: 'Scale web to 3 replicas',
  body: 'Replica count differs from the cluster.',
  head: 'fix-drift',
  base: 'main',
};

test('Gitea contract: a created pull request yields its number and html_url', async () => {
  await expectCreated('gitea-created', gitea, request, { number: 5, url: 'https://gitea.example.com/octo-org/manifests/pulls/5' });
});

test('Gitea contract: a draft gets the "WIP: " title prefix, once', async () => {
  const { body: _body, ...withoutBody } = request;
  const expected = { number: 6, url: 'https://gitea.example.com/octo-org/manifests/pulls/6' };
  await expectCreated('gitea-created-draft', gitea, { ...withoutBody, draft: true }, expected);
  await expectCreated('gitea-created-draft', gitea, { ...withoutBody, title: `WIP: ${request.title}`, draft: true }, expected);
});

test('Gitea contract: 401 is unauthorized and names the scope, not the token', async () => {
  await expectRejected('gitea-401-invalid-token', gitea, request, {
    kind: 'unauthorized',
    status: 401,
    message: /^Gitea rejected the token \(401\): .*write:repository scope/,
  });
});

test('Gitea contract: 404 is not-found and names the branches', async () => {
  await expectRejected('gitea-404-branch', gitea, request, { kind: 'not-found', status: 404, message: /fix-drift.*main/ });
});

test('Gitea contract: 409 is a conflict', async () => {
  await expectRejected('gitea-409-already-exists', gitea, request, {
    kind: 'conflict',
    status: 409,
    message: /^A pull request from fix-drift into main already exists in octo-org\/manifests \(409\)/,
  });
});

test('Gitea contract: 422 is a validation error with Gitea\'s reason', async () => {
  await expectRejected('gitea-422-no-changes', gitea, request, {
    kind: 'validation',
    status: 422,
    message: /no changes between the head and the base/,
  });
});

test('Gitea contract: no server listening is a network error', async () => {
  await expectNetworkError(gitea, request);
});

const repository = { owner: 'octo-org', repo: 'manifests' };
const open = { number: 5, url: 'https://gitea.example.com/octo-org/manifests/pulls/5' };

test('Gitea contract: findExisting with a base asks for the pull request between the two branches', async () => {
  await expectAnswer('gitea-find-existing', gitea, (f) => f.findExisting({ ...repository, head: 'fix-drift', base: 'main' }), open);
});

test('Gitea contract: findExisting ignores a closed pull request and reads 404 as none', async () => {
  await expectAnswer('gitea-find-existing-closed', gitea, (f) => f.findExisting({ ...repository, head: 'fix-drift', base: 'main' }), undefined);
  await expectAnswer('gitea-find-existing-none', gitea, (f) => f.findExisting({ ...repository, head: 'fix-drift', base: 'main' }), undefined);
});

test('Gitea contract: findExisting without a base picks the open pull request of that head', async () => {
  await expectAnswer('gitea-list-open', gitea, (f) => f.findExisting({ ...repository, head: 'fix-drift' }), open);
});

test('Gitea contract: defaultBranch reads default_branch', async () => {
  await expectAnswer('gitea-repository', gitea, (f) => f.defaultBranch(repository), 'trunk');
});
