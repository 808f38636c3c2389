// Kubernetes releases and their sources through the Go module proxy: the only network source the project's
// machines and CI reach, and every k8s.io/kubernetes module carries api/openapi-spec/v3 of its release.
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';

export const KUBERNETES_MODULE = 'k8s.io/kubernetes';

export interface KubernetesRelease {
  /** Full release version without the leading "v", e.g. "1.37.2". */
  version: string;
  /** Minor line, e.g. "1.37": the unit the extension lets users pick. */
  minor: string;
}

interface SemanticVersion {
  major: number;
  minor: number;
  patch: number;
}

const RELEASE_PATTERN = /^v?(\d+)\.(\d+)\.(\d+)$/;

function parseSemanticVersion(text: string): SemanticVersion | undefined {
  const match = RELEASE_PATTERN.exec(text.trim());
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

function toRelease(version: SemanticVersion): KubernetesRelease {
  return {
    version: `${version.major}.${version.minor}.${version.patch}`,
    minor: `${version.major}.${version.minor}`,
  };
}

/** Parses "1.37.2" or "v1.37.2"; pre-releases and anything else are refused. */
export function parseRelease(text: string): KubernetesRelease {
  const version = parseSemanticVersion(text);
  if (!version) throw new Error(`not a Kubernetes release version: ${text}`);
  return toRelease(version);
}

/** Orders minors like "1.9" < "1.10" (plain string order would not). */
export function compareMinors(left: string, right: string): number {
  const [leftMajor, leftMinor] = left.split('.').map(Number);
  const [rightMajor, rightMinor] = right.split('.').map(Number);
  return leftMajor - rightMajor || leftMinor - rightMinor;
}

// Run go outside any module so a go.mod or go.work nearby cannot change what is resolved.
function runGo(args: string[]): string {
  return execFileSync('go', args, {
    cwd: tmpdir(),
    encoding: 'utf8',
    env: { ...process.env, GO111MODULE: 'on', GOFLAGS: '-mod=mod' },
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Lists the versions the module proxy serves for a module (pre-releases included; callers filter). */
export function listModuleVersions(modulePath: string): string[] {
  return runGo(['list', '-m', '-versions', modulePath]).trim().split(/\s+/).slice(1);
}

/** The newest patch of each of the `count` newest minors of k8s.io/kubernetes, oldest first. */
export function newestKubernetesReleases(count: number): KubernetesRelease[] {
  const newestPatchByMinor = new Map<string, SemanticVersion>();
  for (const text of listModuleVersions(KUBERNETES_MODULE)) {
    const version = parseSemanticVersion(text);
    if (!version) continue; // alpha, beta and rc tags are not releases users run
    const minor = `${version.major}.${version.minor}`;
    const known = newestPatchByMinor.get(minor);
    if (!known || version.patch > known.patch) newestPatchByMinor.set(minor, version);
  }
  const minors = [...newestPatchByMinor.keys()].sort(compareMinors).slice(-count);
  return minors.map((minor) => toRelease(newestPatchByMinor.get(minor)!));
}

/** Downloads a module version into the module cache (a no-op when already there) and returns its directory. */
export function downloadModule(modulePath: string, version: string): string {
  const output = runGo(['mod', 'download', '-json', `${modulePath}@${version}`]);
  const result = JSON.parse(output) as { Dir?: string; Error?: string };
  if (result.Error || !result.Dir) {
    throw new Error(`go mod download ${modulePath}@${version}: ${result.Error ?? 'no directory reported'}`);
  }
  return result.Dir;
}
