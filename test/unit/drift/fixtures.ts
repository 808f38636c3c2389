// Live objects shaped as the apiserver returns them (managedFields included), for the drift engine's tests.
// The Deployment: applied by Flux's kustomize-controller, then `kubectl edit`ed (image, a label), then scaled by the
// HPA through the scale subresource; the apiserver moved ownership of what each changed to the changing manager.

import assert from 'node:assert/strict';
import { diffObjects, type DiffInput } from '../../../server/src/drift/diffObjects';

export type Obj = Record<string, unknown>;

export const clone = <T>(v: T): T => structuredClone(v);

/** The Deployment as it is in Git. */
export const declaredDeployment: Obj = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'ghcr.io/acme/web:1.0',
            ports: [{ name: 'http', containerPort: 8080 }],
            resources: { requests: { cpu: '0.5', memory: '1024Mi' }, limits: { memory: '1Gi' } },
          },
        ],
      },
    },
  },
};

const kustomizeFields = {
  'f:metadata': {
    'f:labels': { 'f:app': {}, 'f:kustomize.toolkit.fluxcd.io/name': {}, 'f:kustomize.toolkit.fluxcd.io/namespace': {} },
  },
  'f:spec': {
    'f:selector': {},
    'f:template': {
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:containers': {
          'k:{"name":"web"}': {
            '.': {},
            'f:name': {},
            'f:ports': {
              'k:{"containerPort":8080,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:name': {} },
            },
            'f:resources': { 'f:limits': { 'f:memory': {} }, 'f:requests': { 'f:cpu': {}, 'f:memory': {} } },
          },
        },
      },
    },
  },
};

/** The live Deployment after the edit and the scale. */
export const liveDeployment: Obj = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'shop',
    uid: '9b0f6a0e-4d4c-4c55-9f55-0a3c1d0e7f01',
    resourceVersion: '48211',
    generation: 4,
    creationTimestamp: '2026-12-01T10:00:00Z',
    labels: {
      app: 'web',
      team: 'payments',
      'kustomize.toolkit.fluxcd.io/name': 'apps',
      'kustomize.toolkit.fluxcd.io/namespace': 'flux-system',
    },
    annotations: { 'deployment.kubernetes.io/revision': '3' },
    managedFields: [
      { apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: kustomizeFields, manager: 'kustomize-controller', operation: 'Apply', time: '2026-12-01T10:00:00Z' },
      {
        apiVersion: 'apps/v1',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:annotations': { '.': {}, 'f:deployment.kubernetes.io/revision': {} } },
          'f:status': { 'f:availableReplicas': {}, 'f:conditions': { '.': {}, 'k:{"type":"Available"}': { '.': {}, 'f:status': {}, 'f:type': {} } }, 'f:observedGeneration': {}, 'f:readyReplicas': {}, 'f:replicas': {}, 'f:updatedReplicas': {} },
        },
        manager: 'kube-controller-manager',
        operation: 'Update',
        subresource: 'status',
        time: '2026-12-03T09:12:00Z',
      },
      {
        apiVersion: 'apps/v1',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:team': {} } },
          'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { 'f:image': {} } } } } },
        },
        manager: 'kubectl-edit',
        operation: 'Update',
        time: '2026-12-02T15:30:00Z',
      },
      { apiVersion: 'apps/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } }, manager: 'kube-controller-manager', operation: 'Update', subresource: 'scale', time: '2026-12-03T09:10:00Z' },
    ],
  },
  spec: {
    progressDeadlineSeconds: 600,
    replicas: 5,
    revisionHistoryLimit: 10,
    selector: { matchLabels: { app: 'web' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    template: {
      metadata: { creationTimestamp: null, labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'ghcr.io/acme/web:1.1',
            imagePullPolicy: 'IfNotPresent',
            ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
            resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '1Gi' } },
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
          },
        ],
        dnsPolicy: 'ClusterFirst',
        restartPolicy: 'Always',
        schedulerName: 'default-scheduler',
        securityContext: {},
        terminationGracePeriodSeconds: 30,
      },
    },
  },
  status: { availableReplicas: 5, observedGeneration: 4, readyReplicas: 5, replicas: 5, updatedReplicas: 5, conditions: [{ type: 'Available', status: 'True' }] },
};

/** What a server-side apply dry run of the Git document as kustomize-controller (forced) returns. */
export function predictedDeployment(): Obj {
  const p = clone(liveDeployment) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
  p.spec.replicas = 2;
  p.spec.template.spec.containers[0].image = 'ghcr.io/acme/web:1.0';
  p.metadata.generation = 5;
  p.metadata.resourceVersion = '48230';
  return p;
}

/** The Deployment above as diffObjects input, with a prediction (the dry run's) or without (the fallback). */
export const deployment = (predicted?: Obj, extra: Partial<DiffInput> = {}): DiffInput => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  declared: declaredDeployment,
  predicted,
  live: liveDeployment,
  minor: '1.37',
  ...extra,
});

/** Fields as the tests compare them, by path. */
export const summary = (fields: ReturnType<typeof diffObjects>['fields']) =>
  fields.map((f) => ({ path: f.path, class: f.class, manager: f.manager, git: f.git, live: f.live })).sort((a, b) => a.path.localeCompare(b.path));

/** A managedFields entry. */
export const mf = (manager: string, operation: string, fieldsV1: Obj, time = '2026-12-01T10:00:00Z', subresource?: string): Obj => ({
  apiVersion: 'v1',
  fieldsType: 'FieldsV1',
  fieldsV1,
  manager,
  operation,
  time,
  ...(subresource ? { subresource } : {}),
});

/** Both modes: with a dry-run result and with the prediction computed from live. */
export function bothModes(input: Omit<DiffInput, 'predicted'>, predicted: Obj) {
  const withDryRun = diffObjects({ ...input, predicted });
  const fallback = diffObjects(input);
  assert.deepEqual(summary(fallback.fields), summary(withDryRun.fields), 'the fallback agrees with the dry run');
  return withDryRun;
}
