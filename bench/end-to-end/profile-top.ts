/**
 * `npx ts-node --transpile-only bench/end-to-end/profile-top.ts <file.cpuprofile> [N]`: the
 * top N functions of a V8 CPU profile by self time, and the top N packages or project files
 * by self time and by total time (a frame counted once per sample).
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

const [file, n = '25'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8')) as {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);

/** `node_modules/<pkg>` or the project-relative file; `(program)`, `(gc)`, `(idle)` as is. */
function where(node: Node): string {
  const url = node.callFrame.url;
  if (!url) return node.callFrame.functionName || '(anonymous)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.startsWith('node:')) return url;
  const p = /\/(src|example|bench|test)\/(.*)$/.exec(url);
  return p ? `${p[1]}/${p[2]}` : url;
}
const label = (node: Node) =>
  `${node.callFrame.functionName || '(anonymous)'} ${where(node)}:${node.callFrame.lineNumber + 1}`;

const self = new Map<string, number>();
const selfWhere = new Map<string, number>();
const totalWhere = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  total += dt;
  const node = byId.get(id)!;
  self.set(label(node), (self.get(label(node)) ?? 0) + dt);
  selfWhere.set(where(node), (selfWhere.get(where(node)) ?? 0) + dt);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const w = where(byId.get(cur)!);
    if (seen.has(w)) continue;
    totalWhere.set(w, (totalWhere.get(w) ?? 0) + dt);
    seen.add(w);
  }
});
const print = (title: string, map: Map<string, number>) => {
  process.stdout.write(`\n${title}\n`);
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(n))
    .forEach(([k, v]) => process.stdout.write(`${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}\n`));
};
process.stdout.write(`${file}: ${(total / 1e6).toFixed(1)} s sampled\n`);
print('self time by function', self);
print('self time by package or file', selfWhere);
print('total time by package or file (inclusive)', totalWhere);
