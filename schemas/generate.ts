// Generates the bundled Kubernetes schema set in schemas/k8s/ from the OpenAPI v3 documents that every
// k8s.io/kubernetes release module carries (api/openapi-spec/v3), fetched through the Go module proxy.
//
// Usage: node --import tsx schemas/generate.ts [1.34.4 1.35.4 ...]
//   without arguments: the newest patch of each of the 4 newest minors the module proxy serves.
//
// Output, per minor (schemas/k8s/<minor>/):
//   index.json              version, served kinds ("apps/v1/Deployment" -> schema, plural, namespaced) and the
//                           file of each schema package
//   <package>.json.br       { "<schema name>": <schema>, ... } for one package (the schema name minus its last
//                           segment), brotli-compressed, loaded lazily by the language server
// and once: schemas/k8s/versions.json (bundled minors, default) and schemas/k8s/removed-apis.json.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants as zlibConstants } from 'node:zlib';
import { deprecationsOfRelease } from './generator/api-lifecycle';
import { applyEnumOverlay, readEnumOverlay, type EnumOverlayEntry } from './generator/enum-overlay';
import {
  compareMinors,
  downloadModule,
  KUBERNETES_MODULE,
  newestKubernetesReleases,
  parseRelease,
  type KubernetesRelease,
} from './generator/go-modules';
import { compactSchema, extractKinds, readGroupVersionDocuments, type KindEntry } from './generator/openapi';
import { buildRemovedApiTable, computeRemovals, readRemovedApiHistory, type MinorKinds } from './generator/removed-apis';
import { SchemaSet } from './generator/schema-set';

const MINOR_COUNT = 4;
// The .vsix may not exceed 5 MB with the code included; the schema set gets at most 4 MiB of it.
const SIZE_BUDGET_BYTES = 4 * 1024 * 1024;
const OUTPUT_DIRECTORY = join(__dirname, 'k8s');
const OVERLAY_DIRECTORY = join(__dirname, 'overlay');
const MINOR_DIRECTORY_PATTERN = /^\d+\.\d+$/;

interface SizeReport {
  files: number;
  rawBytes: number;
  compressedBytes: number;
}

interface GeneratedMinor {
  release: KubernetesRelease;
  kinds: Map<string, KindEntry>;
  appliedEnumKeys: string[];
  size: SizeReport;
}

const warnings: string[] = [];
function warn(message: string): void {
  warnings.push(message);
  console.warn(`warning: ${message}`);
}

function compress(json: string): Buffer {
  const input = Buffer.from(json, 'utf8');
  return brotliCompressSync(input, {
    params: {
      [zlibConstants.BROTLI_PARAM_QUALITY]: 11,
      [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT,
      [zlibConstants.BROTLI_PARAM_SIZE_HINT]: input.length,
    },
  });
}

function writeJson(file: string, value: unknown): number {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  writeFileSync(file, text);
  return Buffer.byteLength(text);
}

function generateMinor(release: KubernetesRelease, enumOverlay: EnumOverlayEntry[]): GeneratedMinor {
  const moduleDirectory = downloadModule(KUBERNETES_MODULE, `v${release.version}`);
  const documents = readGroupVersionDocuments(join(moduleDirectory, 'api', 'openapi-spec', 'v3'));

  const kinds = new Map<string, KindEntry>();
  const schemas = new SchemaSet(warn);
  for (const document of documents) {
    for (const [key, entry] of extractKinds(document, warn)) {
      if (kinds.has(key)) warn(`${release.minor}: ${key} is served by more than one document`);
      kinds.set(key, entry);
    }
    for (const [name, schema] of Object.entries(document.schemas)) schemas.add(name, compactSchema(schema), document.fileName);
  }
  for (const [key, entry] of kinds) {
    if (!schemas.get(entry.schema)) throw new Error(`${release.minor}: ${key} names a missing schema ${entry.schema}`);
  }
  const { applied } = applyEnumOverlay(schemas, enumOverlay, release.minor);

  const directory = join(OUTPUT_DIRECTORY, release.minor);
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });

  const size: SizeReport = { files: 0, rawBytes: 0, compressedBytes: 0 };
  const packageFiles: Record<string, string> = {};
  for (const [packageName, members] of schemas.byPackage()) {
    const fileName = `${packageName}.json.br`;
    const json = JSON.stringify(Object.fromEntries(members));
    const compressed = compress(json);
    writeFileSync(join(directory, fileName), compressed);
    packageFiles[packageName] = fileName;
    size.files += 1;
    size.rawBytes += Buffer.byteLength(json);
    size.compressedBytes += compressed.length;
  }

  const indexBytes = writeJson(join(directory, 'index.json'), {
    version: release.version,
    minor: release.minor,
    kinds: Object.fromEntries(kinds),
    packages: packageFiles,
  });
  size.files += 1;
  size.rawBytes += indexBytes;
  size.compressedBytes += indexBytes;

  console.log(`${release.minor}: ${release.version}, ${documents.length} group-versions, ${kinds.size} kinds, ${schemas.size} schemas, ${applied.length}/${enumOverlay.length} overlay enums`);
  return { release, kinds, appliedEnumKeys: applied, size };
}

function removeStaleMinors(minors: string[]): void {
  if (!existsSync(OUTPUT_DIRECTORY)) return;
  for (const entry of readdirSync(OUTPUT_DIRECTORY)) {
    if (MINOR_DIRECTORY_PATTERN.test(entry) && !minors.includes(entry)) {
      rmSync(join(OUTPUT_DIRECTORY, entry), { recursive: true, force: true });
      console.log(`removed ${entry}: no longer generated`);
    }
  }
}

function directorySize(directory: string): number {
  return readdirSync(directory).reduce((total, entry) => {
    const path = join(directory, entry);
    const stats = statSync(path);
    return total + (stats.isDirectory() ? directorySize(path) : stats.size);
  }, 0);
}

function formatBytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`.padStart(12);
}

function printSizeReport(generated: GeneratedMinor[]): number {
  console.log('\nminor     files      raw bytes   compressed');
  for (const { release, size } of generated) {
    console.log(`${release.minor.padEnd(6)} ${String(size.files).padStart(8)} ${formatBytes(size.rawBytes)} ${formatBytes(size.compressedBytes)}`);
  }
  const raw = generated.reduce((total, { size }) => total + size.rawBytes, 0);
  const compressed = generated.reduce((total, { size }) => total + size.compressedBytes, 0);
  const files = generated.reduce((total, { size }) => total + size.files, 0);
  console.log(`${'total'.padEnd(6)} ${String(files).padStart(8)} ${formatBytes(raw)} ${formatBytes(compressed)}`);
  const onDisk = directorySize(OUTPUT_DIRECTORY);
  console.log(`schemas/k8s on disk: ${formatBytes(onDisk).trim()} (budget ${formatBytes(SIZE_BUDGET_BYTES).trim()})`);
  return onDisk;
}

function selectReleases(argv: string[]): KubernetesRelease[] {
  const releases = argv.length > 0 ? argv.map(parseRelease) : newestKubernetesReleases(MINOR_COUNT);
  releases.sort((left, right) => compareMinors(left.minor, right.minor));
  const minors = releases.map(({ minor }) => minor);
  if (new Set(minors).size !== minors.length) throw new Error(`one release per minor, got ${releases.map(({ version }) => version).join(' ')}`);
  return releases;
}

function main(argv: string[]): void {
  const releases = selectReleases(argv);
  console.log(`generating ${releases.map(({ version }) => version).join(', ')}`);
  const enumOverlay = readEnumOverlay(join(OVERLAY_DIRECTORY, 'enums.json'));

  mkdirSync(OUTPUT_DIRECTORY, { recursive: true });
  const generated = releases.map((release) => generateMinor(release, enumOverlay));
  removeStaleMinors(releases.map(({ minor }) => minor));

  const appliedSomewhere = new Set(generated.flatMap(({ appliedEnumKeys }) => appliedEnumKeys));
  for (const { key } of enumOverlay) {
    if (!appliedSomewhere.has(key)) warn(`enum overlay key matches no property in any generated minor: ${key}`);
  }

  const minors = generated.map(({ release }) => release.minor);
  writeJson(join(OUTPUT_DIRECTORY, 'versions.json'), { default: minors[minors.length - 1], versions: minors });

  // Deprecation data is only needed for the minors that precede a computed removal.
  const minorKinds: MinorKinds[] = generated.map(({ release, kinds }, index) => {
    const keys = new Set(kinds.keys());
    const next = generated[index + 1];
    const losesKinds = next !== undefined && [...keys].some((key) => !next.kinds.has(key));
    return { minor: release.minor, kinds: keys, deprecatedIn: losesKinds ? deprecationsOfRelease(release, warn) : new Map() };
  });
  const newestKinds = minorKinds[minorKinds.length - 1].kinds;
  const removedApis = buildRemovedApiTable(
    readRemovedApiHistory(join(OVERLAY_DIRECTORY, 'removed-apis-history.json')),
    computeRemovals(minorKinds),
    newestKinds,
    warn,
  );
  writeJson(join(OUTPUT_DIRECTORY, 'removed-apis.json'), removedApis);
  console.log(`removed-apis.json: ${removedApis.length} entries`);

  const onDisk = printSizeReport(generated);
  if (warnings.length > 0) console.log(`\n${warnings.length} warning(s), see above`);
  if (onDisk > SIZE_BUDGET_BYTES) throw new Error(`schemas/k8s takes ${onDisk} bytes, over the ${SIZE_BUDGET_BYTES}-byte budget`);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error(`schema generation failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
