// appliesAsNoOp on live objects as the real kube-apiserver returned them (applied as kustomize-controller, then
// edited by a person; captured from test/infra's apiserver): the apply is a no-op only where the declared field set is
// exactly the applier's and every declared value is live's.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { schemaOf } from '../../../server/src/drift/listKeys';
import { appliesAsNoOp, type NoOpVerdict } from '../../../server/src/drift/noOpApply';
import { clone, type Obj } from './fixtures';

const liveDeployment: Obj = { "kind": "Deployment", "apiVersion": "apps/v1", "metadata": { "name": "web", "namespace": "default", "resourceVersion": "200", "generation": 1, "labels": { "app": "web" }, "annotations": { "team": "a" }, "managedFields": [ { "manager": "kustomize-controller", "operation": "Apply", "apiVersion": "apps/v1", "time": "2026-12-04T03:40:00Z", "fieldsType": "FieldsV1", "fieldsV1": { "f:metadata": { "f:annotations": { "f:team": {} }, "f:labels": { "f:app": {} } }, "f:spec": { "f:replicas": {}, "f:selector": {}, "f:template": { "f:metadata": { "f:labels": { "f:app": {} } }, "f:spec": { "f:containers": { "k:{\"name\":\"sidecar\"}": { ".": {}, "f:image": {}, "f:name": {} }, "k:{\"name\":\"web\"}": { ".": {}, "f:args": {}, "f:env": { "k:{\"name\":\"A\"}": { ".": {}, "f:name": {}, "f:value": {} }, "k:{\"name\":\"B\"}": { ".": {}, "f:name": {}, "f:value": {} } }, "f:image": {}, "f:name": {}, "f:ports": { "k:{\"containerPort\":8080,\"protocol\":\"TCP\"}": { ".": {}, "f:containerPort": {} } }, "f:resources": { "f:limits": { "f:cpu": {}, "f:memory": {} }, "f:requests": { "f:cpu": {}, "f:memory": {} } } } } } } } } } ] }, "spec": { "replicas": 2, "selector": { "matchLabels": { "app": "web" } }, "template": { "metadata": { "labels": { "app": "web" } }, "spec": { "containers": [ { "name": "web", "image": "nginx:1.27", "args": [ "--a", "--b" ], "ports": [ { "containerPort": 8080, "protocol": "TCP" } ], "env": [ { "name": "A", "value": "1" }, { "name": "B", "value": "2" } ], "resources": { "limits": { "cpu": "1", "memory": "256Mi" }, "requests": { "cpu": "1", "memory": "128Mi" } }, "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File", "imagePullPolicy": "IfNotPresent" }, { "name": "sidecar", "image": "busybox:1.36", "resources": {}, "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File", "imagePullPolicy": "IfNotPresent" } ], "restartPolicy": "Always", "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst", "securityContext": {}, "schedulerName": "default-scheduler" } }, "strategy": { "type": "RollingUpdate", "rollingUpdate": { "maxUnavailable": "25%", "maxSurge": "25%" } }, "revisionHistoryLimit": 10, "progressDeadlineSeconds": 600 } };

const liveService: Obj = { "kind": "Service", "apiVersion": "v1", "metadata": { "name": "web", "namespace": "default", "resourceVersion": "202", "managedFields": [ { "manager": "kustomize-controller", "operation": "Apply", "apiVersion": "v1", "time": "2026-12-04T03:40:00Z", "fieldsType": "FieldsV1", "fieldsV1": { "f:spec": { "f:ports": { "k:{\"port\":80,\"protocol\":\"TCP\"}": { ".": {}, "f:name": {}, "f:port": {}, "f:targetPort": {} } }, "f:selector": {} } } } ] }, "spec": { "ports": [ { "name": "http", "protocol": "TCP", "port": 80, "targetPort": 8080 } ], "selector": { "app": "web" }, "clusterIP": "10.0.0.233", "clusterIPs": [ "10.0.0.233" ], "type": "ClusterIP", "sessionAffinity": "None", "ipFamilies": [ "IPv4" ], "ipFamilyPolicy": "SingleStack", "internalTrafficPolicy": "Cluster" } };

const liveConfigMap: Obj = { "kind": "ConfigMap", "apiVersion": "v1", "metadata": { "name": "web", "namespace": "default", "resourceVersion": "204", "finalizers": [ "example.com/keep" ], "managedFields": [ { "manager": "kustomize-controller", "operation": "Apply", "apiVersion": "v1", "time": "2026-12-04T03:40:00Z", "fieldsType": "FieldsV1", "fieldsV1": { "f:data": { "f:level": {}, "f:mode": {} }, "f:metadata": { "f:finalizers": { "v:\"example.com/keep\"": {} } } } } ] }, "data": { "level": "3", "mode": "fast" } };

// A person added a label (kubectl edit): the label is theirs, the applier's set is unchanged.
const liveConfigMapLabelled: Obj = { "kind": "ConfigMap", "apiVersion": "v1", "metadata": { "name": "web", "namespace": "default", "resourceVersion": "207", "labels": { "owner": "me" }, "finalizers": [ "example.com/keep" ], "managedFields": [ { "manager": "kustomize-controller", "operation": "Apply", "apiVersion": "v1", "time": "2026-12-04T03:40:00Z", "fieldsType": "FieldsV1", "fieldsV1": { "f:data": { "f:level": {}, "f:mode": {} }, "f:metadata": { "f:finalizers": { "v:\"example.com/keep\"": {} } } } }, { "manager": "kubectl-edit", "operation": "Update", "apiVersion": "v1", "time": "2026-12-04T03:40:00Z", "fieldsType": "FieldsV1", "fieldsV1": { "f:metadata": { "f:labels": { ".": {}, "f:owner": {} } } } } ] }, "data": { "level": "3", "mode": "fast" } };

// Then the same person changed data.mode: its ownership moved to kubectl-edit.
const liveConfigMapEdited: Obj = { "kind": "ConfigMap", "apiVersion": "v1", "metadata": { "name": "web", "namespace": "default", "resourceVersion": "208", "labels": { "owner": "me" }, "finalizers": [ "example.com/keep" ], "managedFields": [ { "manager": "kustomize-controller", "operation": "Apply", "apiVersion": "v1", "time": "2026-12-04T03:40:00Z", "fieldsType": "FieldsV1", "fieldsV1": { "f:data": { "f:level": {} }, "f:metadata": { "f:finalizers": { "v:\"example.com/keep\"": {} } } } }, { "manager": "kubectl-edit", "operation": "Update", "apiVersion": "v1", "time": "2026-12-04T03:40:00Z", "fieldsType": "FieldsV1", "fieldsV1": { "f:data": { "f:mode": {} }, "f:metadata": { "f:labels": { ".": {}, "f:owner": {} } } } } ] }, "data": { "level": "3", "mode": "slow" } };

// Applied with stringData: the applier owns f:stringData, which live never holds.
const liveSecret: Obj = { "kind": "Secret", "apiVersion": "v1", "metadata": { "name": "web", "namespace": "default", "resourceVersion": "206", "managedFields": [ { "manager": "kustomize-controller", "operation": "Apply", "apiVersion": "v1", "time": "2026-12-04T03:40:00Z", "fieldsType": "FieldsV1", "fieldsV1": { "f:stringData": { "f:user": {} } } } ] }, "data": { "user": "YWRtaW4=" }, "type": "Opaque" };

// A ServiceAccount that declares nothing beyond its name: the apiserver keeps no managedFields entry.
const liveServiceAccount: Obj = { "kind": "ServiceAccount", "apiVersion": "v1", "metadata": { "name": "web", "namespace": "default", "resourceVersion": "205" } };

const declaredDeployment = (): Obj => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' }, annotations: { team: 'a' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            args: ['--a', '--b'],
            env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }],
            ports: [{ containerPort: 8080 }],
            resources: { requests: { cpu: '1000m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } },
          },
          { name: 'sidecar', image: 'busybox:1.36' },
        ],
      },
    },
  },
});

const declaredService = (): Obj => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default' },
  spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
});

const declaredConfigMap = (): Obj => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'web', namespace: 'default', finalizers: ['example.com/keep'] },
  data: { mode: 'fast', level: '3' },
});

const verdict = (declared: Obj, live: Obj, manager = 'kustomize-controller'): NoOpVerdict =>
  appliesAsNoOp({ declared, live, manager, schema: schemaOf(String(declared.apiVersion), String(declared.kind), '1.37') });

const container = (d: Obj, index = 0) => ((d.spec as Obj).template as { spec: { containers: Obj[] } }).spec.containers[index];

const assertNoOp = (v: NoOpVerdict) => assert.deepEqual(v, { noOp: true });
const assertNotNoOp = (v: NoOpVerdict, reason: RegExp) => {
  assert.equal(v.noOp, false);
  assert.match((v as { reason: string }).reason, reason);
};

describe('appliesAsNoOp: the document as last applied', () => {
  it('a Deployment (list maps with defaulted keys, an atomic selector and list, 1000m for a live 1) is a no-op', () => {
    assertNoOp(verdict(declaredDeployment(), liveDeployment));
  });

  it('a Service (int-or-string targetPort, written as text or number) is a no-op', () => {
    assertNoOp(verdict(declaredService(), liveService));
    const text = declaredService();
    ((text.spec as Obj).ports as Obj[])[0].targetPort = '8080';
    assertNoOp(verdict(text, liveService));
  });

  it('a ConfigMap with a finalizer (a set) is a no-op, also after a person added a label', () => {
    assertNoOp(verdict(declaredConfigMap(), liveConfigMap));
    assertNoOp(verdict(declaredConfigMap(), liveConfigMapLabelled));
  });

  it('a ServiceAccount that declares nothing but its name is a no-op without any managedFields entry', () => {
    assertNoOp(verdict({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: 'default' } }, liveServiceAccount));
  });
});

describe('appliesAsNoOp: what the apply would change, or what cannot be proven, asks for the dry run', () => {
  it('a field the applier owns that the document dropped', () => {
    const d = declaredDeployment();
    delete (d.metadata as Obj).annotations;
    assertNotNoOp(verdict(d, liveDeployment), /no longer declares/);
    const env = declaredDeployment();
    (container(env).env as Obj[])[1] = { name: 'B' };
    assertNotNoOp(verdict(env, liveDeployment), /no longer declares/);
  });

  it('a changed value', () => {
    const d = declaredDeployment();
    container(d).image = 'nginx:1.28';
    assertNotNoOp(verdict(d, liveDeployment), /value differs at \.f:spec\.f:template\.f:spec\.f:containers\.k:\{"name":"web"\}\.f:image$/);
    const cm = declaredConfigMap();
    (cm.data as Obj).level = 3;
    assertNotNoOp(verdict(cm, liveConfigMap), /value differs/);
  });

  it('a quantity of another value (2 for a live 1), while 1000m is 1', () => {
    const d = declaredDeployment();
    ((container(d).resources as Obj).requests as Obj).cpu = '2';
    assertNotNoOp(verdict(d, liveDeployment), /value differs at .*f:requests\.f:cpu/);
    const same = declaredDeployment();
    ((container(same).resources as Obj).limits as Obj).cpu = 1;
    assertNoOp(verdict(same, liveDeployment));
  });

  it('a keyed list element added, removed or the elements reordered', () => {
    const added = declaredDeployment();
    (container(added).env as Obj[]).push({ name: 'C', value: '3' });
    assertNotNoOp(verdict(added, liveDeployment), /an element live lacks/);
    const removed = declaredDeployment();
    (container(removed).env as Obj[]).pop();
    assertNotNoOp(verdict(removed, liveDeployment), /no longer declares/);
    const reordered = declaredDeployment();
    container(reordered).env = [...(container(reordered).env as Obj[])].reverse();
    assertNotNoOp(verdict(reordered, liveDeployment), /another order/);
    const containers = declaredDeployment();
    const spec = ((containers.spec as Obj).template as { spec: { containers: Obj[] } }).spec;
    spec.containers = [...spec.containers].reverse();
    assertNotNoOp(verdict(containers, liveDeployment), /another order/);
  });

  it('an atomic list or map changed, or its order', () => {
    const args = declaredDeployment();
    container(args).args = ['--b', '--a'];
    assertNotNoOp(verdict(args, liveDeployment), /value differs at .*f:args/);
    const selector = declaredService();
    ((selector.spec as Obj).selector as Obj).tier = 'front';
    assertNotNoOp(verdict(selector, liveService), /value differs at \.f:spec\.f:selector/);
  });

  it('a set value live lacks, or in another order', () => {
    const d = declaredConfigMap();
    (d.metadata as Obj).finalizers = ['example.com/keep', 'example.com/other'];
    assertNotNoOp(verdict(d, liveConfigMap), /set value live lacks/);
  });

  it('a field another manager owns (a label a person added), or one whose ownership moved to a person', () => {
    const labelled = declaredConfigMap();
    (labelled.metadata as Obj).labels = { owner: 'me' };
    assertNotNoOp(verdict(labelled, liveConfigMapLabelled), /does not own \.f:metadata\.f:labels\.f:owner/);
    // kubectl edit took data.mode: declaring it (even with the live value) makes the applier take it back.
    const edited = declaredConfigMap();
    (edited.data as Obj).mode = 'slow';
    assertNotNoOp(verdict(edited, liveConfigMapEdited), /does not own \.f:data\.f:mode/);
    assertNotNoOp(verdict(declaredConfigMap(), liveConfigMapEdited), /value differs at \.f:data\.f:mode/);
  });

  it('empty maps, empty lists and nulls (the apiserver owns them as leaves live may lack)', () => {
    const emptyMap = declaredDeployment();
    container(emptyMap, 1).resources = {};
    assertNotNoOp(verdict(emptyMap, liveDeployment), /an empty map/);
    const emptyList = declaredDeployment();
    container(emptyList, 1).env = [];
    assertNotNoOp(verdict(emptyList, liveDeployment), /absent live|an empty list/);
    const nulls = declaredDeployment();
    (nulls.metadata as Obj).creationTimestamp = null;
    assertNotNoOp(verdict(nulls, liveDeployment), /creationTimestamp/);
    const annotations = declaredConfigMap();
    (annotations.metadata as Obj).annotations = {};
    assertNotNoOp(verdict(annotations, liveConfigMap), /absent live|an empty map/);
  });

  it('a declared field live lacks (a default the apiserver omits), or a server default spelled out', () => {
    const paused = declaredDeployment();
    (paused.spec as Obj).paused = false;
    assertNotNoOp(verdict(paused, liveDeployment), /absent live/);
    const policy = declaredDeployment();
    container(policy).imagePullPolicy = 'IfNotPresent';
    assertNotNoOp(verdict(policy, liveDeployment), /does not own \.f:spec\.f:template\.f:spec\.f:containers\.k:\{"name":"web"\}\.f:imagePullPolicy/);
  });

  it('another manager than the applier, and a ServiceAccount that declares something without an Apply entry', () => {
    assertNotNoOp(verdict(declaredDeployment(), liveDeployment, 'argocd-controller'), /has no Apply entry/);
    const sa = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: 'default', labels: { a: 'b' } } };
    assertNotNoOp(verdict(sa, liveServiceAccount), /absent live/);
    const mounted = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: 'default' }, automountServiceAccountToken: false };
    assertNotNoOp(verdict(mounted, { ...liveServiceAccount, automountServiceAccountToken: false }), /has no Apply entry/);
  });

  it('a Secret declared with stringData, a client-side applied object, status, another version, a custom resource', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'web', namespace: 'default' }, stringData: { user: 'admin' } };
    assertNotNoOp(verdict(secret, liveSecret), /stringData/);
    const annotated = clone(liveConfigMap);
    (annotated.metadata as Obj).annotations = { 'kubectl.kubernetes.io/last-applied-configuration': '{}' };
    assertNotNoOp(verdict(declaredConfigMap(), annotated), /client-side/);
    assertNotNoOp(verdict({ ...declaredConfigMap(), status: {} }, liveConfigMap), /status/);
    const otherVersion = clone(liveDeployment);
    ((otherVersion.metadata as Obj).managedFields as Obj[])[0].apiVersion = 'apps/v1beta2';
    assertNotNoOp(verdict(declaredDeployment(), otherVersion), /applied apps\/v1beta2/);
    const widget = { apiVersion: 'gitops.example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'default' }, spec: { size: 3 } };
    assertNotNoOp(verdict(widget, { ...widget, metadata: { ...widget.metadata, managedFields: [{ manager: 'kustomize-controller', operation: 'Apply', apiVersion: 'gitops.example.com/v1', fieldsV1: { 'f:spec': { 'f:size': {} } } }] } }), /no schema/);
  });

  it('a name or namespace other than live\'s', () => {
    const d = declaredConfigMap();
    (d.metadata as Obj).namespace = 'elsewhere';
    assertNotNoOp(verdict(d, liveConfigMap), /metadata\.namespace differs/);
  });
});
