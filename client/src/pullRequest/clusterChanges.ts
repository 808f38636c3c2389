// "What merging changes in the cluster" for the editor's pull requests: the language server, which holds the drift
// connection, compares the new contents with live. No connection (drift off, no kubeconfig, untrusted workspace):
// the description leaves the section out.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DriftMethod, type DriftPreviewParams, type DriftPreviewResult } from '../../../server/src/lsp/driftProtocol';
import type { ManifestFileChange } from './describe';

/** The part of the language client this needs. */
export interface PreviewRequester {
  sendRequest(method: string, params: DriftPreviewParams): Promise<DriftPreviewResult>;
}

export function clusterChangesFrom(client: PreviewRequester, log: (message: string) => void): (files: ManifestFileChange[], root: string) => Promise<string[] | undefined> {
  return async (files, root) => {
    const params: DriftPreviewParams = {
      files: files.map((f) => {
        const filePath = join(root, f.path);
        return { uri: pathToFileURL(filePath).toString(), filePath, text: f.after };
      }),
    };
    const result = await client.sendRequest(DriftMethod.preview, params);
    if (result.error) log(`Pull request: the description leaves out the cluster: ${result.error}`);
    return result.lines;
  };
}
