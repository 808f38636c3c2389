// `gitops-manifests drift`: each object of the given files compared with the live cluster, the way the editor's
// drift view compares it (server-side apply dry run as the live object's applier, then normalise and classify).
// Exit codes: 0 every object in sync, 1 something drifted or missing, 2 usage, connection or internal error.
// Loaded only for `drift` (main.ts imports it dynamically): @kubernetes/client-node stays out of `lint`.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { ClusterClient, ClusterError, ExecNotAllowedError } from '../drift/cluster';
import { driftFile, type DocumentNote } from '../drift/driftDocument';
import { contextInfo, KubeconfigError, loadKubeconfig } from '../drift/kubeconfig';
import type { DriftObject } from '../drift/types';
import { collectYamlFiles } from './files';

export type DriftFormat = 'text' | 'json' | 'markdown';

export interface DriftCommandOptions {
  paths: string[];
  kubeconfig?: string;
  context?: string;
  format: DriftFormat;
  fieldManager?: string;
  cwd: string;
}

export interface DriftCommandResult {
  output: string;
  errors: string[];
  exitCode: number;
}

/** Node that client-node 2.x (undici 8) loads on. */
export function driftNodeSupported(version = process.versions.node): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 19);
}

export async function runDrift(opts: DriftCommandOptions): Promise<DriftCommandResult> {
  let kubeconfig;
  let client: ClusterClient;
  try {
    kubeconfig = loadKubeconfig({ explicitPath: opts.kubeconfig });
    contextInfo(kubeconfig, opts.context);
    // The CLI is run on purpose by whoever trusts its kubeconfig: exec plugins are allowed.
    client = await ClusterClient.connect({ kubeconfig, context: opts.context, allowExec: true });
    await client.minor();
  } catch (err) {
    if (err instanceof KubeconfigError || err instanceof ExecNotAllowedError || err instanceof ClusterError) {
      return { output: '', errors: [(err as Error).message], exitCode: 2 };
    }
    throw err;
  }
  try {
    const files = collectYamlFiles(opts.paths.map((p) => resolve(opts.cwd, p)));
    const objects: DriftObject[] = [];
    const notes: (DocumentNote & { file: string })[] = [];
    const errors: string[] = [];
    const results = await Promise.all(
      files.map(async (path) => {
        const display = relative(opts.cwd, path) || path;
        let text: string;
        try {
          text = readFileSync(path, 'utf8');
        } catch (err) {
          errors.push(`${display}: ${(err as Error).message}`);
          return undefined;
        }
        const drift = await driftFile({ file: display, filePath: path, text }, { client, contextNamespace: client.context.namespace, fieldManager: opts.fieldManager });
        return { display, drift };
      }),
    );
    for (const r of results) {
      if (!r) continue;
      objects.push(...r.drift.objects);
      notes.push(...r.drift.notes.map((n) => ({ ...n, file: r.display })));
    }
    objects.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    const unreachable = objects.find((o) => o.state === 'unreachable');
    if (unreachable) errors.push(unreachable.reason ?? 'the cluster does not answer');
    const exitCode = errors.length ? 2 : objects.some((o) => o.state !== 'in-sync') ? 1 : 0;
    return { output: format(objects, notes, opts.format, client.context.name), errors, exitCode };
  } finally {
    client.close();
  }
}

function format(objects: DriftObject[], notes: (DocumentNote & { file: string })[], as: DriftFormat, context: string): string {
  if (as === 'json') return JSON.stringify({ objects: objects.map(jsonObject) }, null, 2);
  if (as === 'markdown') return markdown(objects, context);
  return text(objects, notes);
}

function jsonObject(o: DriftObject) {
  return {
    file: o.file,
    line: o.line + 1,
    apiVersion: o.apiVersion,
    kind: o.kind,
    namespace: o.namespace ?? null,
    name: o.name,
    state: o.state,
    approximate: o.approximate,
    reason: o.reason ?? null,
    fields: o.fields.map((f) => ({ path: f.path, git: f.git ?? null, live: f.live ?? null, manager: f.manager ?? null, time: f.time ?? null, class: f.class })),
  };
}

const objectName = (o: DriftObject) => `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
const show = (v: unknown) => (v === undefined ? '(absent)' : typeof v === 'string' ? v : JSON.stringify(v));

function text(objects: DriftObject[], notes: (DocumentNote & { file: string })[]): string {
  const lines: string[] = notes.map((n) => `${n.file}:${n.line + 1} not compared: ${n.note}`);
  for (const o of objects) {
    const flags = [o.approximate ? 'approximate' : '', o.controllerOnly ? 'owned by controllers only' : ''].filter(Boolean).join(', ');
    lines.push(`${o.file}:${o.line + 1} ${objectName(o)}: ${o.state}${flags ? ` (${flags})` : ''}${o.reason && o.state !== 'in-sync' ? ` — ${o.reason}` : ''}`);
    for (const f of o.fields) {
      const who = f.manager ? ` by ${f.manager}${f.time ? ` at ${f.time}` : ''}` : '';
      lines.push(`  ${f.path}: git ${show(f.git)}, live ${show(f.live)} [${f.class}${who}]`);
    }
  }
  const counts = summary(objects);
  lines.push(`${objects.length} object${objects.length === 1 ? '' : 's'}: ${counts}`);
  return lines.join('\n');
}

function summary(objects: DriftObject[]): string {
  const by = new Map<string, number>();
  for (const o of objects) by.set(o.state, (by.get(o.state) ?? 0) + 1);
  return [...by].map(([state, n]) => `${n} ${state}`).join(', ') || 'none';
}

/** A summary for a pull-request comment: a table of everything not in sync, then the differing fields. */
function markdown(objects: DriftObject[], context: string): string {
  const out: string[] = [];
  const notInSync = objects.filter((o) => o.state !== 'in-sync');
  out.push(`### Drift against \`${context}\``, '');
  out.push(`${objects.length} object${objects.length === 1 ? '' : 's'} compared: ${summary(objects)}.`);
  if (!notInSync.length) return out.join('\n');
  out.push('', '| Object | File | State | Fields |', '|---|---|---|---|');
  for (const o of notInSync) {
    const state = `${o.state}${o.approximate ? ' (approximate)' : ''}${o.controllerOnly ? ' (controllers only)' : ''}`;
    out.push(`| ${cell(objectName(o))} | \`${cell(o.file)}:${o.line + 1}\` | ${state} | ${o.fields.length || cell(o.reason ?? '')} |`);
  }
  for (const o of notInSync.filter((x) => x.fields.length)) {
    out.push('', `<details><summary>${cell(objectName(o))}</summary>`, '', '| Field | Git | Live | Who |', '|---|---|---|---|');
    for (const f of o.fields) {
      const who = `${f.class}${f.manager ? `: ${f.manager}` : ''}${f.time ? ` (${f.time})` : ''}`;
      out.push(`| \`${cell(f.path)}\` | ${cell(show(f.git))} | ${cell(show(f.live))} | ${cell(who)} |`);
    }
    out.push('', '</details>');
  }
  return out.join('\n');
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
