import { EXIT, UsageError } from './errors';

/** Reads a line from the terminal without echoing it; Ctrl-C aborts the command. */
function promptHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(prompt);
  return new Promise((resolve) => {
    let value = '';
    const finish = () => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.removeListener('data', onData);
      process.stderr.write('\n');
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\u0003') {
          finish();
          process.exit(EXIT.interrupted);
        } else if (char === '\r' || char === '\n' || char === '\u0004') {
          finish();
          resolve(value);
          return;
        } else if (char === '\u007f' || char === '\b') {
          value = [...value].slice(0, -1).join('');
        } else if (char >= ' ') {
          value += char;
        }
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

/**
 * --password, then OPAD_PASSWORD, then a prompt on a terminal. A new account's password is asked twice,
 * since nothing shows what was typed.
 */
export async function readPassword(
  explicit: string | undefined,
  options: { confirm: boolean },
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const given = explicit || env.OPAD_PASSWORD;
  if (given) return given;
  if (!process.stdin.isTTY) {
    throw new UsageError('a password is needed', [
      'set OPAD_PASSWORD, pass --password, or run opad on a terminal to be asked for it',
    ]);
  }
  const password = await promptHidden('Password: ');
  if (!password) throw new UsageError('the password is empty');
  if (options.confirm && (await promptHidden('Password again: ')) !== password)
    throw new UsageError('the two passwords differ; nothing was changed');
  return password;
}
