// The Kubernetes snippets: each expands (defaults accepted) to valid YAML with the stable API version
// of its kind, and workloads follow the rule catalogue (resources, probes, restricted security context).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { expandSnippet } from './snippet-expand';

interface Snippet {
  prefix: string | string[];
  description: string;
  body: string | string[];
}
// Manifests are plain data: the tests walk them loosely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Manifest = Record<string, any>;

const snippets: Record<string, Snippet> = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'snippets', 'kubernetes.json'), 'utf8'),
);

/** The stable API version each kind must be written with for Kubernetes 1.37. */
const apiVersionOfKind: Record<string, string> = {
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
  Service: 'v1',
  ConfigMap: 'v1',
  Secret: 'v1',
  ServiceAccount: 'v1',
  Namespace: 'v1',
  LimitRange: 'v1',
  ResourceQuota: 'v1',
  Ingress: 'networking.k8s.io/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
  PodDisruptionBudget: 'policy/v1',
  Role: 'rbac.authorization.k8s.io/v1',
  RoleBinding: 'rbac.authorization.k8s.io/v1',
  Kustomization: 'kustomize.config.k8s.io/v1beta1',
};

const longRunningKinds = ['Deployment', 'StatefulSet', 'DaemonSet'];
const workloadKinds = [...longRunningKinds, 'Job', 'CronJob'];

function manifestsOf(snippet: Snippet): Manifest[] {
  const documents = parseAllDocuments(expandSnippet(snippet.body));
  return (Array.isArray(documents) ? documents : [documents]).map((document) => {
    assert.deepEqual(document.errors.map(String), [], 'YAML errors');
    assert.deepEqual(document.warnings.map(String), [], 'YAML warnings');
    return document.toJS() as Manifest;
  });
}

const all = Object.entries(snippets).map(([name, snippet]) => ({ name, snippet, manifests: manifestsOf(snippet) }));
const byKind = (kind: string): Manifest => {
  const found = all.flatMap((s) => s.manifests).find((m) => m.kind === kind);
  assert.ok(found, `no snippet for ${kind}`);
  return found;
};

function podTemplateOf(workload: Manifest): Manifest {
  return workload.kind === 'CronJob' ? workload.spec.jobTemplate.spec.template : workload.spec.template;
}

const tabStopIndexes = (body: string): number[] =>
  [...body.matchAll(/(?<!\\)\$(?:\{)?(\d+)/g)].map((m) => Number(m[1])).filter((i) => i > 0);

describe('snippets file', () => {
  it('covers every kind we promise', () => {
    const kinds = new Set(all.flatMap((s) => s.manifests.map((m) => m.kind)));
    assert.deepEqual([...kinds].sort(), Object.keys(apiVersionOfKind).sort());
  });

  it('has unique prefixes', () => {
    const prefixes = all.flatMap(({ snippet }) => [snippet.prefix].flat());
    assert.equal(new Set(prefixes).size, prefixes.length);
  });
});

for (const { name, snippet, manifests } of all) {
  describe(name, () => {
    it('has a k8s- prefix, a description and an indented-with-spaces body', () => {
      assert.ok([snippet.prefix].flat().some((p) => p.startsWith('k8s-')));
      assert.ok(snippet.description.length > 20);
      const body = [snippet.body].flat().join('\n');
      assert.ok(!body.includes('\t'), 'tabs in YAML');
      assert.match(body, /\$0/, 'no final cursor position');
    });

    it('numbers its tab stops 1..n without gaps', () => {
      const indexes = [...new Set(tabStopIndexes([snippet.body].flat().join('\n')))].sort((a, b) => a - b);
      assert.deepEqual(indexes, indexes.map((_, i) => i + 1));
    });

    it('expands to documents with the stable apiVersion of their kind', () => {
      for (const manifest of manifests) {
        assert.ok(manifest.kind, 'kind');
        assert.equal(manifest.apiVersion, apiVersionOfKind[manifest.kind], `${manifest.kind} apiVersion`);
      }
    });

    it('names and labels every object with app.kubernetes.io/name', () => {
      for (const manifest of manifests.filter((m) => m.kind !== 'Kustomization')) {
        assert.match(manifest.metadata.name, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
        assert.ok(manifest.metadata.labels?.['app.kubernetes.io/name'], `${manifest.kind} label`);
      }
    });
  });
}

describe('workload snippets follow the rule catalogue', () => {
  for (const kind of workloadKinds) {
    describe(kind, () => {
      const workload = byKind(kind);
      const template = podTemplateOf(workload);
      const pod = template.spec;
      const containers: Manifest[] = pod.containers;

      it('labels the pod template and selects it (REL010, META001)', () => {
        const labels = template.metadata.labels;
        assert.ok(labels['app.kubernetes.io/name']);
        if (longRunningKinds.includes(kind)) {
          for (const [key, value] of Object.entries(workload.spec.selector.matchLabels)) assert.equal(labels[key], value);
        }
      });

      it('runs as non-root with RuntimeDefault seccomp and no service account token (SEC010, SEC011, SEC013, SEC021)', () => {
        assert.equal(pod.securityContext.runAsNonRoot, true);
        assert.ok(pod.securityContext.runAsUser >= 10000);
        assert.ok(pod.securityContext.runAsGroup >= 10000);
        assert.equal(pod.securityContext.seccompProfile.type, 'RuntimeDefault');
        assert.equal(pod.automountServiceAccountToken, false);
      });

      for (const container of containers) {
        it(`container ${container.name}: pinned image, requests and limits, hardened securityContext`, () => {
          assert.match(container.image, /^[^@]+:(?!latest$)[\w][\w.-]*$/, 'image tag pinned, not latest (IMG001)');
          for (const resource of ['cpu', 'memory']) {
            assert.ok(container.resources.requests[resource], `requests.${resource} (RES001)`);
            assert.ok(container.resources.limits[resource], `limits.${resource} (RES002)`);
          }
          assert.equal(container.securityContext.allowPrivilegeEscalation, false);
          assert.equal(container.securityContext.readOnlyRootFilesystem, true);
          assert.ok(container.securityContext.capabilities.drop.includes('ALL'));
          assert.equal(container.securityContext.privileged, undefined);
          const writable = container.volumeMounts.find((m: Manifest) => m.mountPath === '/tmp');
          assert.ok(pod.volumes.some((v: Manifest) => v.name === writable?.name && v.emptyDir), 'emptyDir at /tmp');
        });

        if (longRunningKinds.includes(kind)) {
          it(`container ${container.name}: distinct readiness and liveness probes on a declared port (REL001-REL004)`, () => {
            const portNames = container.ports.map((p: Manifest) => p.name);
            for (const probe of [container.readinessProbe, container.livenessProbe]) {
              assert.ok(probe?.httpGet, 'probe');
              assert.ok(portNames.includes(probe.httpGet.port), `probe port ${probe.httpGet.port} declared`);
            }
            assert.notDeepEqual(container.readinessProbe, container.livenessProbe);
          });
        }
      }

      if (kind === 'Deployment' || kind === 'StatefulSet') {
        it('runs at least two replicas spread over nodes (REL005, REL009)', () => {
          assert.ok(workload.spec.replicas >= 2);
          const [constraint] = pod.topologySpreadConstraints;
          assert.equal(constraint.topologyKey, 'kubernetes.io/hostname');
          assert.deepEqual(constraint.labelSelector.matchLabels, workload.spec.selector.matchLabels);
        });
      }

      if (kind === 'Job' || kind === 'CronJob') {
        it('never restarts in place and cleans up (REL013, OPS002)', () => {
          assert.ok(['Never', 'OnFailure'].includes(pod.restartPolicy));
          if (kind === 'Job') assert.ok(workload.spec.ttlSecondsAfterFinished > 0);
          if (kind === 'CronJob') {
            assert.ok(workload.spec.startingDeadlineSeconds > 0);
            assert.equal(workload.spec.jobTemplate.spec.ttlSecondsAfterFinished, undefined);
            assert.equal(workload.spec.concurrencyPolicy, 'Forbid');
          }
        });
      }
    });
  }

  it('StatefulSet comes with the headless Service it names (REL012)', () => {
    const snippet = all.find((s) => s.manifests.some((m) => m.kind === 'StatefulSet'));
    const statefulSet = snippet?.manifests.find((m) => m.kind === 'StatefulSet');
    const service = snippet?.manifests.find((m) => m.kind === 'Service');
    assert.equal(service?.spec.clusterIP, 'None');
    assert.equal(service?.metadata.name, statefulSet?.spec.serviceName);
    assert.deepEqual(service?.spec.selector, statefulSet?.spec.selector.matchLabels);
  });
});

describe('other snippets follow the rule catalogue', () => {
  it('Service, PDB and HPA fit the Deployment snippet', () => {
    const deployment = byKind('Deployment');
    const podLabels = deployment.spec.template.metadata.labels;
    const service = byKind('Service');
    assert.equal(service.spec.type, 'ClusterIP');
    for (const [key, value] of Object.entries(service.spec.selector)) assert.equal(podLabels[key], value);
    const portNames = deployment.spec.template.spec.containers[0].ports.map((p: Manifest) => p.name);
    assert.ok(portNames.includes(service.spec.ports[0].targetPort), 'Service targetPort names a container port (NET003)');

    const pdb = byKind('PodDisruptionBudget');
    for (const [key, value] of Object.entries(pdb.spec.selector.matchLabels)) assert.equal(podLabels[key], value);
    assert.ok(pdb.spec.maxUnavailable >= 1, 'allows a disruption (REL007)');
    assert.equal(pdb.spec.unhealthyPodEvictionPolicy, 'AlwaysAllow');

    const hpa = byKind('HorizontalPodAutoscaler');
    assert.equal(hpa.spec.scaleTargetRef.kind, 'Deployment');
    assert.equal(hpa.spec.scaleTargetRef.name, deployment.metadata.name);
    assert.ok(hpa.spec.minReplicas >= 2, 'HPA001');
    assert.ok(hpa.spec.maxReplicas > hpa.spec.minReplicas, 'HPA001');
    assert.ok(hpa.spec.minReplicas > pdb.spec.maxUnavailable, 'the PDB never blocks all evictions at minReplicas');
  });

  it('Ingress has TLS for its host and routes to the Service port by name (NET004, NET005)', () => {
    const ingress = byKind('Ingress');
    const host = ingress.spec.rules[0].host;
    assert.ok(ingress.spec.tls[0].hosts.includes(host));
    const backend = ingress.spec.rules[0].http.paths[0].backend.service;
    assert.equal(backend.name, byKind('Service').metadata.name);
    assert.equal(backend.port.name, byKind('Service').spec.ports[0].name);
  });

  it('Secret only holds a stringData placeholder, ConfigMap no secret-looking keys (SEC023)', () => {
    const secret = byKind('Secret');
    assert.equal(secret.data, undefined);
    assert.deepEqual(Object.values(secret.stringData), ['replace-me']);
    for (const key of Object.keys(byKind('ConfigMap').data)) assert.doesNotMatch(key, /secret|password|token|bearer/i);
  });

  it('ServiceAccount does not mount its token (SEC021)', () => {
    assert.equal(byKind('ServiceAccount').automountServiceAccountToken, false);
  });

  it('NetworkPolicy denies all ingress and egress', () => {
    const policy = byKind('NetworkPolicy');
    assert.deepEqual(policy.spec.podSelector, {});
    assert.deepEqual(policy.spec.policyTypes, ['Ingress', 'Egress']);
    assert.equal(policy.spec.ingress, undefined);
    assert.equal(policy.spec.egress, undefined);
  });

  it('Role is read-only without wildcards or secrets, bound to a dedicated ServiceAccount (RBAC001, RBAC003, RBAC006)', () => {
    const role = byKind('Role');
    for (const rule of role.rules) {
      assert.ok(!rule.verbs.includes('*') && !rule.resources.includes('*'));
      assert.ok(!rule.resources.includes('secrets'));
      assert.deepEqual(rule.verbs, ['get', 'list', 'watch']);
    }
    const binding = byKind('RoleBinding');
    assert.deepEqual(binding.roleRef, { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name });
    assert.ok(binding.subjects.every((s: Manifest) => s.kind === 'ServiceAccount' && s.name !== 'default'));
  });

  it('Namespace enforces the restricted Pod Security Standard', () => {
    const labels = byKind('Namespace').metadata.labels;
    assert.equal(labels['pod-security.kubernetes.io/enforce'], 'restricted');
    assert.equal(labels['pod-security.kubernetes.io/warn'], 'restricted');
  });

  it('LimitRange sets container defaults, ResourceQuota caps requests, memory limits and pods (RES006, RES007)', () => {
    const [limit] = byKind('LimitRange').spec.limits;
    assert.equal(limit.type, 'Container');
    assert.ok(limit.default.memory && limit.defaultRequest.memory && limit.defaultRequest.cpu);
    const hard = byKind('ResourceQuota').spec.hard;
    for (const key of ['requests.cpu', 'requests.memory', 'limits.memory', 'pods']) assert.ok(hard[key], key);
  });

  it('Kustomization pins an image tag as a string', () => {
    const kustomization = byKind('Kustomization');
    assert.ok(kustomization.resources.length > 0);
    assert.equal(typeof kustomization.images[0].newTag, 'string');
  });
});
