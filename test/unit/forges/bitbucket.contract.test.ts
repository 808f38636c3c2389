// Contract tests for the Bitbucket Cloud client: recorded pairs of the documented REST 2.0 API
// (pullrequests POST/GET, repository GET), replayed on 127.0.0.1.
import { test } from 'node:test';
import { createBitbucketForge } from '../../../client/src/pullRequest/forges';
import { contractToken, expectAnswer, expectCreated, expectNetworkError, expectRejected, type ForgeAt } from './contract';

const bitbucket: ForgeAt = (baseUrl) => createBitbucketForge({ baseUrl, token: contractToken });
const request = {
  owner: 'octo-org',
  repo: 'manifests',
  title: 'Scale web to 3 replicas',
  body: 'Replica count differs from the cluster.',
  head: 'fix-drift',
  base: 'main',
};
const repository = { owner: 'octo-org', repo: 'manifests' };

test('Bitbucket contract: a created pull request yields its id and links.html.href', async () => {
  await expectCreated('bitbucket-created', bitbucket, request, { number: 12, url: 'https://bitbucket.org/octo-org/manifests/pull-requests/12' });
});

test('Bitbucket contract: a draft is sent as draft: true, the title left alone', async () => {
  const { body: _body, ...withoutBody } = request;
  await expectCreated('bitbucket-created-draft', bitbucket, { ...withoutBody, draft: true }, {
    number: 13,
    url: 'https://bitbucket.org/octo-org/manifests/pull-requests/13',
  });
});

test('Bitbucket contract: 401 is unauthorized and names the scopes, not the token', async () => {
  await expectRejected('bitbucket-401', bitbucket, request, {
    kind: 'unauthorized',
    status: 401,
    message: /^Bitbucket rejected the token \(401\): .*pullrequest:write/,
  });
});

test('Bitbucket contract: 400 is a validation error with the message and the field problems', async () => {
  await expectRejected('bitbucket-400-no-source', bitbucket, request, {
    kind: 'validation',
    status: 400,
    message: /Bad request; source: fix-drift: No such branch/,
  });
});

test('Bitbucket contract: findExisting queries open pull requests by source and destination branch', async () => {
  await expectAnswer('bitbucket-find-existing', bitbucket, (f) => f.findExisting({ ...repository, head: 'fix-drift', base: 'main' }), {
    number: 12,
    url: 'https://bitbucket.org/octo-org/manifests/pull-requests/12',
  });
  await expectAnswer('bitbucket-find-existing-none', bitbucket, (f) => f.findExisting({ ...repository, head: 'fix-drift', base: 'main' }), undefined);
});

test('Bitbucket contract: defaultBranch reads mainbranch.name', async () => {
  await expectAnswer('bitbucket-repository', bitbucket, (f) => f.defaultBranch(repository), 'trunk');
});

test('Bitbucket contract: no server listening is a network error', async () => {
  await expectNetworkError(bitbucket, request);
});
