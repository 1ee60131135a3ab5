import { summarizeProfileFile } from './summarize-cpu-profile.ts';

/** `tsx bench/src/profile/print-profile.ts <file.cpuprofile>...`: self time by place and function. */
for (const path of process.argv.slice(2)) {
  const s = await summarizeProfileFile(path, 20);
  console.log(`${path}: ${s.totalMs} ms sampled`);
  for (const p of s.byPlace.slice(0, 15)) console.log(`  ${p.ms.toFixed(0).padStart(7)} ms  ${p.place}`);
  console.log('  top functions (self):');
  for (const f of s.topFunctions) console.log(`  ${f.ms.toFixed(0).padStart(7)} ms  ${f.fn}  [${f.place}]`);
  console.log('  time under Sluice code (nearest workspace frame):');
  for (const f of s.bySluiceFrame) console.log(`  ${f.ms.toFixed(0).padStart(7)} ms  ${f.frame}`);
}
