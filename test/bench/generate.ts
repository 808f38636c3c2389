// Deterministic multi-document manifests for the benchmark: a realistic mix of kinds, ~20 lines per document,
// with a few deliberate schema errors so that every server has something to report.
// The same `count` always yields the same text, so runs and servers compare like with like.

export type DeliberateError = 'unknown-field' | 'wrong-type' | 'missing-required';

export interface ExpectedError {
  /** 0-based line the diagnostic must start on or span. */
  line: number;
  kind: DeliberateError;
}

/** Where an edit can change a `replicas:` value (never in a document that carries a deliberate error). */
export interface ReplicasSite {
  /** 0-based line of `  replicas: N`. */
  line: number;
}

export interface GeneratedManifests {
  text: string;
  documents: number;
  lines: number;
  expectedErrors: ExpectedError[];
  replicasSites: ReplicasSite[];
}

/** One document of each kind per cycle of ten; the cycle is 200 lines including the `---` separators. */
const CYCLE = ['Deployment', 'Service', 'ConfigMap', 'Deployment', 'Ingress', 'StatefulSet', 'ServiceAccount', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'CronJob'] as const;

/** Every 20th document (a Deployment) carries one error, the three kinds in turn. */
const ERROR_EVERY = 20;
const ERROR_OFFSET = 13;
const ERROR_KINDS: DeliberateError[] = ['unknown-field', 'wrong-type', 'missing-required'];

interface Block {
  lines: string[];
  /** Offset in `lines` of the line a deliberate error sits on. */
  errorLine?: number;
  replicasLine?: number;
}

export function generateManifests(count: number): GeneratedManifests {
  const out: string[] = [];
  const expectedErrors: ExpectedError[] = [];
  const replicasSites: ReplicasSite[] = [];
  for (let i = 0; i < count; i++) {
    const kind = CYCLE[i % CYCLE.length];
    const error = i % ERROR_EVERY === ERROR_OFFSET ? ERROR_KINDS[Math.floor(i / ERROR_EVERY) % ERROR_KINDS.length] : undefined;
    const block = render(kind, i, error);
    const base = out.length + 1; // after the separator
    out.push('---', ...block.lines);
    if (error && block.errorLine !== undefined) expectedErrors.push({ line: base + block.errorLine, kind: error });
    if (!error && block.replicasLine !== undefined) replicasSites.push({ line: base + block.replicasLine });
  }
  return { text: out.join('\n') + '\n', documents: count, lines: out.length, expectedErrors, replicasSites };
}

function render(kind: (typeof CYCLE)[number], i: number, error: DeliberateError | undefined): Block {
  const app = `app-${String(i).padStart(4, '0')}`;
  const ns = `team-${i % 7}`;
  const labels = [`    app.kubernetes.io/name: ${app}`, `    app.kubernetes.io/part-of: shop-${i % 5}`];
  const meta = (name = app) => ['metadata:', `  name: ${name}`, `  namespace: ${ns}`, '  labels:', ...labels];
  switch (kind) {
    case 'Deployment': {
      const container = [
        '        - name: web',
        `          image: registry.example.com/${app}:1.${i % 9}.${i % 4}`,
        error === 'unknown-field' ? '          imagePulPolicy: IfNotPresent' : '          imagePullPolicy: IfNotPresent',
        '          ports:',
        error === 'wrong-type' ? '            - containerPort: "http"' : `            - containerPort: ${8000 + (i % 100)}`,
        '          resources: { requests: { cpu: 100m, memory: 128Mi }, limits: { memory: 256Mi } }',
      ];
      if (error === 'missing-required') container.splice(0, 2, `        - image: registry.example.com/${app}:1.0.0`);
      const lines = ['apiVersion: apps/v1', 'kind: Deployment', ...meta(), 'spec:', `  replicas: ${1 + (i % 3)}`,
        '  selector:', '    matchLabels:', `      app.kubernetes.io/name: ${app}`, '  template:', '    metadata:',
        '      labels:', `        app.kubernetes.io/name: ${app}`, '    spec:', '      containers:', ...container];
      const errorLine = error === undefined ? undefined : lines.findIndex((l) => /imagePulPolicy|"http"|- image:/.test(l));
      return { lines, errorLine, replicasLine: lines.indexOf(`  replicas: ${1 + (i % 3)}`) };
    }
    case 'Service':
      return { lines: ['apiVersion: v1', 'kind: Service', ...meta(), 'spec:', '  type: ClusterIP', '  selector:',
        `    app.kubernetes.io/name: ${app}`, '  ports:', '    - name: http', '      port: 80',
        `      targetPort: ${8000 + (i % 100)}`, '      protocol: TCP'] };
    case 'ConfigMap':
      return { lines: ['apiVersion: v1', 'kind: ConfigMap', ...meta(`${app}-config`), 'data:', `  LOG_LEVEL: ${i % 2 ? 'debug' : 'info'}`,
        `  FEATURE_FLAGS: "checkout,search-${i % 11}"`, `  UPSTREAM_URL: http://svc-${i % 13}.${ns}.svc:8080`] };
    case 'Ingress':
      return { lines: ['apiVersion: networking.k8s.io/v1', 'kind: Ingress', ...meta(), 'spec:', '  ingressClassName: nginx',
        '  tls:', `    - hosts: [${app}.example.com]`, `      secretName: ${app}-tls`, '  rules:',
        `    - host: ${app}.example.com`, '      http:', '        paths:', '          - path: /', '            pathType: Prefix',
        '            backend:', `              service: { name: ${app}, port: { number: 80 } }`] };
    case 'StatefulSet': {
      const lines = ['apiVersion: apps/v1', 'kind: StatefulSet', ...meta(), 'spec:', `  serviceName: ${app}`, '  replicas: 3',
        '  selector:', '    matchLabels:', `      app.kubernetes.io/name: ${app}`, '  template:', '    metadata:', '      labels:',
        `        app.kubernetes.io/name: ${app}`, '    spec:', '      containers:', '        - name: db',
        `          image: registry.example.com/postgres:16.${i % 5}`, '          volumeMounts:',
        '            - { name: data, mountPath: /var/lib/postgresql/data }', '  volumeClaimTemplates:',
        '    - metadata: { name: data }', '      spec:', '        accessModes: [ReadWriteOnce]',
        `        resources: { requests: { storage: ${1 + (i % 20)}Gi } }`];
      return { lines, replicasLine: lines.indexOf('  replicas: 3') };
    }
    case 'ServiceAccount':
      return { lines: ['apiVersion: v1', 'kind: ServiceAccount', ...meta(), 'automountServiceAccountToken: false'] };
    case 'HorizontalPodAutoscaler':
      return { lines: ['apiVersion: autoscaling/v2', 'kind: HorizontalPodAutoscaler', ...meta(), 'spec:', '  scaleTargetRef:',
        '    apiVersion: apps/v1', '    kind: Deployment', `    name: app-${String(i - 4).padStart(4, '0')}`, '  minReplicas: 2',
        `  maxReplicas: ${4 + (i % 6)}`, '  metrics:', '    - type: Resource', '      resource:', '        name: cpu',
        `        target: { type: Utilization, averageUtilization: ${60 + (i % 30)} }`] };
    case 'PodDisruptionBudget':
      return { lines: ['apiVersion: policy/v1', 'kind: PodDisruptionBudget', ...meta(), 'spec:', '  minAvailable: 1',
        `  selector: { matchLabels: { app.kubernetes.io/name: ${app} } }`] };
    case 'CronJob':
      return { lines: ['apiVersion: batch/v1', 'kind: CronJob', ...meta(), 'spec:', `  schedule: "${i % 60} ${i % 24} * * *"`,
        '  concurrencyPolicy: Forbid', '  jobTemplate:', '    spec:', '      backoffLimit: 2', '      template:', '        spec:',
        '          restartPolicy: OnFailure', '          containers:', '            - name: job',
        `              image: registry.example.com/${app}-job:2.${i % 7}`, '              args: [--once]'] };
  }
}
