// Benchmark-only peer: the same expressions and Deployment in @bufbuild/cel (planned once, evaluated
// many times), printed as "name<TAB>evals_per_s" lines for run.sh.
// usage: node cel_peer.mjs <expressions.txt> <deployment.json> [seconds-per-case=1]
import fs from 'node:fs';
import { parse, plan, celEnv, isCelError } from '@bufbuild/cel';

const lines = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.includes('\t'));
const jsonText = fs.readFileSync(process.argv[3], 'utf8');
const secs = Number(process.argv[4] ?? 1);
// Kubernetes maps JSON integers to CEL int: integral numbers become BigInt.
const toCel = (v) => Array.isArray(v) ? v.map(toCel)
  : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toCel(x)]))
  : typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : v;
const object = toCel(JSON.parse(jsonText));
const params = { maxReplicas: 5n };

const cases = lines.map((l) => l.split('\t'));
cases.push(['combined', cases.map(([, e]) => `(${e})`).join(' && ')]);

// Rate per CPU-second of the whole node process (all its threads, GC included), so that a busy machine
// does not distort the comparison with bulwark's CPU-time figures.
function bench(fn) {
  for (let i = 0; i < 2000; i++) fn();
  let n = 0;
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const end = t0 + BigInt(Math.round(secs * 1e9));
  let t = t0;
  while (t < end) { for (let i = 0; i < 200; i++) fn(); n += 200; t = process.hrtime.bigint(); }
  const c = process.cpuUsage(c0);
  return n / ((c.user + c.system) / 1e6);
}

const env = celEnv();
for (const [name, src] of cases) {
  const prog = plan(env, parse(src));
  const r = prog({ object, params });
  if (isCelError(r) || r !== true) { console.log(`${name}\tERROR ${isCelError(r) ? r.message : r}`); continue; }
  console.log(`${name}\t${bench(() => prog({ object, params })).toFixed(0)}`);
}
