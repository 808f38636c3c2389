// `npm run peers`: builds or installs the tools we compare against (kubeconform, kube-score, yaml-language-server)
// into the project cache, skipping whatever is already there, and prints where each one is.
// Usage: npm run peers [-- kubeconform kube-score yaml-language-server]
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { binDir, cacheDir, repoRoot } from './paths';
import { writeKubeconformSchemas } from './kubeconformSchemas';

const execFileAsync = promisify(execFile);

export const peersNodeDir = join(cacheDir, 'peers');

interface GoPeer {
  kind: 'go';
  name: string;
  /** Main package path; the module is resolved by `go install`. */
  pkg: string;
  /** Versions to try in order; `latest` accepts whatever the module proxy serves as latest. */
  versions: string[];
}

interface NpmPeer {
  kind: 'npm';
  name: string;
  /** npm spec. 2.x needs Node >= 22.13; the comparison is against the 1.x line that Node 20 users get. */
  spec: string;
  majorVersion: number;
}

type Peer = GoPeer | NpmPeer;

export const peers: readonly Peer[] = [
  { kind: 'go', name: 'kubeconform', pkg: 'github.com/yannh/kubeconform/cmd/kubeconform', versions: ['v0.8.0', 'latest'] },
  { kind: 'go', name: 'kube-score', pkg: 'github.com/zegl/kube-score/cmd/kube-score', versions: ['latest'] },
  { kind: 'npm', name: 'yaml-language-server', spec: 'yaml-language-server@1', majorVersion: 1 },
];

/** Where each peer's executable ends up. */
export const peerPaths: Record<string, string> = {
  kubeconform: join(binDir, 'kubeconform'),
  'kube-score': join(binDir, 'kube-score'),
  'yaml-language-server': join(peersNodeDir, 'node_modules', '.bin', 'yaml-language-server'),
};

/** Same caches as the other Go builds under the project cache (see test/infra/gitea/go-env.sh). */
function goEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GOBIN: binDir,
    GOMODCACHE: join(cacheDir, 'go', 'mod'),
    GOCACHE: join(cacheDir, 'go', 'build'),
    GOTOOLCHAIN: process.env.GOTOOLCHAIN ?? 'local',
    GOFLAGS: '-buildvcs=false',
    CGO_ENABLED: '0',
  };
}

/** Module version recorded in a Go binary (`go version -m`), or undefined if there is no such binary. */
async function goBinaryModuleVersion(binary: string): Promise<string | undefined> {
  if (!existsSync(binary)) return undefined;
  const { stdout } = await execFileAsync('go', ['version', '-m', binary], { env: goEnv() });
  return /^\s*mod\s+\S+\s+(\S+)/m.exec(stdout)?.[1];
}

export async function ensureGoPeer(peer: GoPeer): Promise<string> {
  const binary = peerPaths[peer.name];
  const present = await goBinaryModuleVersion(binary);
  if (present && (peer.versions[0] === 'latest' || present === peer.versions[0])) {
    return `present (${present})`;
  }
  const failures: string[] = [];
  for (const version of peer.versions) {
    try {
      await execFileAsync('go', ['install', '-trimpath', '-ldflags=-s -w', `${peer.pkg}@${version}`], {
        env: goEnv(),
        cwd: repoRoot,
        maxBuffer: 16 * 1024 * 1024,
      });
      return `installed (${await goBinaryModuleVersion(binary)})`;
    } catch (err) {
      failures.push(`${version}: ${(err as { stderr?: string }).stderr?.trim() || String(err)}`);
    }
  }
  throw new Error(`go install ${peer.pkg} failed:\n${failures.join('\n')}`);
}

function installedNpmVersion(name: string): string | undefined {
  const manifest = join(peersNodeDir, 'node_modules', name, 'package.json');
  if (!existsSync(manifest)) return undefined;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

async function ensureNpmPeer(peer: NpmPeer): Promise<string> {
  const present = installedNpmVersion(peer.name);
  if (present && Number.parseInt(present, 10) === peer.majorVersion) return `present (${present})`;
  await mkdir(peersNodeDir, { recursive: true });
  // A separate prefix keeps the peers out of the project's own dependency tree and lockfile.
  await execFileAsync('npm', ['install', '--prefix', peersNodeDir, '--no-audit', '--no-fund', peer.spec], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return `installed (${installedNpmVersion(peer.name)})`;
}

export const kubeconformSchemaDir = join(cacheDir, 'peers', 'kubeconform-schemas');

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !peers.some((p) => p.name === name));
  if (unknown.length > 0) throw new Error(`unknown peer(s): ${unknown.join(', ')}`);
  const selected = peers.filter((p) => wanted.length === 0 || wanted.includes(p.name));

  let failed = false;
  for (const peer of selected) {
    const started = performance.now();
    try {
      const status = peer.kind === 'go' ? await ensureGoPeer(peer) : await ensureNpmPeer(peer);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`${peer.name}: ${status} in ${seconds}s -> ${peerPaths[peer.name]}`);
    } catch (err) {
      failed = true;
      console.error(`${peer.name}: FAILED\n${err instanceof Error ? err.message : String(err)}`);
    }
  }

  if (selected.some((p) => p.name === 'kubeconform')) {
    const written = writeKubeconformSchemas(kubeconformSchemaDir);
    console.log(`kubeconform schemas: ${written} kinds -> ${kubeconformSchemaDir}`);
  }
  if (failed) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
