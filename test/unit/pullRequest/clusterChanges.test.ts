// clusterChangesFrom: the editor asks its language server what merging the new contents would change in the cluster.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { clusterChangesFrom } from '../../../client/src/pullRequest/clusterChanges';
import type { DriftPreviewParams, DriftPreviewResult } from '../../../server/src/lsp/driftProtocol';

describe('clusterChangesFrom', () => {
  it('sends each file as its workspace URI, path and new text, and returns the server’s lines', async () => {
    const sent: { method: string; params: DriftPreviewParams }[] = [];
    const changes = clusterChangesFrom({
      sendRequest: async (method, params) => {
        sent.push({ method, params });
        return { lines: ['Deployment web/web: spec.replicas 2 → 4'] };
      },
    }, () => assert.fail('nothing to log'));
    const lines = await changes([{ path: 'apps/web/deployment.yaml', before: 'a', after: 'replicas: 4\n' }], '/repo');
    assert.deepEqual(lines, ['Deployment web/web: spec.replicas 2 → 4']);
    assert.deepEqual(sent, [{
      method: 'gitops/driftPreview',
      params: { files: [{ uri: pathToFileURL('/repo/apps/web/deployment.yaml').toString(), filePath: '/repo/apps/web/deployment.yaml', text: 'replicas: 4\n' }] },
    }]);
  });

  it('without a drift connection leaves the section out and says why in the log', async () => {
    const logged: string[] = [];
    const changes = clusterChangesFrom({ sendRequest: async (): Promise<DriftPreviewResult> => ({ error: 'Drift is not connected to a cluster.' }) }, (m) => logged.push(m));
    assert.equal(await changes([{ path: 'a.yaml', after: '' }], '/repo'), undefined);
    assert.deepEqual(logged, ['Pull request: the description leaves out the cluster: Drift is not connected to a cluster.']);
  });
});
