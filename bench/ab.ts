import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchCase, benchCases } from './cases.js';
import { ROOT, startServer, stopServer } from './harness.js';
import { measure, median } from './measure.js';
import { measureSignatures } from './signature.js';

/**
 * `npm run bench:ab -- <revision> [case]`: is the working tree faster than `<revision>`
 * (default HEAD) on one case (default b)? On a shared machine two runs of the same tree
 * differ by more than a small change does, so both servers run at once and the case
 * alternates between them, the order swapped every round: each round's difference is
 * taken between runs seconds apart. Prints every round and the median difference in CPU
 * per request (with (b), also each side's ratio to an RS256 signature measured between).
 * The revision is checked out in a temporary worktree sharing this node_modules, and
 * removed afterwards. BENCH_ROUNDS (default 8) rounds of BENCH_DURATION seconds (default 4)
 * per side, after 8 s of warm-up each.
 */
const [revision = 'HEAD', caseName = 'b'] = process.argv.slice(2);
const ROUNDS = Math.max(2, Number(process.env.BENCH_ROUNDS ?? 8));
const SECONDS = Number(process.env.BENCH_DURATION ?? 4);

const base = mkdtempSync(join(tmpdir(), 'core-api-ab-'));
const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
git('worktree', 'add', '--detach', base, revision);
try {
  if (!existsSync(join(base, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(base, 'node_modules'));
  const a = await startServer({}, base);
  const b = await startServer({}, ROOT);
  try {
    const pick = (info: typeof a.info): BenchCase => {
      const found = benchCases(info).find((candidate) => candidate.name === caseName);
      if (!found) throw new Error(`no bench case "${caseName}" (a–f)`);
      return found;
    };
    const [caseA, caseB] = [pick(a.info), pick(b.info)];
    await measure(caseA, 8);
    await measure(caseB, 8);
    const differences: number[] = [];
    const ratios = { a: [] as number[], b: [] as number[] };
    console.log(`A = ${revision}, B = the working tree; (${caseName}) ${caseB.label}, ${ROUNDS} rounds of ${SECONDS} s`);
    for (let round = 0; round < ROUNDS; round++) {
      const swapped = round % 2 === 1;
      const first = await measure(swapped ? caseB : caseA, SECONDS);
      const signature = caseName === 'b' ? measureSignatures().RS256 : undefined;
      const second = await measure(swapped ? caseA : caseB, SECONDS);
      const [ma, mb] = swapped ? [second, first] : [first, second];
      const difference = mb.cpuMsPerRequest - ma.cpuMsPerRequest;
      differences.push(difference);
      let line = `round ${round}: A ${ma.cpuMsPerRequest} B ${mb.cpuMsPerRequest} ms CPU/request, B − A ${difference.toFixed(3)}`;
      if (signature) {
        ratios.a.push(ma.cpuMsPerRequest / signature);
        ratios.b.push(mb.cpuMsPerRequest / signature);
        line += ` (RS256 ${signature} ms)`;
      }
      console.log(line);
    }
    const lower = differences.filter((difference) => difference < 0).length;
    console.log(`median B − A: ${median(differences).toFixed(4)} ms CPU/request; B below A in ${lower} of ${ROUNDS} rounds`);
    if (ratios.a.length) {
      console.log(`median / one RS256 signature: A ${median(ratios.a).toFixed(3)} ×, B ${median(ratios.b).toFixed(3)} ×`);
    }
  } finally {
    await stopServer(a.child);
    await stopServer(b.child);
  }
} finally {
  git('worktree', 'remove', '--force', base);
  rmSync(base, { recursive: true, force: true });
}
