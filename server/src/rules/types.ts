// What a best-practice rule is: metadata plus a small predicate over one object (kube-linter/Polaris style).
import type { Severity } from '../parse/finding';
import type { YamlPath } from '../parse/yamlPath';
import type { RulesConfig } from './config';
import type { PodTemplate } from './workloads';
import type { ObjectIndex, ReadView } from '../workspace/objects';

export type Obj = Record<string, unknown>;
export type Profile = 'baseline' | 'restricted';

export interface RuleMeta {
  /** Stable id from the catalogue, e.g. `SEC001`. */
  id: string;
  /** kebab-case name, e.g. `privileged-container`. */
  name: string;
  title: string;
  /** Why it matters, in one or two sentences. */
  rationale: string;
  /** How to fix it, in one line. */
  fix: string;
  severity: Severity | 'off';
  /** Kinds it applies to; `workloads` = every kind with a pod template (see workloads.ts). */
  kinds: string[] | 'workloads' | 'all';
  /** `restricted` rules run only under the restricted profile. */
  profile: Profile;
  /** The same check in other tools, for suppression interop and config mapping. */
  equivalents?: { kubeLinter?: string[]; polaris?: string[]; kubeScore?: string[]; checkov?: string[]; pss?: string[] };
  /** The rule's optional condition, off by default (the catalogue's "off" half), switched on by `rules.optional`. */
  optional?: string;
  /** Runs over the workspace index (cross-object rules). */
  workspace?: boolean;
  /**
   * Kinds a workspace rule looks up in the index (`workloads` = every kind with a pod template); its findings are
   * recomputed only when objects of these kinds change. Undefined: any change.
   */
  reads?: string[];
  /**
   * What the rule looks at in the objects it reads, as a string (see readViews.ts): its findings are recomputed
   * only when this changes for some object of the `reads` kinds. Undefined: the whole object.
   */
  readsView?: ReadView;
}

export type { ReadView };

/** A structural edit a fix makes; turned into minimal, comment-preserving text edits by yamlEdits.ts. */
export type EditOp =
  | { op: 'set'; path: YamlPath; value: unknown }
  | { op: 'delete'; path: YamlPath }
  /** `text` may be a function: building a document's text costs more than most fixes are ever used. */
  | { op: 'appendDocument'; text: string | (() => string) };

export interface FixSpec {
  title: string;
  ops: EditOp[];
  isPreferred?: boolean;
}

export interface RuleFinding {
  /** YAML path of the offending node; the range is its key when it has one, else the node. */
  path: YamlPath;
  message: string;
  /** Overrides the rule's default severity for this finding (e.g. E for docker.sock, W otherwise). */
  severity?: Severity;
  fixes?: FixSpec[];
}

export interface RuleContext {
  object: Obj;
  apiVersion: string;
  kind: string;
  name?: string;
  namespace?: string;
  minor: string;
  profile: Profile;
  config: RulesConfig;
  /** Pod templates in the object (one for workloads, none otherwise). */
  podTemplates: PodTemplate[];
  /** Every manifest in the workspace (or the CLI's inputs); undefined when not available. */
  index?: ObjectIndex;
  /** The file (path or URI, as the index names it) the object is in; given to cross-object rules. */
  source?: string;
  /** The rule's optional conditions are on (`rules.optional`, or kube-score's `kube-score/enable` on the object). */
  optional: boolean;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): RuleFinding[];
}
