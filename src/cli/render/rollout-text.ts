// `get rollout` as Argo prints it: the header block, then the tree of revisions, ReplicaSets, pods,
// experiments and analysis runs.
import { ICONS, KIND_ICONS } from '../../view/icons.js';
import type { AnalysisRunInfo, ExperimentInfo, ImageInfo, ReplicaSetInfo, RevisionInfo, RolloutInfo } from '../../view/view-types.js';
import type { Painter } from './colors.js';
import { formatTable, padRight } from './text-table.js';

type Row = [name: string, kind: string, status: string, age: string, info: string];

/** The whole `get rollout` output for one rollout. */
export function renderRollout(info: RolloutInfo, painter: Painter): string {
  return `${renderHeader(info, painter)}\n${renderTree(info, painter)}`;
}

function field(label: string, value: string | number): string {
  return `${padRight(label, 17)}${value}`.trimEnd() + '\n';
}

/** The block of Name, Namespace, Status, …, Replicas. */
export function renderHeader(info: RolloutInfo, painter: Painter): string {
  let out = field('Name:', info.name) + field('Namespace:', info.namespace) + field('Status:', `${painter.paint(info.icon)} ${info.status}`);
  if (info.message !== '') out += field('Message:', info.message);
  out += field('Strategy:', info.strategy);
  if (info.strategy === 'Canary') out += field('  Step:', info.step) + field('  SetWeight:', info.setWeight) + field('  ActualWeight:', info.actualWeight);
  info.images.forEach((image, i) => (out += field(i === 0 ? 'Images:' : '', formatImage(image, painter))));
  const r = info.replicas;
  out += 'Replicas:\n';
  out += field('  Desired:', r.desired) + field('  Current:', r.current) + field('  Updated:', r.updated) + field('  Ready:', r.ready) + field('  Available:', r.available);
  return out;
}

function formatImage(image: ImageInfo, painter: Painter): string {
  return image.tags.length === 0 ? image.image : `${image.image} (${image.tags.map((t) => painter.paint(t)).join(', ')})`;
}

/** The NAME KIND STATUS AGE INFO tree. */
export function renderTree(info: RolloutInfo, painter: Painter): string {
  const rows: Row[] = [['NAME', 'KIND', 'STATUS', 'AGE', 'INFO']];
  rows.push([`${KIND_ICONS.rollout} ${info.name}`, 'Rollout', `${painter.paint(info.icon)} ${info.status}`, info.age, '']);
  info.revisions.forEach((rev, i) => revisionRows(rows, rev, branch(i === info.revisions.length - 1, ''), painter));
  return formatTable(rows);
}

interface Branch {
  /** What goes before this node's icon. */
  prefix: string;
  /** What goes before its children's branches. */
  indent: string;
}

function branch(isLast: boolean, indent: string): Branch {
  return isLast ? { prefix: `${indent}└──`, indent: `${indent}   ` } : { prefix: `${indent}├──`, indent: `${indent}│  ` };
}

/** Branches for `count` children under `indent`, in order. */
function branches(count: number, indent: string): Branch[] {
  return Array.from({ length: count }, (_, i) => branch(i === count - 1, indent));
}

function next(children: Branch[]): Branch {
  return children.shift() ?? branch(true, '');
}

function revisionRows(rows: Row[], rev: RevisionInfo, at: Branch, painter: Painter): void {
  rows.push([`${at.prefix}${KIND_ICONS.revision} revision:${rev.revision}`, '', ' ', '', '']);
  const children = branches(rev.replicaSets.length + rev.experiments.length + rev.analysisRuns.length, at.indent);
  rev.replicaSets.forEach((rs) => replicaSetRows(rows, rs, next(children), painter));
  rev.experiments.forEach((exp) => experimentRows(rows, exp, next(children), painter));
  rev.analysisRuns.forEach((run) => analysisRunRows(rows, run, next(children), painter));
}

function replicaSetRows(rows: Row[], rs: ReplicaSetInfo, at: Branch, painter: Painter): void {
  const infoCols: string[] = rs.tags.map((t) => painter.paint(t));
  // The name takes the colour of its first role (stable over canary, as Argo's nested colours show).
  const name = rs.tags.length > 0 ? painter.paint(rs.name, rs.tags[0]) : rs.name;
  if (rs.scaleDownDeadline !== '') infoCols.push(`delay:${rs.scaleDownDelay}`);
  rows.push([`${at.prefix}${KIND_ICONS.replicaSet} ${name}`, 'ReplicaSet', `${painter.paint(rs.icon)} ${rs.status}`, rs.age, infoCols.join(',')]);
  const podBranches = branches(rs.pods.length, at.indent);
  rs.pods.forEach((pod, i) => {
    const podAt = podBranches[i];
    const podCols = [`ready:${pod.ready}`, ...(pod.restarts > 0 ? [`restarts:${pod.restarts}`] : [])];
    rows.push([`${podAt.prefix}${KIND_ICONS.pod} ${pod.name}`, 'Pod', `${painter.paint(pod.icon)} ${pod.status}`, pod.age, podCols.join(',')]);
  });
}

function experimentRows(rows: Row[], exp: ExperimentInfo, at: Branch, painter: Painter): void {
  rows.push([`${at.prefix}${KIND_ICONS.experiment} ${painter.paint(exp.name, exp.status)}`, 'Experiment', `${painter.paint(exp.icon)} ${exp.status}`, exp.age, '']);
  const children = branches(exp.replicaSets.length + exp.analysisRuns.length, at.indent);
  exp.replicaSets.forEach((rs) => replicaSetRows(rows, rs, next(children), painter));
  exp.analysisRuns.forEach((run) => analysisRunRows(rows, run, next(children), painter));
}

function analysisRunRows(rows: Row[], run: AnalysisRunInfo, at: Branch, painter: Painter): void {
  const counts: [number, string][] = [[run.successful, ICONS.ok], [run.failed, ICONS.bad], [run.inconclusive, ICONS.unknown], [run.error, ICONS.warning]];
  const infoCols = counts.filter(([n]) => n > 0).map(([n, icon]) => `${painter.paint(icon)} ${n}`);
  rows.push([`${at.prefix}${KIND_ICONS.analysisRun} ${painter.paint(run.name, run.status)}`, 'AnalysisRun', `${painter.paint(run.icon)} ${run.status}`, run.age, infoCols.join(',')]);
  const jobBranches = branches(run.jobs.length, at.indent);
  run.jobs.forEach((job, i) => {
    const jobAt = jobBranches[i];
    rows.push([`${jobAt.prefix}${KIND_ICONS.job} ${painter.paint(job.name, job.status)}`, 'Job', `${painter.paint(job.icon)} ${job.status}`, job.age, '']);
  });
}
