import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { version } from '../package.json';
import { resetPassword } from './commands/admin';
import { audio } from './commands/audio';
import { login, logout, register, whoami } from './commands/auth';
import { cancel } from './commands/cancel';
import { generate } from './commands/generate';
import { history } from './commands/history';
import { list } from './commands/list';
import { replay } from './commands/replay';
import { retry } from './commands/retry';
import { exportWords, review } from './commands/review';
import { status } from './commands/status';
import {
  editSubscription,
  listSubscriptions,
  setPaused,
  subscribe,
  unsubscribe,
} from './commands/subscriptions';
import { temporalUi } from './commands/temporal-ui';
import { watch } from './commands/watch';
import { Context } from './context';
import { CliError, EXIT } from './errors';
import { type Io, println } from './io';
import { printError } from './outcome';
import { DEFAULT_API_URL, DEFAULT_NAMESPACE, DEFAULT_TEMPORAL_ADDRESS, type GlobalOptions } from './settings';

const wholeNumber = (value: string) => {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('expected a whole number.');
  return Number(value);
};

const collect = (value: string, previous: string[] = []) => [...previous, value];

const EXAMPLES = `
Examples:
  opad register --email you@example.com
  opad generate --language de --level A2 --length 300 --topic "Solarenergie"
  opad list --status failed
  opad subscribe --language de --level A2 --topic Sport --topic Kultur --time 07:30
  opad subscriptions pause 4c1d…   (also: resume, edit, delete; no argument lists them)
  opad review                      (due words one at a time, graded 1-4)
  opad retry 0b8f…          (an article id, or its job id article-0b8f…)
  opad history article-0b8f… --output run.json && opad replay run.json
  opad temporal-ui article-0b8f…   (operators: the run in the Temporal Web UI)
  DATABASE_URL=postgres://… opad admin reset-password --email learner@example.com

Exit status: 0 done, 1 failed (or the generation failed or was cancelled), 2 wrong usage.`;

/** The commander program; every action hands its exit code to `setExitCode`. */
export function buildProgram(io: Io, setExitCode: (code: number) => void): Command {
  // Each action is (positional..., options, command); the command carries the global options.
  const run =
    <A extends unknown[]>(handler: (ctx: Context, ...args: A) => Promise<number>) =>
    async (...args: unknown[]) => {
      const command = args.at(-1) as Command;
      const ctx = new Context(command.optsWithGlobals<GlobalOptions>(), io);
      setExitCode(await handler(ctx, ...(args.slice(0, -1) as A)));
    };

  const program = new Command('opad')
    .description(
      'One Story A Day: generate graded reading practice from the news, and operate its generations.',
    )
    .version(version)
    .option('--api <url>', `opad API address (env OPAD_API_URL, default ${DEFAULT_API_URL})`)
    .option('--token <token>', 'API token (env OPAD_TOKEN; default: the one `opad login` saved)')
    .option(
      '--temporal-address <host:port>',
      `Temporal frontend for history and replay (env TEMPORAL_ADDRESS, default ${DEFAULT_TEMPORAL_ADDRESS})`,
    )
    .option('--namespace <name>', `Temporal namespace (env TEMPORAL_NAMESPACE, default ${DEFAULT_NAMESPACE})`)
    .addHelpText('after', EXAMPLES)
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out.write(text),
      writeErr: (text) => io.err.write(text),
      outputError: (text, write) => write(text.replace(/^error: /, 'opad: ')),
    });

  const password = '--password <password>';
  const passwordHelp =
    'password (env OPAD_PASSWORD; asked for on a terminal; visible to other local users here)';
  program
    .command('register')
    .description('create an account and sign in')
    .requiredOption('--email <email>', 'email address')
    .option(password, passwordHelp)
    .action(run(register));
  program
    .command('login')
    .description('sign in and save the token for later commands')
    .requiredOption('--email <email>', 'email address')
    .option(password, passwordHelp)
    .action(run(login));
  program.command('logout').description('forget the saved token').action(run(logout));
  program
    .command('whoami')
    .description('show who the token belongs to')
    .option('--json', 'print JSON')
    .action(run(whoami));

  program
    .command('generate')
    .description('generate an article and show its progress until it is done')
    .requiredOption('--language <code>', 'language to write in: en, de, es, fr, it, pt, ko, ja, zh')
    .requiredOption('--level <level>', 'CEFR level: A1, A2, B1, B2, C1 or C2')
    .option('--length <words>', 'length in words, 100 to 2000', wholeNumber, 300)
    .requiredOption('--topic <topic>', 'what the news should be about')
    .option('--force', 'generate even if you asked for the same in the last 24 hours')
    .option('--json', 'print newline-delimited JSON: one line per progress event, then the result')
    .option('--no-wait', 'print the job and return at once')
    .action(run(generate));
  program
    .command('list')
    .description('list your articles, newest first')
    .option('--status <status>', 'queued, running, completed, failed or cancelled')
    .option('--language <code>', 'only this language')
    .option('--level <level>', 'only this CEFR level')
    .option('--limit <n>', 'at most this many, 1 to 100 (default 20)', wholeNumber)
    .option('--offset <n>', 'skip this many', wholeNumber)
    .option('--json', 'print the JSON page')
    .action(run(list));
  program
    .command('status')
    .description("show a job's progress once")
    .argument('<id>', 'article id or job id (article-<uuid>)')
    .option('--json', 'print JSON')
    .action(run(status));
  program
    .command('watch')
    .description('follow a job until it stops; exits 0 if it completed')
    .argument('<id>', 'article id or job id (article-<uuid>)')
    .option('--json', 'print newline-delimited JSON progress events, then the result')
    .action(run(watch));
  program
    .command('retry')
    .description('run a failed or cancelled job again, resuming at the stage that failed')
    .argument('<id>', 'article id or job id (article-<uuid>)')
    .option('--json', 'print newline-delimited JSON progress events, then the result')
    .option('--no-wait', 'return once the retry has started')
    .action(run(retry));
  program
    .command('cancel')
    .description('cancel a queued or running job')
    .argument('<id>', 'article id or job id (article-<uuid>)')
    .option('--wait', 'wait until the job has stopped')
    .option('--json', 'print JSON')
    .action(run(cancel));

  program
    .command('audio')
    .description("save an article's narration (Ogg Opus) to a file")
    .argument('<id>', 'article id or job id (article-<uuid>)')
    .option('--output <file>', 'where to write it (default <article id>.opus in this folder)')
    .option('--timings <file>', 'also write when each sentence is spoken, as JSON')
    .action(run(audio));

  program
    .command('subscribe')
    .description('get a story every day: one Temporal Schedule that asks for an article at this time')
    .requiredOption('--language <code>', 'language to write in: en, de, es, fr, it, pt, ko, ja, zh')
    .requiredOption('--level <level>', 'CEFR level: A1, A2, B1, B2, C1 or C2')
    .option('--length <words>', 'length in words, 100 to 2000', wholeNumber, 300)
    .option('--topic <topic>', 'a topic; repeat it for a list, rotated one a day', collect)
    .option('--surprise', 'a different broad news topic each day instead of --topic')
    .requiredOption('--time <HH:MM>', 'time of day, 24-hour clock')
    .option('--time-zone <zone>', "IANA time zone, e.g. Europe/Berlin (default: this machine's)")
    .option('--json', 'print JSON')
    .action(run(subscribe));
  const subscriptions = program
    .command('subscriptions')
    .description('list your daily stories; pause, resume or delete one')
    .option('--json', 'print JSON')
    .action(run(listSubscriptions));
  const subscriptionId = ['<id>', 'subscription id'] as const;
  subscriptions
    .command('pause')
    .description('pause the schedule: no story until resumed')
    .argument(...subscriptionId)
    .option('--json', 'print JSON')
    .action(run(setPaused(true)));
  subscriptions
    .command('resume')
    .description('resume a paused schedule')
    .argument(...subscriptionId)
    .option('--json', 'print JSON')
    .action(run(setPaused(false)));
  subscriptions
    .command('edit')
    .description('change a daily story; only the options given change, and its schedule with them')
    .argument(...subscriptionId)
    .option('--language <code>', 'language to write in')
    .option('--level <level>', 'CEFR level')
    .option('--length <words>', 'length in words, 100 to 2000', wholeNumber)
    .option('--topic <topic>', 'a topic; repeat it for a list (replaces the list)', collect)
    .option('--surprise', 'a different broad news topic each day')
    .option('--time <HH:MM>', 'time of day, 24-hour clock')
    .option('--time-zone <zone>', 'IANA time zone, e.g. Europe/Berlin')
    .option('--json', 'print JSON')
    .action(run(editSubscription));
  subscriptions
    .command('delete')
    .description('delete the subscription and its schedule; its articles stay')
    .argument(...subscriptionId)
    .action(run(unsubscribe));
  program
    .command('review')
    .description('review the saved words that are due, one at a time, in the terminal')
    .option('--language <code>', 'only this language')
    .option('--json', 'print the due words as JSON and stop')
    .action(run(review));
  program
    .command('export')
    .description('export your saved words for Anki (File → Import)')
    .option('--format <format>', 'tsv', 'tsv')
    .option('--language <code>', 'only this language')
    .option('--output <file>', 'write to this file instead of standard output')
    .action(run(exportWords));

  program
    .command('history')
    .description(
      "export a workflow's history as JSON (as `temporal workflow show --output json`); talks to Temporal",
    )
    .argument('<id>', 'article id, job id or any workflow ID')
    .option('--run-id <runId>', 'a run other than the latest')
    .option('--output <file>', 'write to this file instead of standard output')
    .action(run(history));
  program
    .command('replay')
    .description(
      'replay a history against the current workflow code to find nondeterminism; talks to Temporal',
    )
    .argument('<target>', 'a history JSON file, or an article id, job id or workflow ID on the server')
    .option('--workflows <path>', 'workflow code to replay against instead of workflows/')
    .option('--run-id <runId>', 'a run other than the latest (for a workflow on the server)')
    .action(run(replay));
  program
    .command('temporal-ui')
    .description(
      "print the Temporal Web UI's address of a workflow (operators only: reach it through an SSH tunnel)",
    )
    .argument('[id]', 'article id, job id or any workflow ID; without it, the namespace')
    .option('--url <url>', 'the Web UI as you reach it (env TEMPORAL_UI_URL, default http://127.0.0.1:8233)')
    .action(run(temporalUi));

  const admin = program
    .command('admin')
    .description("operator's commands; they work on the database itself (DATABASE_URL), not through the API");
  admin
    .command('reset-password')
    .description(
      "set a new password for a learner's account, sign out all its devices and clear its failed sign-ins",
    )
    .requiredOption('--email <email>', "the account's email")
    .option(
      '--password <password>',
      'the new password (env OPAD_PASSWORD; default: a random one, printed once)',
    )
    .option('--database-url <url>', 'PostgreSQL URL of opad (env DATABASE_URL)')
    .action(run(resetPassword));
  return program;
}

/** Runs one command line and returns its exit status; only unexpected bugs show a stack, and only on request. */
export async function runCli(argv: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    // Commander has printed its own message (or the help or the version) already.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof CliError) {
      printError(io, error);
      return error.exitCode;
    }
    println(io.err, `opad: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    if (env.OPAD_DEBUG) println(io.err, error instanceof Error ? error.stack : undefined);
    else println(io.err, '  set OPAD_DEBUG=1 to see where it happened');
    return EXIT.failure;
  }
}
