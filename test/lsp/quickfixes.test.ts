// Every quick fix the server offers on a file full of problems, applied through the LSP client one at a time to
// the original text and re-linted: the finding it fixes is gone, no YAML or schema error appears, and every
// comment survives.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CodeAction, Diagnostic, Range } from 'vscode-languageserver/node';
import { applyEdits, fileUri, startLanguageServer, type LspSession } from './lspClient';

const MANIFESTS = `# shop: everything a review would flag
apiVersion: v1
kind: Namespace
metadata:
  name: shop # no LimitRange, no ResourceQuota
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web # the storefront
  namespace: shop
  labels:
    app.kubernetes.io/name: web
spec:
  replicas: 3 # an autoscaler owns this
  selector:
    matchLabels:
      app.kubernetes.io/name: web
  template:
    metadata:
      labels:
        app.kubernetes.io/name: web
    spec:
      hostNetwork: true # legacy agent
      hostPID: true
      hostIPC: true
      terminationGracePeriodSeconds: 0
      containers:
        - name: web # main container
          image: registry.example.com/shop/web:latest
          imagePullPolicy: IfNotPresent
          ports:
            - containerPort: 8080
              hostPort: 8080
          securityContext:
            privileged: true
            capabilities:
              add: [NET_ADMIN]
        - name: sidecar
          image: busybox:1.36 # pinned by tag only
          command: [sh, -c, "sleep 3600"]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  namespace: shop
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 1 # one pod during quiet hours
  maxReplicas: 1
  metrics:
    - type: Resource
      resource:
        name: cpu
        target: { type: Utilization, averageUtilization: 80 }
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  labels:
    app.kubernetes.io/name: web
spec:
  type: NodePort # for the old load balancer
  selector:
    app.kubernetes.io/name: web
  ports:
    - port: 80
      targetPort: 8080
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  labels:
    app.kubernetes.io/name: web
spec:
  tls: [] # certificates come later
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api # internal API
  namespace: shop
  labels:
    app.kubernetes.io/name: api
spec:
  replicas: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: api
  template:
    metadata:
      labels:
        app.kubernetes.io/name: api
    spec:
      containers:
        - name: api
          image: registry.example.com/shop/api:2.4.1 # released on Mondays
          ports:
            - containerPort: 9090
              name: http
---
apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
  labels:
    app.kubernetes.io/name: api
spec:
  selector:
    app.kubernetes.io/name: api
  ports:
    - port: 80
      targetPort: http
---
apiVersion: policy/v1beta1 # removed in 1.25
kind: PodDisruptionBudget
metadata:
  name: web
  namespace: shop
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: web
`;

let lsp: LspSession;
let version = 1;
let uri = '';

async function lint(text: string): Promise<Diagnostic[]> {
  version++;
  if (version === 2) lsp.open(uri, text);
  else lsp.change(uri, version, text);
  return lsp.diagnostics(uri, () => true, version === 2 ? 1 : version);
}

const isProblem = (d: Diagnostic) => d.code === 'schema' || d.code === 'yaml';
const key = (d: Diagnostic) => `${String(d.code)} ${d.message}`;

/** Lines an edit removes whole (from their first character to their end) without writing them back. */
function deletedLines(text: string, edits: { range: Range; newText: string }[]): Set<number> {
  const lines = text.split('\n');
  const out = new Set<number>();
  for (const { range, newText } of edits) {
    for (let i = range.start.line; i <= range.end.line && i < lines.length; i++) {
      const from = i === range.start.line ? range.start.character : 0;
      const whole = from <= lines[i].length - lines[i].trimStart().length && (i < range.end.line || range.end.character >= lines[i].length);
      if (whole && !newText.includes(lines[i].trim())) out.add(i);
    }
  }
  return out;
}

after(async () => {
  await lsp?.stop();
});

for (const profile of ['baseline', 'restricted']) {
  test(`every quick fix (${profile} profile), applied alone, removes its finding without breaking the file or its comments`, async () => {
    await lsp?.stop();
    lsp = await startLanguageServer({ settings: { rules: { profile, optional: ['OPS001'] } } });
    version = 1;
    uri = fileUri(join(mkdtempSync(join(tmpdir(), 'gm-lsp-fixes-')), 'shop.yaml'));
    await fixesHold(profile === 'baseline' ? 20 : 25);
  });
}

async function fixesHold(atLeast: number): Promise<void> {
  const before = await lint(MANIFESTS);
  assert.deepEqual(before.filter(isProblem).map(key), [], 'the fixture is valid apart from its best-practice findings');
  // Asked at each finding; an action names the finding it fixes (several can share a range).
  const offered = new Map<string, { diagnostic: Diagnostic; action: CodeAction }>();
  for (const d of before) {
    for (const action of await lsp.codeActions(uri, d.range, [d])) {
      if (action.title.startsWith('Ignore ') || action.title.startsWith('Fix all ')) continue;
      const target = action.diagnostics?.[0];
      assert.ok(target, `${action.title} names its finding`);
      offered.set(`${key(target)} ${JSON.stringify(target.range)} ${action.title}`, { diagnostic: target, action });
    }
  }
  const titles = new Set([...offered.values()].map((o) => `${String(o.diagnostic.code)}: ${o.action.title}`));
  assert.ok(titles.size >= atLeast, `only ${titles.size} distinct fixes offered:\n${[...titles].join('\n')}`);

  for (const { diagnostic, action } of offered.values()) {
    const label = `${String(diagnostic.code)} "${action.title}" for: ${diagnostic.message}`;
    const fixed = applyEdits(MANIFESTS, action.edit!.changes![uri]);
    const after = await lint(fixed);
    assert.deepEqual(after.filter(isProblem).map(key), [], `${label}: no YAML or schema error`);
    const count = (list: Diagnostic[]) => list.filter((d) => key(d) === key(diagnostic)).length;
    assert.ok(count(after) < count(before), `${label}: the finding is gone`);
    // A comment goes only with the line a fix deletes (`hostNetwork: true # legacy agent`).
    const deleted = deletedLines(MANIFESTS, action.edit!.changes![uri]);
    MANIFESTS.split('\n').forEach((line, i) => {
      const c = line.includes('#') ? line.slice(line.indexOf('#')).trim() : '';
      if (c && !deleted.has(i)) assert.ok(fixed.includes(c), `${label}: the comment "${c}" survives`);
    });
  }
}
