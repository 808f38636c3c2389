// Writes to the test apiserver as a named field manager, so tests and `npm start` can stage real drift: objects
// server-side applied as a GitOps controller (`kustomize-controller`), then a field changed as a person
// (`kubectl-edit`). Plain node:https with the kubeconfig's CA and admin token, so it runs on any Node (`npm start`
// runs on the machine's).
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { parse, parseAllDocuments } from 'yaml';

type Obj = Record<string, unknown>;

/** Kinds without a namespace among those the tests and the sample repository use. */
const CLUSTER_SCOPED = new Set(['Namespace', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'PriorityClass']);

export interface KubeWriter {
  /** Server-side applies every document of `yaml` as `manager` (force), into `namespace` unless a document names one. */
  apply(yaml: string, manager: string, namespace?: string): Promise<Obj[]>;
  /** A JSON merge patch as `manager` (an Update in managedFields, as `kubectl edit` makes). */
  mergePatch(apiVersion: string, kind: string, namespace: string | undefined, name: string, patch: unknown, manager: string): Promise<Obj>;
  get(apiVersion: string, kind: string, namespace: string | undefined, name: string): Promise<Obj | undefined>;
}

export function kubeWriter(kubeconfigPath: string, contextName = 'admin'): KubeWriter {
  const config = parse(readFileSync(kubeconfigPath, 'utf8')) as {
    clusters: { name: string; cluster: { server: string; 'certificate-authority-data'?: string } }[];
    users: { name: string; user: { token: string } }[];
    contexts: { name: string; context: { cluster: string; user: string } }[];
  };
  const ctx = config.contexts.find((c) => c.name === contextName)?.context;
  const cluster = config.clusters.find((c) => c.name === ctx?.cluster)?.cluster;
  const token = config.users.find((u) => u.name === ctx?.user)?.user.token;
  if (!cluster || !token) throw new Error(`${kubeconfigPath} has no usable context ${contextName}`);
  const server = new URL(cluster.server);
  const ca = cluster['certificate-authority-data'] ? Buffer.from(cluster['certificate-authority-data'], 'base64') : undefined;

  const call = (method: string, path: string, body?: string, contentType?: string): Promise<{ status: number; json: unknown }> =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          host: server.hostname,
          port: server.port,
          method,
          path,
          ca,
          headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(contentType ? { 'content-type': contentType } : {}) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (c: string) => (text += c));
          res.on('end', () => {
            let json: unknown;
            try {
              json = JSON.parse(text);
            } catch {
              json = text;
            }
            resolve({ status: res.statusCode ?? 0, json });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  const path = (apiVersion: string, kind: string, namespace: string | undefined, name: string, query = '') => {
    const base = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const ns = CLUSTER_SCOPED.has(kind) ? '' : `/namespaces/${encodeURIComponent(namespace ?? 'default')}`;
    return `${base}${ns}/${plural(kind)}/${encodeURIComponent(name)}${query}`;
  };

  const write = async (method: string, p: string, body: string, contentType: string): Promise<Obj> => {
    // A CRD applied a moment ago takes a little while to be served.
    for (let attempt = 0; ; attempt++) {
      const { status, json } = await call(method, p, body, contentType);
      if (status >= 200 && status < 300) return json as Obj;
      if (status === 404 && attempt < 50) {
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      throw new Error(`${method} ${p}: HTTP ${status} ${JSON.stringify(json)}`);
    }
  };

  return {
    async apply(yaml, manager, namespace) {
      const out: Obj[] = [];
      for (const doc of parseAllDocuments(yaml)) {
        const body = doc.toJS() as Obj | null;
        if (!body?.kind) continue;
        const meta = body.metadata as Obj;
        const ns = (meta.namespace as string | undefined) ?? namespace;
        const p = path(String(body.apiVersion), String(body.kind), ns, String(meta.name), `?fieldManager=${encodeURIComponent(manager)}&force=true`);
        out.push(await write('PATCH', p, JSON.stringify(body), 'application/apply-patch+yaml'));
      }
      return out;
    },
    mergePatch(apiVersion, kind, namespace, name, patch, manager) {
      const p = path(apiVersion, kind, namespace, name, `?fieldManager=${encodeURIComponent(manager)}`);
      return write('PATCH', p, JSON.stringify(patch), 'application/merge-patch+json');
    },
    async get(apiVersion, kind, namespace, name) {
      const { status, json } = await call('GET', path(apiVersion, kind, namespace, name));
      if (status === 404) return undefined;
      if (status !== 200) throw new Error(`GET ${kind} ${name}: HTTP ${status}`);
      return json as Obj;
    },
  };
}

/** The resource name of a kind, by the English rules the built-in and our test kinds follow. */
export function plural(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower.endsWith('y')) return `${lower.slice(0, -1)}ies`;
  if (lower.endsWith('s')) return `${lower}es`;
  return `${lower}s`;
}
