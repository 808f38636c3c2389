// Live drift against the real kube-apiserver: 200 objects in 10 files, applied as a GitOps controller would, then
// compared by a DriftSession (first complete result, a live change by another field manager, an edit in the
// buffer, the session's memory) and by `kubectl diff --server-side` on the same files in the same run.
// Needs Node >= 22.19 (client-node 2.x): run.ts starts this file on the cached Node 24 when it runs on older Node,
// and reads the JSON line it prints last.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildSync } from 'esbuild';
import { startCluster } from '../infra/cluster';
import { binDir, cacheDir, repoRoot } from '../infra/paths';

const execFileAsync = promisify(execFile);

export interface DriftBenchResult {
  objects: number;
  files: number;
  /** Objects a person changed live after the sync (the rest are in sync). */
  drifted: number;
  /** Session created → connected (loading the cluster client, /version): before any document is open. */
  connectMs: number;
  /**
   * Every object of the 10 files has a result (the quick one, from the live objects without dry runs: exact where the
   * apply provably changes nothing, else approximate).
   */
  firstCompleteMs: number;
  /** Every object has its server-side dry-run result. */
  exactCompleteMs: number;
  liveChangeMs: number;
  bufferEditMs: number;
  /**
   * Heap used (after a full GC) with every file's result held and watched, minus before the session's bundle was
   * loaded: the drift code, client-node and the session's state, which lint-only never loads.
   */
  sessionHeapMb: number;
  /** Resident set size growth over the same span. */
  sessionRssMb: number;
  watches: number;
  kubectl: { version: string; medianMs: number; runs: number } | string;
}

export const DRIFT_TARGETS = { firstCompleteMs: 1000, kubectlFactor: 5, liveChangeMs: 1000, bufferEditMs: 300, memoryMb: 40 };

const FILES = 10;
const PER_FILE = 20;
const NAMESPACES = ['bench-a', 'bench-b'];

/**
 * What people changed live after the sync, as on a real cluster: a few objects of the 200, each by a person's tool.
 * Values they changed are theirs now (the apply would change them back: a dry run answers); fields they added beside
 * the applier's leave the apply a no-op (their additions come from managedFields).
 */
const PERSON_EDITS: Array<{ file: number; index: number; manager: string; contentType: string; patch: unknown; what: string }> = [
  { file: 0, index: 2, manager: 'kubectl-edit', contentType: 'application/merge-patch+json', patch: { data: { mode: 'slow' } }, what: 'a ConfigMap value changed' },
  { file: 1, index: 6, manager: 'kubectl-edit', contentType: 'application/merge-patch+json', patch: { data: { level: '4' } }, what: 'a ConfigMap value changed' },
  { file: 2, index: 0, manager: 'kubectl-label', contentType: 'application/merge-patch+json', patch: { metadata: { labels: { debug: 'true' } } }, what: 'a label added to a Deployment' },
  {
    file: 4,
    index: 4,
    manager: 'kubectl-set',
    contentType: 'application/strategic-merge-patch+json',
    patch: { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28' }] } } } },
    what: 'a Deployment image changed',
  },
  { file: 6, index: 1, manager: 'kubectl-annotate', contentType: 'application/merge-patch+json', patch: { metadata: { annotations: { oncall: 'team-b' } } }, what: 'an annotation added to a Service' },
  { file: 7, index: 6, manager: 'kubectl-label', contentType: 'application/merge-patch+json', patch: { metadata: { labels: { audit: 'yes' } } }, what: 'a label added to a ConfigMap' },
  { file: 8, index: 10, manager: 'kubectl-edit', contentType: 'application/merge-patch+json', patch: { data: { extra: 'x' } }, what: 'a key added to a ConfigMap' },
];

/** The workload in words, for the report. */
export const DRIFT_WORKLOAD = `200 objects (50 each of Deployments, Services, ConfigMaps, ServiceAccounts), ${200 - PERSON_EDITS.length} in sync and ${PERSON_EDITS.length} drifted by a person after the sync (${[...new Set(PERSON_EDITS.map((e) => e.what))].join(', ')})`;

function objectYaml(file: number, i: number): string {
  const namespace = NAMESPACES[(file + i) % NAMESPACES.length];
  const name = `f${file}-o${i}`;
  switch (i % 4) {
    case 0:
      return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n  labels: { app: ${name} }\nspec:\n  replicas: 2\n  selector:\n    matchLabels: { app: ${name} }\n  template:\n    metadata:\n      labels: { app: ${name} }\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n          ports:\n            - containerPort: 8080\n          resources:\n            requests: { cpu: 100m, memory: 128Mi }\n            limits: { cpu: "1", memory: 256Mi }\n`;
    case 1:
      return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  selector: { app: ${name} }\n  ports:\n    - name: http\n      port: 80\n      targetPort: 8080\n`;
    case 2:
      return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\ndata:\n  mode: fast\n  level: "3"\n`;
    default:
      return `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n`;
  }
}

function fileText(file: number): string {
  return Array.from({ length: PER_FILE }, (_, i) => objectYaml(file, i)).join('---\n');
}

const gc = () => (globalThis as { gc?: () => void }).gc?.();
const mb = (bytes: number) => bytes / 1024 / 1024;

export async function runDriftBench(): Promise<DriftBenchResult> {
  const dir = join(cacheDir, 'bench', 'drift');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const texts = Array.from({ length: FILES }, (_, f) => fileText(f));
  texts.forEach((text, f) => writeFileSync(join(dir, `app-${f}.yaml`), text));

  const cluster = await startCluster();
  const bundle = sessionBundle(join(cacheDir, 'bench'));
  const { ClusterClient } = await import('../../server/src/drift/cluster');
  const { loadKubeconfig } = await import('../../server/src/drift/kubeconfig');
  const { parseAllDocuments } = await import('yaml');
  const admin = await ClusterClient.connect({ kubeconfig: loadKubeconfig({ explicitPath: cluster.kubeconfig }), allowExec: false });
  try {
    for (const ns of NAMESPACES) {
      const info = (await admin.resource('v1', 'Namespace'))!;
      await admin.patch(info, undefined, ns, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, 'application/apply-patch+yaml', 'kustomize-controller', { force: 'true' });
    }
    const applies: Promise<unknown>[] = [];
    for (const text of texts) {
      for (const doc of parseAllDocuments(text)) {
        const body = doc.toJS() as { apiVersion: string; kind: string; metadata: { name: string; namespace: string } };
        applies.push(
          admin.resource(body.apiVersion, body.kind).then((info) => admin.patch(info!, body.metadata.namespace, body.metadata.name, body, 'application/apply-patch+yaml', 'kustomize-controller', { force: 'true' })),
        );
      }
    }
    await Promise.all(applies);
    for (const edit of PERSON_EDITS) {
      const body = parseAllDocuments(texts[edit.file])[edit.index].toJS() as { apiVersion: string; kind: string; metadata: { name: string; namespace: string } };
      const info = (await admin.resource(body.apiVersion, body.kind))!;
      await admin.patch(info, body.metadata.namespace, body.metadata.name, edit.patch, edit.contentType, edit.manager);
    }

    const kubectl = await kubectlDiff(cluster.kubeconfig, dir);

    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    const rssBefore = process.memoryUsage().rss;
    // The session as the language server ships it (bundled and minified, with its own client-node): loading it is
    // part of what drift costs above lint-only.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { DriftSession } = require(bundle) as typeof import('../../server/src/drift/session');
    const results = new Map<string, { kind: string; state: string; approximate: boolean; fields: { path: string; live?: unknown; git?: unknown }[] }[]>();
    let notify = () => {};
    const tConnect = performance.now();
    const session = new DriftSession({ kubeconfigPath: cluster.kubeconfig, context: 'admin', allowExec: false, debounceMs: 0, log: () => {} });
    session.onResults((uri, objects) => {
      results.set(uri, objects);
      notify();
    });
    const until = (check: () => boolean, what: string, timeoutMs = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const states = () =>
          [...results].flatMap(([u, objects]) => objects.map((o, index) => `${u.slice(u.lastIndexOf('/') + 1)}#${index} ${o.kind} ${o.state}${o.approximate ? ' (approximate)' : ''}: ${o.fields.map((f) => f.path).join(', ')}`));
        const timer = setTimeout(() => reject(new Error(`drift bench: timed out waiting for ${what}; the drifted or approximate: ${states().filter((t) => !/ in-sync: $/.test(t)).join('; ')}`)), timeoutMs);
        notify = () => {
          if (!check()) return;
          clearTimeout(timer);
          notify = () => {};
          resolve();
        };
        notify();
      });
    const uri = (f: number) => `file://${join(dir, `app-${f}.yaml`)}`;
    const drifted = new Set(PERSON_EDITS.map((e) => `${uri(e.file)}#${e.index}`));
    const expected = (u: string, index: number) => (drifted.has(`${u}#${index}`) ? 'drifted' : 'in-sync');
    const complete = () =>
      results.size === FILES && [...results].every(([u, objects]) => objects.length === PER_FILE && objects.every((o, index) => o.state === expected(u, index)));

    // The language server starts the session with drift on; it connects before any document is open.
    let connected = false;
    session.onStatus((status) => {
      connected ||= status.state === 'connected';
      notify();
    });
    await until(() => connected, 'the connection');
    const connectMs = performance.now() - tConnect;
    const t0 = performance.now();
    texts.forEach((text, f) => session.setDocument({ uri: uri(f), filePath: join(dir, `app-${f}.yaml`), text, version: 1 }));
    await until(complete, 'the first complete result (in sync but for the people\'s edits)');
    const firstCompleteMs = performance.now() - t0;
    await until(() => complete() && [...results.values()].every((objects) => objects.every((o) => !o.approximate)), 'the dry-run result');
    const exactCompleteMs = performance.now() - t0;

    // A live change by another field manager: one ConfigMap's value, as `kubectl edit` would.
    const cm = parseAllDocuments(texts[3])[2].toJS() as { metadata: { name: string; namespace: string } };
    const cmInfo = (await admin.resource('v1', 'ConfigMap'))!;
    const t1 = performance.now();
    await admin.patch(cmInfo, cm.metadata.namespace, cm.metadata.name, { data: { mode: 'slow' } }, 'application/merge-patch+json', 'kubectl-edit');
    await until(() => results.get(uri(3))?.[2]?.fields.some((f) => f.path === 'data.mode' && f.live === 'slow') ?? false, 'the live change');
    const liveChangeMs = performance.now() - t1;

    // An edit in the buffer: one Deployment's image.
    const t2 = performance.now();
    session.setDocument({ uri: uri(5), filePath: join(dir, 'app-5.yaml'), text: texts[5].replace('nginx:1.27', 'nginx:1.28'), version: 2 });
    await until(() => results.get(uri(5))?.[0]?.fields.some((f) => f.git === 'nginx:1.28') ?? false, 'the buffer edit');
    const bufferEditMs = performance.now() - t2;

    gc();
    const sessionHeapMb = mb(process.memoryUsage().heapUsed - heapBefore);
    const sessionRssMb = mb(process.memoryUsage().rss - rssBefore);
    const watches = session.watchedCollections().length;
    session.dispose();
    return { objects: FILES * PER_FILE, files: FILES, drifted: PERSON_EDITS.length, connectMs, firstCompleteMs, exactCompleteMs, liveChangeMs, bufferEditMs, sessionHeapMb, sessionRssMb, watches, kubectl };
  } finally {
    admin.close();
    await cluster.stop();
  }
}

/**
 * server/src/drift/session.ts bundled as the language server bundles it (esbuild, minified), with client-node as its
 * own bundle beside it (package.json's build:server and build:kube-client).
 */
function sessionBundle(dir: string): string {
  const outfile = join(dir, 'drift-session.js');
  // The bundled Kubernetes schemas beside the bundle, as the extension ships them (findSchemasDir looks upwards).
  const schemas = join(dir, 'schemas');
  if (!existsSync(schemas)) symlinkSync(join(repoRoot, 'schemas'), schemas);
  const common = { bundle: true, platform: 'node', target: 'node22', format: 'cjs', minify: true, logLevel: 'warning' } as const;
  buildSync({ ...common, entryPoints: [join(repoRoot, 'server', 'src', 'drift', 'kubeClient.ts')], outfile: join(dir, 'kubeClient.js') });
  buildSync({
    ...common,
    entryPoints: [join(repoRoot, 'server', 'src', 'drift', 'session.ts')],
    define: { 'process.env.GITOPS_KUBE_CLIENT_BUNDLE': '"kubeClient.js"' },
    outfile,
  });
  return outfile;
}

/** kubectl of the test apiserver's release (test/infra/kubectl/build.sh), else the machine's. */
async function kubectlBinary(): Promise<string | undefined> {
  try {
    await execFileAsync('bash', [join(repoRoot, 'test', 'infra', 'kubectl', 'build.sh')], { timeout: 60 * 60_000 });
  } catch {
    // Without Go or on a failed build the machine's kubectl, if any, stands in (its version is in the report).
  }
  const built = join(binDir, 'kubectl');
  if (existsSync(built)) return built;
  return existsSync('/usr/bin/kubectl') ? '/usr/bin/kubectl' : undefined;
}

async function kubectlDiff(kubeconfig: string, dir: string): Promise<DriftBenchResult['kubectl']> {
  const kubectl = await kubectlBinary();
  if (!kubectl) return 'not available: no kubectl';
  const { stdout } = await execFileAsync(kubectl, ['version', '--client', '-o', 'json']);
  const version = (JSON.parse(stdout) as { clientVersion: { gitVersion: string } }).clientVersion.gitVersion;
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const t = performance.now();
    try {
      // --force-conflicts: as the applier applies (fields people took over would be a conflict otherwise).
      await execFileAsync(kubectl, ['--kubeconfig', kubeconfig, 'diff', '--server-side', '--force-conflicts', '-f', dir], { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
    } catch (err) {
      // Exit 1 means "differences found"; anything else is a failure.
      const lines = ((err as { stderr?: string }).stderr ?? String(err)).split('\n').filter((l) => l.trim() !== '' && !/^W\d{4} /.test(l));
      if ((err as { code?: number }).code !== 1) return `failed: ${lines[0] ?? 'no message'}`;
    }
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { version, medianMs: times[1], runs: times.length };
}

/** The Markdown section of the report. */
export function renderDriftSection(r: DriftBenchResult | string): string {
  const header = '| run | objects | first complete result (ms) (all dry runs done) | live change → result (ms) | buffer edit → result (ms) | session heap / RSS growth (MB) | targets / notes |\n|---|---|---|---|---|---|---|';
  if (typeof r === 'string') return `${header}\n| gitops-manifests drift session | 200 | n/a (${r}) | | | | |`;
  const t = DRIFT_TARGETS;
  const kubectlMs = typeof r.kubectl === 'string' ? undefined : r.kubectl.medianMs;
  const judge = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  const notes = [
    `first ≤ ${t.firstCompleteMs} ms: ${judge(r.firstCompleteMs <= t.firstCompleteMs)}`,
    kubectlMs === undefined ? '' : `≥ ${t.kubectlFactor}× faster than kubectl diff: ${judge(kubectlMs / r.firstCompleteMs >= t.kubectlFactor)} (${(kubectlMs / r.firstCompleteMs).toFixed(1)}×; with every dry run: ${(kubectlMs / r.exactCompleteMs).toFixed(1)}×)`,
    `live ≤ ${t.liveChangeMs} ms: ${judge(r.liveChangeMs <= t.liveChangeMs)}`,
    `edit ≤ ${t.bufferEditMs} ms: ${judge(r.bufferEditMs <= t.bufferEditMs)}`,
    `memory ≤ ${t.memoryMb} MB: ${judge(Math.max(r.sessionHeapMb, r.sessionRssMb) <= t.memoryMb)}`,
    `${r.watches} watches`,
    `connecting (client-node load, /version) took ${r.connectMs.toFixed(0)} ms before the first document`,
  ].filter(Boolean);
  const rows = [
    `| gitops-manifests drift session | ${r.objects} in ${r.files} files | ${r.firstCompleteMs.toFixed(0)} (${r.exactCompleteMs.toFixed(0)}) | ${r.liveChangeMs.toFixed(0)} | ${r.bufferEditMs.toFixed(0)} | ${r.sessionHeapMb.toFixed(1)} / ${r.sessionRssMb.toFixed(1)} | ${notes.join('; ')} |`,
    typeof r.kubectl === 'string'
      ? `| kubectl diff --server-side | ${r.objects} | ${r.kubectl} | | | | |`
      : `| kubectl ${r.kubectl.version} diff --server-side -f (median of ${r.kubectl.runs}) | ${r.objects} in ${r.files} files | ${r.kubectl.medianMs.toFixed(0)} | n/a (no watch) | n/a | | |`,
  ];
  return `${header}\n${rows.join('\n')}\n\nWorkload: ${DRIFT_WORKLOAD}; the dry run is skipped where the apply provably changes nothing (server/src/drift/noOpApply.ts).`;
}

/**
 * The bench in a Node that loads client-node: this process if it can, else a child on the cached Node 24
 * (with --expose-gc, so heap figures are after a full collection).
 */
export async function runDriftBenchProcess(): Promise<DriftBenchResult> {
  const [major, minor] = process.versions.node.split('.').map(Number);
  const { ensureNode24, node24Binary } = await import('../e2e/tools');
  const node = major > 22 || (major === 22 && minor >= 19) ? process.execPath : (await ensureNode24(), node24Binary);
  const { stdout } = await execFileAsync(node, ['--expose-gc', '--import', 'tsx', __filename], { cwd: repoRoot, timeout: 20 * 60_000, maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as DriftBenchResult;
}

if (require.main === module) {
  runDriftBench().then(
    (r) => console.log(JSON.stringify(r)),
    (err: unknown) => {
      console.error(`drift bench: ${err instanceof Error ? err.stack : String(err)}`);
      process.exitCode = 1;
    },
  );
}
