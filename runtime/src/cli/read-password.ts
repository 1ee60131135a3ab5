import { passwordProblem } from '../auth/password-hash.ts';

/**
 * A new password: from standard input (`--password-stdin`, or when it is not a terminal: its first
 * line), else typed twice at a prompt that does not echo it. Never from an argument, which other
 * users of the machine could read in the process list.
 */
export async function readNewPassword(opts: { fromStdin: boolean; stdin?: NodeJS.ReadStream; stderr?: NodeJS.WriteStream }): Promise<string> {
  const stdin = opts.stdin ?? process.stdin;
  const stderr = opts.stderr ?? process.stderr;
  let password: string;
  if (opts.fromStdin || !stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(Buffer.from(chunk));
    password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  } else {
    password = await promptHidden('Password: ', stdin, stderr);
    if ((await promptHidden('Password again: ', stdin, stderr)) !== password) throw new Error('the two passwords differ');
  }
  const problem = passwordProblem(password);
  if (problem) throw new Error(`password: ${problem}`);
  return password;
}

function promptHidden(question: string, stdin: NodeJS.ReadStream, stderr: NodeJS.WriteStream): Promise<string> {
  return new Promise((resolve, reject) => {
    stderr.write(question);
    let typed = '';
    stdin.setRawMode(true);
    stdin.resume();
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      stderr.write('\n');
      if (err) reject(err);
      else resolve(typed);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003' || ch === '\u0004') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on('data', onData);
  });
}
