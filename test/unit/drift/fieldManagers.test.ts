// fieldManagers: people's tools, controllers and webhooks told apart; the GitOps applier of a live object.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applierOf, LAST_APPLIED, managerKind } from '../../../server/src/drift/fieldManagers';
import { liveDeployment } from './fixtures';

describe('managerKind', () => {
  const cases: Array<[string, string | undefined, string]> = [
    ['kubectl-edit', undefined, 'human'],
    ['kubectl-patch', undefined, 'human'],
    ['kubectl-label', undefined, 'human'],
    ['kubectl-annotate', undefined, 'human'],
    ['kubectl-set', undefined, 'human'],
    ['kubectl-scale', 'scale', 'human'],
    ['kubectl', undefined, 'human'],
    ['kubectl-client-side-apply', undefined, 'human'],
    ['kubectl-replace', undefined, 'human'],
    ['kubectl-create', undefined, 'human'],
    ['kubectl-rollout', undefined, 'human'],
    ['Mozilla', undefined, 'human'],
    ['Mozilla/5.0 (X11; Linux x86_64)', undefined, 'human'],
    ['OpenLens', undefined, 'human'],
    ['k9s', undefined, 'human'],
    ['kube-controller-manager', 'scale', 'controller'],
    ['kube-controller-manager', undefined, 'controller'],
    ['kube-scheduler', 'status', 'controller'],
    ['cert-manager-cainjector', undefined, 'controller'],
    ['external-secrets-controller', undefined, 'controller'],
    ['prometheus-operator', undefined, 'controller'],
    ['some-tool', 'status', 'controller'],
    ['kyverno', undefined, 'webhook'],
    ['gatekeeper-mutation', undefined, 'webhook'],
    ['deploy.sh', undefined, 'unknown'],
  ];
  for (const [manager, subresource, kind] of cases) {
    it(`${manager}${subresource ? ` (${subresource})` : ''} is ${kind}`, () => {
      assert.equal(managerKind({ manager, operation: 'Update', subresource }), kind);
    });
  }
});

describe('applierOf', () => {
  it('is the manager of the Apply entry', () => {
    assert.deepEqual(applierOf(liveDeployment), { manager: 'kustomize-controller' });
  });

  it('prefers a GitOps applier over a person’s server-side apply', () => {
    const live = {
      metadata: {
        managedFields: [
          { manager: 'kubectl', operation: 'Apply', time: '2026-12-03T00:00:00Z', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:x': {} } } } },
          { manager: 'argocd-controller', operation: 'Apply', time: '2026-12-01T00:00:00Z', fieldsV1: { 'f:spec': { 'f:replicas': {} } } },
        ],
      },
    };
    assert.deepEqual(applierOf(live), { manager: 'argocd-controller' });
  });

  it('takes the latest Apply entry when none is a known GitOps applier', () => {
    const live = {
      metadata: {
        managedFields: [
          { manager: 'ci-apply', operation: 'Apply', time: '2026-12-01T00:00:00Z', fieldsV1: {} },
          { manager: 'release-bot', operation: 'Apply', time: '2026-12-02T00:00:00Z', fieldsV1: {} },
        ],
      },
    };
    assert.deepEqual(applierOf(live), { manager: 'release-bot' });
  });

  it('is client-side for objects applied with kubectl apply (the last-applied annotation’s owner)', () => {
    const live = {
      metadata: {
        annotations: { [LAST_APPLIED]: '{"kind":"ConfigMap"}' },
        managedFields: [
          { manager: 'kubectl-client-side-apply', operation: 'Update', fieldsV1: { 'f:metadata': { 'f:annotations': { '.': {}, [`f:${LAST_APPLIED}`]: {} } }, 'f:data': { 'f:a': {} } } },
          { manager: 'kubectl-edit', operation: 'Update', fieldsV1: { 'f:data': { 'f:b': {} } } },
        ],
      },
    };
    assert.deepEqual(applierOf(live), { manager: 'kubectl-client-side-apply', clientSide: true });
    // Older objects: the annotation without managedFields.
    assert.deepEqual(applierOf({ metadata: { annotations: { [LAST_APPLIED]: '{}' } } }), { manager: 'kubectl-client-side-apply', clientSide: true });
  });

  it('is undefined for objects nobody applies (created and edited only)', () => {
    assert.equal(applierOf({ metadata: { managedFields: [{ manager: 'kubectl-create', operation: 'Update', fieldsV1: {} }] } }), undefined);
    assert.equal(applierOf({}), undefined);
  });
});
