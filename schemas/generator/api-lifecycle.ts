// When a served beta or alpha kind was deprecated. The OpenAPI documents do not say; the k8s.io/api module of
// the same release does, in the zz_generated.prerelease-lifecycle.go files the apiserver itself uses to send
// deprecation warnings ("APILifecycleDeprecated() (major, minor int) { return 1, 22 }").
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { downloadModule, type KubernetesRelease } from './go-modules';
import { kindKeyOf } from './openapi';

const API_MODULE = 'k8s.io/api';
const LIFECYCLE_FILE = 'zz_generated.prerelease-lifecycle.go';
const GROUP_NAME_PATTERN = /const GroupName = "([^"]*)"/;
const DEPRECATED_PATTERN = /func \(in \*(\w+)\) APILifecycleDeprecated\(\) \(major, minor int\) \{\s*return (\d+), (\d+)/g;

function listLifecycleDirectories(root: string): string[] {
  const found: string[] = [];
  const visit = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      if (entry.isDirectory()) visit(join(directory, entry.name));
      else if (entry.name === LIFECYCLE_FILE) found.push(directory);
    }
  };
  visit(root);
  return found;
}

/** Kind key ("batch/v1beta1/CronJob") to the minor it was deprecated in, for one release of k8s.io/api. */
export function readDeprecations(moduleDirectory: string): Map<string, string> {
  const deprecatedIn = new Map<string, string>();
  for (const directory of listLifecycleDirectories(moduleDirectory)) {
    const registerFile = join(directory, 'register.go');
    if (!existsSync(registerFile)) continue;
    const groupName = GROUP_NAME_PATTERN.exec(readFileSync(registerFile, 'utf8'))?.[1];
    if (groupName === undefined) continue;
    const version = directory.split(/[\\/]/).pop()!;
    const source = readFileSync(join(directory, LIFECYCLE_FILE), 'utf8');
    for (const match of source.matchAll(DEPRECATED_PATTERN)) {
      deprecatedIn.set(kindKeyOf({ group: groupName, version, kind: match[1] }), `${match[2]}.${match[3]}`);
    }
  }
  return deprecatedIn;
}

/**
 * Deprecations known to the k8s.io/api release that matches a Kubernetes release (v1.37.2 -> v0.37.2).
 * Optional data: without it removals simply carry no deprecatedIn, so a failed download only warns.
 */
export function deprecationsOfRelease(release: KubernetesRelease, warn: (message: string) => void): Map<string, string> {
  const [, minor, patch] = release.version.split('.');
  try {
    return readDeprecations(downloadModule(API_MODULE, `v0.${minor}.${patch}`));
  } catch (error) {
    warn(`no deprecation data for ${release.version}: ${(error as Error).message.split('\n')[0]}`);
    return new Map();
  }
}
