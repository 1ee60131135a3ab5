// Run as a script in a child process (`node --import tsx land-in-child.ts <folder> <parser>`): lands the
// folder like landFolder and prints the outcome as one JSON line, so that a file that aborts the
// process (a native panic) fails a test instead of the test runner's worker.
import { landFolder } from './land-folder.ts';

const [folder, parser] = process.argv.slice(2);
const landed = await landFolder(folder!, parser!);
console.log(JSON.stringify({ files: landed.summary.files, errors: Object.fromEntries(landed.errors), landed: [...landed.parts.keys()] }));
