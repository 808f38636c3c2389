// NET001–NET010 and REF001: firing and passing fixtures, exact ranges and severities, quick fixes re-linted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix, lintWithRules, type LintedFinding } from './ruleTestKit';

const deployment = (name: string, labels: string, ns = 'prod') => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: ${ns} }
spec:
  selector: { matchLabels: { ${labels} } }
  template:
    metadata:
      labels: { ${labels} }
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.2.3
          ports:
            - name: http
              containerPort: 8080
`;

const service = (name: string, selector: string, ports = '    - port: 80\n      targetPort: http\n', ns = 'prod') => `apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: ${ns} }
spec:
  selector: { ${selector} }
  ports:
${ports}`;

function one(findings: LintedFinding[], ruleId: string, text: string, severity: string): LintedFinding {
  assert.equal(findings.length, 1, `expected one ${ruleId} finding, got ${JSON.stringify(findings.map((f) => [f.ruleId, f.text, f.message]))}`);
  const [f] = findings;
  assert.equal(f.ruleId, ruleId);
  assert.equal(f.text, text);
  assert.equal(f.severity, severity);
  return f;
}
test('NET001: a NodePort Service is reported on `type` (information); ClusterIP and LoadBalancer (the shipped-off half) pass', () => {
  const yaml = service('web', 'app: web').replace('spec:\n', 'spec:\n  type: NodePort\n');
  const f = one(lintWithRules(yaml, { only: ['NET001'] }), 'NET001', 'type', 'info');
  assert.match(f.message, /`web` is of type `NodePort`/);
  assert.deepEqual(lintWithRules(service('web', 'app: web'), { only: ['NET001'] }), []);
  assert.deepEqual(lintWithRules(service('web', 'app: web').replace('spec:\n', 'spec:\n  type: LoadBalancer\n'), { only: ['NET001'] }), []);
});

test('NET002: a Service whose selector matches no pod template in its namespace (warning on `selector`)', () => {
  const files = { '/ws/svc.yaml': service('web', 'app: web'), '/ws/deploy.yaml': deployment('api', 'app: api') };
  const f = one(lintWithRules(files, { only: ['NET002'] }), 'NET002', 'selector', 'warning');
  assert.match(f.message, /no pod template in namespace `prod` has the labels app=web/);
});

test('NET002: passes when a workload matches, or when the namespace has no workloads in the workspace; other namespaces do not count', () => {
  assert.deepEqual(lintWithRules({ '/ws/svc.yaml': service('web', 'app: web'), '/ws/d.yaml': deployment('web', 'app: web') }, { only: ['NET002'] }), []);
  const other = { '/ws/svc.yaml': service('web', 'app: web'), '/ws/d.yaml': deployment('web', 'app: web', 'staging'), '/ws/a.yaml': deployment('api', 'app: api') };
  one(lintWithRules(other, { only: ['NET002'] }), 'NET002', 'selector', 'warning');
  assert.deepEqual(lintWithRules(service('web', 'app: web'), { only: ['NET002'] }), []);
});

test('NET002: an Argo Rollout counts as a workload (kube-score#430)', () => {
  const rollout = deployment('web', 'app: web').replace('apiVersion: apps/v1\nkind: Deployment', 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout');
  assert.deepEqual(lintWithRules({ '/ws/svc.yaml': service('web', 'app: web'), '/ws/r.yaml': rollout }, { only: ['NET002'] }), []);
});

test('NET003: a container port name that is not an IANA service name is an error on `name`', () => {
  const bad = deployment('web', 'app: web').replace('- name: http\n', '- name: http_web\n');
  const f = one(lintWithRules(bad, { only: ['NET003'] }), 'NET003', 'name', 'error');
  assert.match(f.message, /`http_web` of container `web`/);
  const long = deployment('web', 'app: web').replace('- name: http\n', '- name: metrics-endpoint\n');
  assert.match(one(lintWithRules(long, { only: ['NET003'] }), 'NET003', 'name', 'error').message, /1–15 characters/);
  assert.deepEqual(lintWithRules(deployment('web', 'app: web'), { only: ['NET003'] }), []);
});

test('NET003: a named targetPort no selected pod declares is a warning on `targetPort`', () => {
  const files = { '/ws/svc.yaml': service('web', 'app: web', '    - port: 80\n      targetPort: htp\n'), '/ws/d.yaml': deployment('web', 'app: web') };
  const f = one(lintWithRules(files, { only: ['NET003'] }), 'NET003', 'targetPort', 'warning');
  assert.match(f.message, /`htp` is not a port name of the selected pods \(Deployment\/web\)/);
  const ok = { '/ws/svc.yaml': service('web', 'app: web'), '/ws/d.yaml': deployment('web', 'app: web') };
  assert.deepEqual(lintWithRules(ok, { only: ['NET003'] }), []);
});

test('NET003: Service port names are DNS labels (up to 63 characters), not IANA service names', () => {
  const long = service('web', 'app: web', '    - name: http-metrics-endpoint\n      port: 80\n');
  assert.deepEqual(lintWithRules(long, { only: ['NET003'] }), []);
  const bad = service('web', 'app: web', '    - name: Http_Metrics\n      port: 80\n');
  one(lintWithRules(bad, { only: ['NET003'] }), 'NET003', 'name', 'error');
});

const ingress = (backend: string, extra = '') => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: shop, namespace: prod }
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
${backend}
${extra}`;
const backend = (name: string, port: string) => `                name: ${name}\n                port:\n                  ${port}`;

test('NET004: a backend Service missing from the workspace is a warning on its `name`', () => {
  const files = { '/ws/ing.yaml': ingress(backend('shop', 'number: 80')), '/ws/svc.yaml': service('web', 'app: web') };
  const f = one(lintWithRules(files, { only: ['NET004'] }), 'NET004', 'name', 'warning');
  assert.match(f.message, /`shop` is not defined in the workspace in namespace `prod`/);
});

test('NET004: a port the Service does not expose is reported on `number` / `name`; passes when both exist', () => {
  const byNumber = { '/ws/ing.yaml': ingress(backend('web', 'number: 8080')), '/ws/svc.yaml': service('web', 'app: web') };
  assert.match(one(lintWithRules(byNumber, { only: ['NET004'] }), 'NET004', 'number', 'warning').message, /does not expose port 8080/);
  const byName = { '/ws/ing.yaml': ingress(backend('web', 'name: grpc')), '/ws/svc.yaml': service('web', 'app: web', '    - name: http\n      port: 80\n') };
  assert.match(one(lintWithRules(byName, { only: ['NET004'] }), 'NET004', 'name', 'warning').message, /no port named `grpc`/);
  const ok = { '/ws/ing.yaml': ingress(backend('web', 'number: 80')), '/ws/svc.yaml': service('web', 'app: web') };
  assert.deepEqual(lintWithRules(ok, { only: ['NET004'] }), []);
  const elsewhere = { '/ws/ing.yaml': ingress(backend('web', 'number: 80')), '/ws/svc.yaml': service('web', 'app: web', undefined, 'staging') };
  one(lintWithRules(elsewhere, { only: ['NET004'] }), 'NET004', 'name', 'warning');
});

test('NET005: an Ingress without tls (information on `spec`); the skeleton fix adds the hosts and a secret', () => {
  const yaml = ingress(backend('web', 'number: 80')).replace('  ingressClassName: nginx\n', '  # the public class\n  ingressClassName: nginx\n');
  const f = one(lintWithRules(yaml, { only: ['NET005'] }), 'NET005', 'spec', 'info');
  assert.match(f.message, /`shop` has no TLS/);
  const fixed = applyFix(yaml, f, 'Add a `spec.tls` skeleton');
  assert.match(fixed, /# the public class/);
  assert.match(fixed, /tls:\n {4}- hosts:\n {8}- shop\.example\.com\n {6}secretName: shop-tls\n/);
  assert.deepEqual(lintWithRules(fixed, { only: ['NET005', 'schema', 'yaml'] }), []);
});

test('NET005: an empty tls list is reported on `tls` and fixed in place; an Ingress with tls passes', () => {
  const yaml = ingress(backend('web', 'number: 80'), '  tls: [] # to do\n');
  const f = one(lintWithRules(yaml, { only: ['NET005'] }), 'NET005', 'tls', 'info');
  const fixed = applyFix(yaml, f);
  assert.match(fixed, /# to do/);
  assert.deepEqual(lintWithRules(fixed, { only: ['NET005', 'schema', 'yaml'] }), []);
  const withTls = ingress(backend('web', 'number: 80'), '  tls:\n    - hosts: [shop.example.com]\n      secretName: shop-tls\n');
  assert.deepEqual(lintWithRules(withTls, { only: ['NET005'] }), []);
});

const approved = { approvedIngressDomains: ['example.com', '*.apps.example.com'] };

test('NET006: hosts outside the approved domains are errors on each host, wildcard `*` included', () => {
  const yaml = ingress(backend('web', 'number: 80'), '  tls:\n    - hosts:\n        - shop.evil.io\n        - a.apps.example.com\n      secretName: s\n').replace('host: shop.example.com', 'host: "*"');
  const findings = lintWithRules(yaml, { only: ['NET006'], config: approved });
  assert.deepEqual(findings.map((f) => [f.text, f.severity]), [['host', 'error'], ['shop.evil.io', 'error']]);
  assert.match(findings[0].message, /Wildcard host `\*`/);
  assert.match(findings[1].message, /`shop\.evil\.io` is not under an approved domain \(example\.com, \*\.apps\.example\.com\)/);
});

test('NET006: `example.com` approves exactly that host, `*.apps.example.com` any name under it; silent when not configured', () => {
  const host = (h: string) => ingress(backend('web', 'number: 80')).replace('host: shop.example.com', `host: "${h}"`);
  for (const ok of ['example.com', 'a.apps.example.com', 'x.y.apps.example.com', '*.apps.example.com', 'EXAMPLE.com']) {
    assert.deepEqual(lintWithRules(host(ok), { only: ['NET006'], config: approved }), [], ok);
  }
  for (const bad of ['shop.example.com', 'apps.example.com', 'notexample.com', 'evil-apps.example.com']) {
    assert.equal(lintWithRules(host(bad), { only: ['NET006'], config: approved }).length, 1, bad);
  }
  const yaml = ingress(backend('web', 'number: 80')).replace('host: shop.example.com', 'host: shop.evil.io');
  assert.deepEqual(lintWithRules(yaml, { only: ['NET006'] }), []);
});

test('NET006: Gateway API HTTPRoute/GRPCRoute hostnames and Gateway listener hostnames', () => {
  const route = (kind: string) => `apiVersion: gateway.networking.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: r\nspec:\n  hostnames:\n    - a.apps.example.com\n    - shop.evil.io\n`;
  for (const kind of ['HTTPRoute', 'GRPCRoute']) {
    one(lintWithRules(route(kind), { only: ['NET006'], config: approved }), 'NET006', 'shop.evil.io', 'error');
  }
  const gateway = `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: g\nspec:\n  gatewayClassName: x\n  listeners:\n    - name: https\n      hostname: "*.evil.io"\n      port: 443\n      protocol: HTTPS\n`;
  one(lintWithRules(gateway, { only: ['NET006'], config: approved }), 'NET006', 'hostname', 'error');
});

test('NET006: Istio VirtualService hosts and Gateway server hosts; mesh-internal names are not ingress hosts', () => {
  const vs = `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: v\nspec:\n  hosts:\n    - reviews\n    - reviews.prod.svc.cluster.local\n    - shop.evil.io\n`;
  one(lintWithRules(vs, { only: ['NET006'], config: approved }), 'NET006', 'shop.evil.io', 'error');
  const gw = `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: g\nspec:\n  servers:\n    - port: { number: 443, name: https, protocol: HTTPS }\n      hosts:\n        - prod/a.apps.example.com\n        - prod/shop.evil.io\n`;
  one(lintWithRules(gw, { only: ['NET006'], config: approved }), 'NET006', 'prod/shop.evil.io', 'error');
});

test('NET007: a workload no NetworkPolicy selects is reported on its pod labels (information)', () => {
  const f = one(lintWithRules(deployment('web', 'app: web'), { only: ['NET007'] }), 'NET007', 'labels', 'info');
  assert.match(f.message, /No NetworkPolicy in namespace `prod` selects the pods of Deployment `web`/);
});

const policy = (selector: string, ns = 'prod', extra = '') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: p, namespace: ${ns} }
spec:
  podSelector: ${selector}
  policyTypes: [Ingress]
${extra}`;

test('NET007: `podSelector: {}` selects every pod of its namespace; matchExpressions count; Jobs are not Wlong', () => {
  assert.deepEqual(lintWithRules({ '/ws/d.yaml': deployment('web', 'app: web'), '/ws/np.yaml': policy('{}') }, { only: ['NET007'] }), []);
  const expr = policy('\n    matchExpressions:\n      - { key: app, operator: In, values: [web, api] }');
  assert.deepEqual(lintWithRules({ '/ws/d.yaml': deployment('web', 'app: web'), '/ws/np.yaml': expr }, { only: ['NET007'] }), []);
  const notIn = policy('\n    matchExpressions:\n      - { key: app, operator: NotIn, values: [web] }');
  one(lintWithRules({ '/ws/d.yaml': deployment('web', 'app: web'), '/ws/np.yaml': notIn }, { only: ['NET007'] }), 'NET007', 'labels', 'info');
  one(lintWithRules({ '/ws/d.yaml': deployment('web', 'app: web'), '/ws/np.yaml': policy('{}', 'staging') }, { only: ['NET007'] }), 'NET007', 'labels', 'info');
  const job = `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  template:\n    metadata:\n      labels: { app: j }\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: j\n          image: busybox:1.36\n`;
  assert.deepEqual(lintWithRules(job, { only: ['NET007'] }), []);
});

test('NET008: a NetworkPolicy podSelector or peer podSelector matching no pod template (information)', () => {
  const files = { '/ws/np.yaml': policy('\n    matchLabels:\n      app: ghost'), '/ws/d.yaml': deployment('web', 'app: web') };
  const f = one(lintWithRules(files, { only: ['NET008'] }), 'NET008', 'podSelector', 'info');
  assert.match(f.message, /podSelector app=ghost matches no pod template in namespace `prod`/);
  const peer = policy('{}', 'prod', '  ingress:\n    - from:\n        - podSelector:\n            matchLabels: { app: ghost }\n        - namespaceSelector: {}\n          podSelector:\n            matchLabels: { app: elsewhere }\n');
  assert.match(one(lintWithRules({ '/ws/np.yaml': peer, '/ws/d.yaml': deployment('web', 'app: web') }, { only: ['NET008'] }), 'NET008', 'podSelector', 'info').message, /ingress peer podSelector/);
  assert.deepEqual(lintWithRules({ '/ws/np.yaml': policy('\n    matchLabels:\n      app: web'), '/ws/d.yaml': deployment('web', 'app: web') }, { only: ['NET008'] }), []);
});

test('NET008: ServiceMonitor selects Services, PodMonitor pod templates, in namespaceSelector namespaces', () => {
  const monitor = (kind: string, labels: string, nsSel = '') => `apiVersion: monitoring.coreos.com/v1\nkind: ${kind}\nmetadata:\n  name: m\n  namespace: monitoring\nspec:\n  selector:\n    matchLabels:\n      ${labels}\n${nsSel}`;
  const svc = service('web', 'app: web').replace('namespace: prod }', 'namespace: prod, labels: { team: shop } }');
  const ws = (m: string) => ({ '/ws/m.yaml': m, '/ws/s.yaml': svc, '/ws/d.yaml': deployment('web', 'app: web') });
  one(lintWithRules(ws(monitor('ServiceMonitor', 'team: shop')), { only: ['NET008'] }), 'NET008', 'selector', 'info');
  assert.deepEqual(lintWithRules(ws(monitor('ServiceMonitor', 'team: shop', '  namespaceSelector:\n    matchNames: [prod]\n')), { only: ['NET008'] }), []);
  assert.deepEqual(lintWithRules(ws(monitor('PodMonitor', 'app: web', '  namespaceSelector:\n    any: true\n')), { only: ['NET008'] }), []);
  const f = one(lintWithRules(ws(monitor('PodMonitor', 'team: shop', '  namespaceSelector:\n    any: true\n')), { only: ['NET008'] }), 'NET008', 'selector', 'info');
  assert.match(f.message, /PodMonitor selector team=shop matches no pod template/);
});

test('NET009: containerPort 22/TCP is a warning on `containerPort`; UDP 22 and 2222 pass', () => {
  const ssh = deployment('web', 'app: web').replace('containerPort: 8080', 'containerPort: 22');
  assert.match(one(lintWithRules(ssh, { only: ['NET009'] }), 'NET009', 'containerPort', 'warning').message, /`web` exposes SSH/);
  assert.deepEqual(lintWithRules(ssh.replace('containerPort: 22', 'containerPort: 22\n              protocol: UDP'), { only: ['NET009'] }), []);
  assert.deepEqual(lintWithRules(ssh.replace('containerPort: 22', 'containerPort: 2222'), { only: ['NET009'] }), []);
});

test('NET010: nginx snippet annotations are information; with lua or alias a warning (CVE-2021-25742)', () => {
  const annotated = (a: string) => ingress(backend('web', 'number: 80')).replace('metadata: { name: shop, namespace: prod }\n', `metadata:\n  name: shop\n  annotations:\n${a}`);
  const plain = annotated('    nginx.ingress.kubernetes.io/configuration-snippet: |\n      more_set_headers "X-Frame-Options: DENY";\n');
  one(lintWithRules(plain, { only: ['NET010'] }), 'NET010', 'nginx.ingress.kubernetes.io/configuration-snippet', 'info');
  const lua = annotated('    nginx.ingress.kubernetes.io/server-snippet: |\n      content_by_lua_block { ngx.say("x") }\n');
  assert.match(one(lintWithRules(lua, { only: ['NET010'] }), 'NET010', 'nginx.ingress.kubernetes.io/server-snippet', 'warning').message, /`lua`/);
  const alias = annotated('    nginx.ingress.kubernetes.io/auth-snippet: "alias /etc/;"\n');
  one(lintWithRules(alias, { only: ['NET010'] }), 'NET010', 'nginx.ingress.kubernetes.io/auth-snippet', 'warning');
  assert.deepEqual(lintWithRules(annotated('    nginx.ingress.kubernetes.io/rewrite-target: /\n'), { only: ['NET010'] }), []);
});

const pod = (spec: string) => `apiVersion: v1\nkind: Pod\nmetadata: { name: app, namespace: prod }\nspec:\n${spec}`;
const configMap = (name: string, ns = 'prod') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${ns}\ndata:\n  k: v\n`;
const secret = (name: string) => `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  namespace: prod\nstringData:\n  k: v\n`;
const envPod = (ref: string) => pod(`  containers:\n    - name: web\n      image: registry.example.com/web:1.2.3\n      env:\n        - name: K\n          valueFrom:\n            ${ref}\n`);

test('REF001: a ConfigMap referenced from env that the workspace does not define (information on `name`)', () => {
  const files = { '/ws/pod.yaml': envPod('configMapKeyRef: { name: app-config, key: k }'), '/ws/cm.yaml': configMap('other') };
  const f = one(lintWithRules(files, { only: ['REF001'] }), 'REF001', 'name', 'info');
  assert.equal(f.message, 'ConfigMap `app-config` (container `web` env) is not defined in the workspace for namespace `prod`');
  assert.deepEqual(lintWithRules({ ...files, '/ws/cm2.yaml': configMap('app-config') }, { only: ['REF001'] }), []);
  one(lintWithRules({ ...files, '/ws/cm2.yaml': configMap('app-config', 'staging') }, { only: ['REF001'] }), 'REF001', 'name', 'info');
});

test('REF001: `optional: true` references never fire', () => {
  const files = { '/ws/pod.yaml': envPod('secretKeyRef: { name: maybe, key: k, optional: true }'), '/ws/s.yaml': secret('other') };
  assert.deepEqual(lintWithRules(files, { only: ['REF001'] }), []);
});

test('REF001: silent when the workspace defines no object of that kind (Secrets managed outside Git)', () => {
  assert.deepEqual(lintWithRules(envPod('secretKeyRef: { name: db, key: password }'), { only: ['REF001'] }), []);
});

test('REF001: Secrets produced by SealedSecret, ExternalSecret, cert-manager and kustomize generators count', () => {
  const envFrom = '[{ secretRef: { name: sealed } }, { secretRef: { name: external-target } }, { configMapRef: { name: generated } }]';
  const files = {
    '/ws/pod.yaml': pod(`  containers:\n    - { name: web, image: r.example.com/web:1.2.3, envFrom: ${envFrom} }\n  volumes: [{ name: tls, secret: { secretName: web-tls } }]\n`),
    '/ws/plain.yaml': secret('plain'),
    '/ws/cm.yaml': configMap('plain'),
    '/ws/sealed.yaml': 'apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: sealed\n  namespace: prod\nspec:\n  encryptedData: { k: AgB= }\n',
    '/ws/external.yaml': 'apiVersion: external-secrets.io/v1beta1\nkind: ExternalSecret\nmetadata:\n  name: ext\n  namespace: prod\nspec:\n  target: { name: external-target }\n',
    '/ws/cert.yaml': 'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata:\n  name: web\n  namespace: prod\nspec:\n  secretName: web-tls\n',
    '/ws/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nconfigMapGenerator:\n  - name: generated\n    literals: [a=b]\n',
  };
  assert.deepEqual(lintWithRules(files, { only: ['REF001'] }), []);
  const withoutSealed = Object.fromEntries(Object.entries(files).filter(([path]) => path !== '/ws/sealed.yaml'));
  one(lintWithRules(withoutSealed, { only: ['REF001'] }), 'REF001', 'name', 'info');
});

test('REF001: serviceAccountName, envFrom, volumes, PVC claims and imagePullSecrets are all checked; `default` SA is built in', () => {
  const refs = pod(`  serviceAccountName: app-sa
  imagePullSecrets: [{ name: regcred }]
  containers:
    - name: web
      image: registry.example.com/web:1.2.3
      envFrom: [{ configMapRef: { name: env-cm } }]
  volumes: [{ name: data, persistentVolumeClaim: { claimName: data } }, { name: conf, configMap: { name: conf } }]
`);
  const files = {
    '/ws/pod.yaml': refs,
    '/ws/others.yaml': [secret('other'), configMap('other'), 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: other\n  namespace: prod\n', 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: other\n  namespace: prod\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: { requests: { storage: 1Gi } }\n'].join('---\n'),
  };
  const findings = lintWithRules(files, { only: ['REF001'] });
  assert.deepEqual(findings.map((f) => [f.text, f.severity]), [['serviceAccountName', 'info'], ['name', 'info'], ['name', 'info'], ['claimName', 'info'], ['name', 'info']]);
  assert.deepEqual(findings.map((f) => f.message.split(' (')[0]), ['ServiceAccount `app-sa`', 'Secret `regcred`', 'ConfigMap `env-cm`', 'PersistentVolumeClaim `data`', 'ConfigMap `conf`']);
  assert.match(findings[3].message, /^PersistentVolumeClaim `data` \(volume `data`\)/);
  assert.deepEqual(lintWithRules({ ...files, '/ws/pod.yaml': pod('  serviceAccountName: default\n  containers:\n    - name: web\n      image: registry.example.com/web:1.2.3\n') }, { only: ['REF001'] }), []);
});
