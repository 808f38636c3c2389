// Our bundled Kubernetes schemas in the layout yaml-language-server downloads for `yaml.schemas: { kubernetes: … }`:
// yannh/kubernetes-json-schema's `<vX.Y.Z>-standalone-strict/all.json` (a oneOf of $refs to every kind) and
// `_definitions.json` (every named schema under `definitions`, refs as `#/definitions/<name>`).
// Each schema first goes through the same preparation our validator applies (closed objects, int-or-string,
// quantities), so both servers judge the documents by the same rules.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { INT_OR_STRING, QUANTITY, prepareNamedSchema, type JsonSchema } from '../../server/src/schema/prepareSchema';

export interface YannhSchemaSet {
  /** Patch version of the bundled minor, e.g. `1.35.0`: yaml-language-server's `yaml.kubernetesVersion`. */
  version: string;
  kinds: number;
  definitions: number;
  allJson: string;
  definitionsJson: string;
}

interface BundledIndex {
  version: string;
  kinds: Record<string, { schema: string }>;
  packages: Record<string, string>;
}

const DEFINITIONS_FILE = '_definitions.json';

export function buildYannhSchemaSet(schemasDir: string): YannhSchemaSet {
  const { default: minor } = JSON.parse(readFileSync(join(schemasDir, 'versions.json'), 'utf8')) as { default: string };
  const index = JSON.parse(readFileSync(join(schemasDir, minor, 'index.json'), 'utf8')) as BundledIndex;

  const definitions: Record<string, unknown> = {};
  for (const file of Object.values(index.packages)) {
    const raw = brotliDecompressSync(readFileSync(join(schemasDir, minor, file))).toString('utf8');
    for (const [name, schema] of Object.entries(JSON.parse(raw) as Record<string, JsonSchema>)) {
      definitions[name] = toDraft4(prepareNamedSchema(name, schema));
    }
  }
  const kindSchemas = [...new Set(Object.values(index.kinds).map((k) => k.schema))].filter((name) => name in definitions).sort();
  const all = { oneOf: kindSchemas.map((name) => ({ $ref: `${DEFINITIONS_FILE}#/definitions/${name}` })) };
  return {
    version: index.version,
    kinds: kindSchemas.length,
    definitions: Object.keys(definitions).length,
    allJson: JSON.stringify(all),
    definitionsJson: JSON.stringify({ definitions }),
  };
}

/** Rewrites bare-name refs and our own keywords into plain JSON Schema that any validator understands. */
function toDraft4(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toDraft4);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') out.$ref = value.startsWith('#') ? value : `#/definitions/${value}`;
    else if (key === INT_OR_STRING && value === true) out.oneOf = [{ type: 'string' }, { type: 'integer' }];
    else if (key === QUANTITY && value === true) out.oneOf = [{ type: 'string' }, { type: 'number' }];
    else out[key] = toDraft4(value);
  }
  return out;
}

/** The yannh URLs yaml-language-server builds for the `kubernetes` keyword (any version, strict flavour). */
const YANNH_URL = /^https:\/\/raw\.githubusercontent\.com\/yannh\/kubernetes-json-schema\/master\/v[\d.]+-standalone-strict\/([^/#?]+)/;

/** Answers a `vscode/content` request, or throws for anything that is not part of the schema set. */
export function serveYannhUrl(set: YannhSchemaSet, uri: string): string {
  const file = YANNH_URL.exec(uri)?.[1];
  if (file === 'all.json') return set.allJson;
  if (file === DEFINITIONS_FILE) return set.definitionsJson;
  throw new Error(`not served by the benchmark (offline): ${uri}`);
}
