// Contract tests for the GitLab client: recorded request/response pairs of the documented merge request API
// (POST /api/v4/projects/:id/merge_requests), replayed on 127.0.0.1 since gitlab.com cannot be reached from CI.
import { test } from 'node:test';
import { createGitLabForge } from '../../../client/src/pullRequest/forges';
import { contractToken, expectAnswer, expectCreated, expectNetworkError, expectRejected, type ForgeAt } from './contract';

const gitlab: ForgeAt = (baseUrl) => createGitLabForge({ baseUrl, token: contractToken });
// A project in a subgroup: the whole path is one URL-encoded segment.
const request = {
  owner: 'platform/infra',
  repo: 'manifests',
  title: 'Scale web to 3 replicas',
  body: 'Replica count differs from the cluster.',
  head: 'fix-drift',
  base: 'main',
};
const mergeRequest7 = { number: 7, url: 'https://gitlab.com/platform/infra/manifests/-/merge_requests/7' };

test('GitLab contract: a created merge request yields its iid and web_url', async () => {
  await expectCreated('gitlab-created', gitlab, request, mergeRequest7);
});

test('GitLab contract: a trailing slash on the base URL changes nothing', async () => {
  await expectCreated('gitlab-created', (url) => gitlab(`${url}/`), request, mergeRequest7);
});

test('GitLab contract: a draft gets the "Draft: " title prefix, once', async () => {
  const { body: _body, ...withoutBody } = request;
  const expected = { number: 8, url: 'https://gitlab.com/platform/infra/manifests/-/merge_requests/8' };
  await expectCreated('gitlab-created-draft', gitlab, { ...withoutBody, draft: true }, expected);
  await expectCreated('gitlab-created-draft', gitlab, { ...withoutBody, title: `Draft: ${request.title}`, draft: true }, expected);
});

test('GitLab contract: 401 is unauthorized and names the api scope, not the token', async () => {
  await expectRejected('gitlab-401-unauthorized', gitlab, request, {
    kind: 'unauthorized',
    status: 401,
    message: /^GitLab rejected the token \(401\): .*api scope/,
  });
});

test('GitLab contract: 404 Project Not Found is not-found', async () => {
  await expectRejected('gitlab-404-project', gitlab, request, {
    kind: 'not-found',
    status: 404,
    message: /platform\/infra\/manifests.*404 Project Not Found/,
  });
});

test('GitLab contract: 409 is a conflict that points at the existing merge request', async () => {
  await expectRejected('gitlab-409-already-exists', gitlab, request, {
    kind: 'conflict',
    status: 409,
    message: /already exists.*!7/,
  });
});

test('GitLab contract: 422 is a validation error with GitLab\'s reason', async () => {
  await expectRejected('gitlab-422-same-branch', gitlab, { ...request, head: 'main' }, {
    kind: 'validation',
    status: 422,
    message: /same project\/branch for source and target/,
  });
});

test('GitLab contract: no server listening is a network error', async () => {
  await expectNetworkError(gitlab, request);
});

const project = { owner: 'platform/infra', repo: 'manifests' };

test('GitLab contract: findExisting lists opened merge requests by source and target branch', async () => {
  await expectAnswer('gitlab-find-existing', gitlab, (f) => f.findExisting({ ...project, head: 'fix-drift', base: 'main' }), {
    number: 7,
    url: 'https://gitlab.com/platform/infra/manifests/-/merge_requests/7',
  });
  await expectAnswer('gitlab-find-existing-none', gitlab, (f) => f.findExisting({ ...project, head: 'fix-drift', base: 'main' }), undefined);
});

test('GitLab contract: defaultBranch reads the project\'s default_branch', async () => {
  await expectAnswer('gitlab-project', gitlab, (f) => f.defaultBranch(project), 'trunk');
});
