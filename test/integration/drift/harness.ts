// Shared by the drift tests against the real apiserver: a cluster, an admin and a read-only client, seeding objects
// the way a GitOps controller applies them, and running the drift pipeline on a buffer as both users.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { startCluster, type Cluster } from '../../infra/cluster';
import type { ClusterClient } from '../../../server/src/drift/cluster';
import type { FileDrift } from '../../../server/src/drift/driftDocument';
import { loadKubeconfig } from '../../../server/src/drift/kubeconfig';
import type { DriftObject } from '../../../server/src/drift/types';

const [major, minor] = process.versions.node.split('.').map(Number);
export const skip = major > 22 || (major === 22 && minor >= 19) ? false : `@kubernetes/client-node 2.x needs Node >= 22.19, this is ${process.version}`;

type Obj = Record<string, unknown>;

export interface Harness {
  cluster: Cluster;
  admin: ClusterClient;
  viewer: ClusterClient;
  dir: string;
  /** Server-side applies every document of `yaml` as `manager` (force), as Flux or Argo CD would. */
  apply(yaml: string, manager?: string): Promise<Obj[]>;
  /** A raw write as `manager`: JSON merge patch unless another content type is given. */
  patch(apiVersion: string, kind: string, namespace: string | undefined, name: string, body: unknown, manager: string, contentType?: string, query?: Record<string, string>): Promise<Obj>;
  /** The drift of `text` (written to `file` under the harness folder when given) as admin and as viewer. */
  drift(text: string, file?: string): Promise<{ admin: FileDrift; viewer: FileDrift }>;
  stop(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const cluster = await startCluster();
  const { ClusterClient } = await import('../../../server/src/drift/cluster');
  const { driftFile } = await import('../../../server/src/drift/driftDocument');
  const kubeconfig = loadKubeconfig({ explicitPath: cluster.kubeconfig });
  const admin = await ClusterClient.connect({ kubeconfig, context: 'admin', allowExec: false });
  const viewer = await ClusterClient.connect({ kubeconfig, context: 'viewer', allowExec: false });
  const dir = mkdtempSync(join(tmpdir(), 'drift-'));

  const resource = async (apiVersion: string, kind: string) => {
    for (let i = 0; i < 50; i++) {
      const info = await admin.resource(apiVersion, kind);
      if (info) return info;
      await new Promise((r) => setTimeout(r, 200)); // a CRD just created takes a moment to be served
    }
    throw new Error(`${apiVersion} ${kind} is not served`);
  };

  const harness: Harness = {
    cluster,
    admin,
    viewer,
    dir,
    async apply(yaml, manager = 'kustomize-controller') {
      const out: Obj[] = [];
      for (const doc of parseAllDocuments(yaml)) {
        const body = doc.toJS() as Obj;
        if (!body) continue;
        const meta = body.metadata as Obj;
        const info = await resource(String(body.apiVersion), String(body.kind));
        const namespace = info.namespaced ? String(meta.namespace ?? 'default') : undefined;
        out.push(await admin.patch(info, namespace, String(meta.name), body, 'application/apply-patch+yaml', manager, { force: 'true' }));
      }
      return out;
    },
    async patch(apiVersion, kind, namespace, name, body, manager, contentType = 'application/merge-patch+json', query = {}) {
      const info = await resource(apiVersion, kind);
      return admin.patch(info, namespace, name, body, contentType, manager, query);
    },
    async drift(text, file) {
      let filePath: string | undefined;
      if (file) {
        filePath = join(dir, file);
        mkdirSync(dirname(filePath), { recursive: true });
        writeFileSync(filePath, text);
      }
      const input = { file: file ?? 'buffer.yaml', filePath, text };
      const [a, v] = await Promise.all([
        driftFile(input, { client: admin, contextNamespace: admin.context.namespace }),
        driftFile(input, { client: viewer, contextNamespace: viewer.context.namespace }),
      ]);
      return { admin: a, viewer: v };
    },
    async stop() {
      admin.close();
      viewer.close();
      await cluster.stop();
    },
  };
  return harness;
}

/** What a result says, without timestamps: state and each field's path, class and manager. */
export function verdict(o: DriftObject) {
  return { name: o.name, namespace: o.namespace, state: o.state, fields: o.fields.map((f) => ({ path: f.path, class: f.class, manager: f.manager })) };
}

/**
 * The dry run (admin) and the approximate comparison (viewer) give the same answer; the admin's is exact and the
 * viewer's says it is approximate and why.
 */
export function assertSameAnswer(result: { admin: FileDrift; viewer: FileDrift }): DriftObject[] {
  assert.deepEqual(result.viewer.objects.map(verdict), result.admin.objects.map(verdict), 'the viewer (no dry run) and the admin (dry run) disagree');
  for (const o of result.admin.objects) {
    if (o.state === 'in-sync' || o.state === 'drifted') assert.equal(o.approximate, false, `${o.name}: ${o.reason}`);
  }
  for (const o of result.viewer.objects) {
    if (o.state === 'in-sync' || o.state === 'drifted') {
      assert.equal(o.approximate, true, o.name);
      assert.match(o.reason ?? '', /permission/i);
    }
  }
  return result.admin.objects;
}

/** Asserts every object is in sync (as admin and as viewer) and returns them. */
export function assertInSync(result: { admin: FileDrift; viewer: FileDrift }): DriftObject[] {
  for (const side of ['admin', 'viewer'] as const) {
    for (const o of result[side].objects) assert.deepEqual(verdict(o), { ...verdict(o), state: 'in-sync', fields: [] }, `${side}: false drift on ${o.kind} ${o.name}`);
  }
  return assertSameAnswer(result);
}
