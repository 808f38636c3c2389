// Workspace indexing over LSP: the server gets a folder of 5,000 manifest files, indexes them behind a work-done
// progress, and then re-indexes one changed file: how long until an open file's cross-object findings follow.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateManifests } from './generate';
import { LspServer, type ServerLaunch } from './lspDriver';
import { cpuTimeMs, memoryUsage } from './procStats';

export interface IndexBenchResult {
  files: number;
  /** `initialized` → end of the indexing progress. */
  indexMs: number;
  indexCpuMs: number;
  progressReports: number;
  /** A new file on disk → the open file's diagnostics that take it into account. */
  incrementalMs: number;
  peakRssMb: number;
}

const FOLDERS = 50;

/** 5,000 one-document files (the benchmark's mix of kinds) in 50 folders; returns the workspace folder. */
export function writeWorkspace(dir: string, files: number): string {
  rmSync(dir, { recursive: true, force: true });
  const documents = generateManifests(files).text.split('\n---\n');
  documents[0] = documents[0].replace(/^---\n/, '');
  documents.forEach((doc, i) => {
    const folder = join(dir, `team-${i % FOLDERS}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `m-${i}.yaml`), doc.endsWith('\n') ? doc : `${doc}\n`);
  });
  return dir;
}

export async function runIndexBench(launch: ServerLaunch, dir: string, files: number, timeoutMs: number): Promise<IndexBenchResult> {
  const root = writeWorkspace(dir, files);
  const server = await LspServer.start({ ...launch, workspaceFolders: [root] });
  try {
    const cpuAtStart = cpuTimeMs(server.pid);
    const end = await server.progressEnded(timeoutMs);
    const indexMs = end.at - server.initializedAt;
    const indexCpuMs = cpuTimeMs(server.pid) - cpuAtStart;

    // Document 3 is a Deployment with one replica (REL005); an autoscaler added on disk takes over its replicas.
    const openPath = join(root, `team-${3 % FOLDERS}`, 'm-3.yaml');
    const { text, namespace, name } = documentOf(openPath, files);
    const opened = await server.open(pathToFileURL(openPath).href, text, timeoutMs);
    if (!opened.diagnostics.some((d) => d.code === 'REL005')) throw new Error('the opened Deployment has no REL005 finding to lose');
    const hpaPath = join(root, 'autoscaler.yaml');
    writeFileSync(hpaPath, autoscaler(name, namespace));
    const after = await server.fileChanged(pathToFileURL(hpaPath).href, pathToFileURL(openPath).href, timeoutMs);
    if (after.diagnostics.some((d) => d.code === 'REL005')) throw new Error('the new autoscaler was not taken into account');
    return { files, indexMs, indexCpuMs, progressReports: server.progress.filter((p) => p.kind === 'report').length, incrementalMs: after.ms, peakRssMb: memoryUsage(server.pid).peakRssMb };
  } finally {
    await server.stop();
  }
}

function documentOf(path: string, files: number): { text: string; namespace: string; name: string } {
  const text = generateManifests(files).text.split('\n---\n')[3];
  const name = /^ {2}name: (\S+)$/m.exec(text)?.[1];
  const namespace = /^ {2}namespace: (\S+)$/m.exec(text)?.[1];
  if (!name || !namespace || !text.includes('kind: Deployment')) throw new Error(`${path} is not the expected Deployment`);
  return { text: text.endsWith('\n') ? text : `${text}\n`, namespace, name };
}

const autoscaler = (name: string, namespace: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: ${name}
  minReplicas: 2
  maxReplicas: 5
`;
