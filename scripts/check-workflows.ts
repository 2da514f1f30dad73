/**
 * Checks what action-validator cannot know about the workflows CI runs and the ones users copy
 * from the README and docs/:
 * - a step that uses one of this repository's actions (`uses: ./`, `uses: ./verify-release`,
 *   `uses: OWNER/REPO@v1`, `uses: OWNER/REPO/verify-release@v1`) passes only inputs that its
 *   action.yml declares;
 * - a workflow sets `permissions:` (at the top or on every job), so its token gets only what
 *   the workflow asks for, never the repository's default;
 * - a job whose certwright step keeps state (`store`) runs in a `concurrency:` group that never
 *   cancels a run in progress, so two runs never write the state at once;
 * - no step uses a major version of a common action that runs on Node 20.
 *
 *   node --import tsx scripts/check-workflows.ts [--extract DIR] FILE...
 *
 * FILE is a workflow or a Markdown file. In Markdown each ```yaml block is checked: a block with
 * `on:` and `jobs:` as a workflow, a list of steps as steps, a block of `with:` alone as the
 * inputs of the main action. With `--extract DIR`, each Markdown workflow is also written to
 * DIR as `<file>-<line>.yml`, for action-validator. Prints one line per problem (file:line, the
 * job and step, what is wrong) and exits 1 if there is any.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMap, isScalar, isSeq, LineCounter, parse, parseDocument, type Node, type YAMLMap } from 'yaml';

/** A piece of YAML and where it starts: a whole workflow file, or one block of a Markdown file. */
export interface YamlSource {
  readonly file: string;
  /** Line (1-based) of the file on which `text` starts. */
  readonly line: number;
  readonly text: string;
}

/** This repository's actions, as steps name them, and the inputs each declares. */
export interface LocalActions {
  /** owner/name of this repository, lower case, for `uses: owner/name@ref`. */
  readonly repository: string;
  /** Inputs by action folder: '' for the root action.yml, 'verify-release' for verify-release/action.yml. */
  readonly inputs: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * The oldest major of each common action that runs on Node 24. Older majors run on Node 20,
 * which GitHub's runners no longer ship.
 */
export const NODE24_MAJORS: Readonly<Record<string, number>> = {
  'actions/checkout': 5,
  'actions/setup-node': 5,
  'actions/create-github-app-token': 3,
  'aws-actions/configure-aws-credentials': 6,
};

/** The ```yaml blocks of a Markdown file, each with the line its first line is on. */
export function markdownYamlBlocks(file: string, markdown: string): YamlSource[] {
  const blocks: YamlSource[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ya?ml\s*$/.test(lines[i] ?? '')) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end] ?? '')) end++;
    blocks.push({ file, line: start + 1, text: lines.slice(start, end).join('\n') + '\n' });
    i = end;
  }
  return blocks;
}

/** Whether a parsed block is a workflow: a mapping with `on` and `jobs`. */
export function isWorkflow(source: YamlSource): boolean {
  try {
    const value: unknown = parse(source.text);
    return typeof value === 'object' && value !== null && 'on' in value && 'jobs' in value;
  } catch {
    return false;
  }
}

/** Which of this repository's actions `uses` names: its folder ('' for the root), or undefined for any other action. */
export function localActionFolder(uses: string, repository: string): string | undefined {
  const local = /^\.\/?(.*?)\/?$/.exec(uses);
  if (local && uses.startsWith('.')) return local[1] ?? '';
  const remote = /^([^/@]+\/[^/@]+)(?:\/([^@]+?))?\/?@.+$/.exec(uses);
  if (remote && remote[1]?.toLowerCase() === repository) return remote[2] ?? '';
  return undefined;
}

/** Problems in one piece of YAML, each as `file:line: what`. */
export function checkSource(source: YamlSource, actions: LocalActions): string[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter });
  const at = (node: Node | null | undefined): string =>
    `${source.file}:${source.line + (node?.range ? lineCounter.linePos(node.range[0]).line - 1 : 0)}`;
  if (doc.errors.length > 0) return [`${at(null)}: not valid YAML: ${doc.errors[0]?.message.split('\n')[0] ?? ''}`];
  const root = doc.contents;
  if (isMap(root) && root.has('on') && root.has('jobs')) return checkWorkflow(root, actions, at);
  if (isSeq(root))
    return root.items.flatMap((step, index) => (isMap(step) ? checkStep(step, `step ${index + 1}`, actions, at) : []));
  if (isMap(root) && root.items.length === 1 && root.has('with')) {
    // A lone `with:` block continues the main action's step shown just before it.
    return checkInputs(root.get('with', true), '', `the ${actions.repository} step`, actions, at);
  }
  return [];
}

type Locate = (node: Node | null | undefined) => string;

function checkWorkflow(workflow: YAMLMap, actions: LocalActions, at: Locate): string[] {
  const problems: string[] = [];
  const jobs = workflow.get('jobs', true);
  if (!isMap(jobs)) return [`${at(jobs)}: jobs: is not a mapping`];
  const withoutPermissions: Node[] = [];
  for (const pair of jobs.items) {
    const id = String(isScalar(pair.key) ? pair.key.value : pair.key);
    const job = pair.value;
    if (!isMap(job)) continue;
    if (!workflow.has('permissions') && !job.has('permissions')) withoutPermissions.push(pair.key as Node);
    problems.push(...checkAttestationsPermission(job.get('permissions', true), at));
    const steps = job.get('steps', true);
    if (!isSeq(steps)) continue;
    steps.items.forEach((step, index) => {
      if (!isMap(step)) return;
      const name = `job ${id}, step ${index + 1}${stepLabel(step)}`;
      problems.push(...checkStep(step, name, actions, at));
      if (keepsState(step, actions)) problems.push(...checkConcurrency(workflow, job, pair.key as Node, name, at));
    });
  }
  if (withoutPermissions.length > 0) {
    const names = withoutPermissions.map((key) => String(isScalar(key) ? key.value : key)).join(', ');
    problems.push(
      `${at(withoutPermissions[0])}: no permissions: for job(s) ${names} (set them at the top or on each job; without them the token gets the repository's default, which may be read-write)`,
    );
  }
  return problems;
}

/** The `attestations` permission, which action-validator's schema does not know yet (it is checked without it). */
function checkAttestationsPermission(permissions: unknown, at: Locate): string[] {
  if (!isMap(permissions)) return [];
  const node = permissions.get('attestations', true);
  if (node === undefined) return [];
  const value = isScalar(node) ? String(node.value) : '';
  return ['read', 'write', 'none'].includes(value)
    ? []
    : [`${at(node)}: permissions: attestations is "${value}"; expected read, write or none`];
}

/** ` (id)` or ` (name)` of a step, for messages. */
function stepLabel(step: YAMLMap): string {
  const label = step.get('id') ?? step.get('name');
  // A scalar's value; anything else (a mapping given as a name) says nothing useful.
  return typeof label === 'string' || typeof label === 'number' ? ` (${label})` : '';
}

function checkStep(step: YAMLMap, name: string, actions: LocalActions, at: Locate): string[] {
  const usesNode = step.get('uses', true);
  if (!isScalar(usesNode) || typeof usesNode.value !== 'string') return [];
  const uses = usesNode.value;
  const outdated = node20Major(uses);
  if (outdated) return [`${at(usesNode)}: ${name}: ${uses} runs on Node 20; use ${outdated} or later`];
  const folder = localActionFolder(uses, actions.repository);
  if (folder === undefined) return [];
  return checkInputs(step.get('with', true), folder, `${name}: ${uses}`, actions, at, usesNode);
}

function checkInputs(
  withNode: unknown,
  folder: string,
  name: string,
  actions: LocalActions,
  at: Locate,
  usesNode?: Node,
): string[] {
  const declared = actions.inputs.get(folder);
  const file = folder === '' ? 'action.yml' : `${folder}/action.yml`;
  if (!declared) return [`${at(usesNode)}: ${name}: there is no ${file} in this repository`];
  if (!isMap(withNode)) return [];
  return withNode.items.flatMap((pair) => {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    return declared.has(key)
      ? []
      : [`${at(pair.key as Node)}: ${name}: unknown input "${key}" (not declared in ${file})`];
  });
}

/** Whether a step runs the main action with a state store. */
function keepsState(step: YAMLMap, actions: LocalActions): boolean {
  const uses = step.get('uses');
  if (typeof uses !== 'string' || localActionFolder(uses, actions.repository) !== '') return false;
  const inputs = step.get('with', true);
  return isMap(inputs) && inputs.has('store');
}

function checkConcurrency(workflow: YAMLMap, job: YAMLMap, jobKey: Node, name: string, at: Locate): string[] {
  const node = job.get('concurrency', true) ?? workflow.get('concurrency', true);
  if (node === undefined)
    return [
      `${at(jobKey)}: ${name} keeps state (store:) but runs in no concurrency: group, so two runs could write it at once`,
    ];
  const cancels = isMap(node) ? node.get('cancel-in-progress') : undefined;
  if (cancels === true || cancels === 'true')
    return [
      `${at(node)}: ${name} keeps state but its concurrency: group cancels runs in progress; set cancel-in-progress: false`,
    ];
  return [];
}

/** The first Node 24 major (`actions/checkout@v5`) when `uses` names an older one, else undefined. */
export function node20Major(uses: string): string | undefined {
  const match = /^([^@]+)@v(\d+)(?:\.\d+)*$/.exec(uses);
  const first = match ? NODE24_MAJORS[match[1] ?? ''] : undefined;
  return first !== undefined && Number(match?.[2]) < first ? `${match?.[1]}@v${first}` : undefined;
}

/** This repository's actions: every action.yml among `folders`, and the repository named in package.json. */
export async function loadLocalActions(
  root: string,
  folders: readonly string[] = ['', 'verify-release', 'release-step'],
): Promise<LocalActions> {
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    repository?: { url?: string } | string;
  };
  const url = typeof pkg.repository === 'string' ? pkg.repository : (pkg.repository?.url ?? '');
  const repository = /github\.com[/:]([^/]+\/[^/.]+)/.exec(url)?.[1]?.toLowerCase() ?? '';
  const inputs = new Map<string, ReadonlySet<string>>();
  for (const folder of folders) {
    const file = join(root, folder, 'action.yml');
    if (!existsSync(file)) continue;
    const action = parse(await readFile(file, 'utf8')) as { inputs?: Record<string, unknown> } | null;
    inputs.set(folder, new Set(Object.keys(action?.inputs ?? {})));
  }
  return { repository, inputs };
}

async function main(args: string[]): Promise<number> {
  const extractAt = args.indexOf('--extract');
  const extractDir = extractAt >= 0 ? args[extractAt + 1] : undefined;
  const files = args.filter((_, i) => extractAt < 0 || (i !== extractAt && i !== extractAt + 1));
  const actions = await loadLocalActions(process.cwd());
  if (!actions.repository)
    throw new Error(
      'check-workflows: package.json names no github.com repository, so `uses: OWNER/REPO@v1` cannot be recognised',
    );
  const problems: string[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    const sources = file.endsWith('.md') ? markdownYamlBlocks(file, text) : [{ file, line: 1, text }];
    for (const source of sources) {
      problems.push(...checkSource(source, actions));
      if (extractDir && file.endsWith('.md') && isWorkflow(source)) {
        await mkdir(extractDir, { recursive: true });
        await writeFile(join(extractDir, `${basename(file)}-${source.line}.yml`), source.text);
      }
    }
  }
  for (const problem of problems) console.log(`lint: ${problem}`);
  return problems.length > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(2);
    },
  );
}
