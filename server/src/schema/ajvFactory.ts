// One configured Ajv: formats Kubernetes uses, and our keywords for int-or-string and quantities.
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { RE2JS } from 're2js';
import { INT_OR_STRING, QUANTITY } from './prepareSchema';

// resource.Quantity's grammar (as controller-gen emits it for CRDs).
export const QUANTITY_PATTERN =
  /^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$/;

export function createAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    strict: false,
    validateFormats: true,
    // Kubernetes schemas are trees of `$ref`s; inlining keeps shared definitions compiled once.
    inlineRefs: false,
    // Ajv's pass that simplifies the generated code cost a third of compiling a Deployment's schema, and each
    // validator runs on one document at a time: not worth it.
    code: { optimize: false, regExp: goRegExp },
    // Our schemas come from our own generator and CRDs the apiserver accepted: checking them against the
    // meta-schema costs time on every first use and finds nothing.
    validateSchema: false,
  });
  addFormats(ajv);
  // Formats Kubernetes declares that carry no checkable syntax (or that the apiserver does not enforce).
  for (const f of ['int32', 'int64', 'double', 'float', 'int-or-string', 'quantity']) {
    if (!ajv.formats[f]) ajv.addFormat(f, true);
  }
  ajv.addFormat('byte', { type: 'string', validate: isBase64 });
  ajv.addKeyword({
    keyword: INT_OR_STRING,
    schemaType: 'boolean',
    errors: true,
    validate: function intOrString(enabled: boolean, data: unknown) {
      if (!enabled) return true;
      if (typeof data === 'string' || (typeof data === 'number' && Number.isInteger(data))) return true;
      (intOrString as unknown as { errors: Partial<ErrorObject>[] }).errors = [
        { keyword: INT_OR_STRING, message: 'must be an integer or a string', params: {} },
      ];
      return false;
    },
  });
  ajv.addKeyword({
    keyword: QUANTITY,
    schemaType: 'boolean',
    errors: true,
    validate: function quantity(enabled: boolean, data: unknown) {
      if (!enabled) return true;
      if (typeof data === 'number' && Number.isFinite(data)) return true;
      if (typeof data === 'string' && QUANTITY_PATTERN.test(data)) return true;
      (quantity as unknown as { errors: Partial<ErrorObject>[] }).errors = [
        { keyword: QUANTITY, message: 'must be a quantity', params: {} },
      ];
      return false;
    },
  });
  return ajv;
}

/**
 * CRD patterns are Go (RE2) regular expressions, matched here with RE2's semantics in linear time: a JavaScript
 * RegExp backtracks, and `^(a+)+$` against a few dozen characters would block the server for minutes. A pattern
 * RE2 rejects (the apiserver would have refused the CRD) checks nothing rather than breaking the whole object.
 */
function goRegExp(pattern: string): { test: (s: string) => boolean; toString: () => string } {
  // Ajv shares one compiled pattern per `toString()`: it must name the pattern.
  const toString = () => `re2:${pattern}`;
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch {
    return { test: () => true, toString };
  }
  return { test: (s: string) => re.matcher(s).find(), toString };
}
// Ajv names the engine in generated standalone code; validators here are compiled at run time only.
goRegExp.code = 'goRegExp';

function isBase64(s: string): boolean {
  const t = s.replace(/\s+/g, '');
  return t.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(t);
}
