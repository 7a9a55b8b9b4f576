import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '../../test/helpers/tmp';
import { speak } from './espeak';
import { encodeOpus } from './opus';

/** What the worker's environment really holds; none of it may reach espeak-ng or opusenc. */
const SECRETS = {
  OPENAI_API_KEY: 'sk-worker-secret-openai',
  SERPER_API_KEY: 'serper-worker-secret',
  DATABASE_URL: 'postgres://opad:db-secret-password@10.1.2.3:5432/opad',
  S3_SECRET_ACCESS_KEY: 's3-worker-secret',
  TEMPORAL_API_KEY: 'temporal-worker-secret',
};
/** What a tool may see; sh adds PWD, SHLVL and _ by itself. */
const ALLOWED = new Set(['PATH', 'LANG', 'HOME', 'ESPEAK_DATA_PATH', 'PWD', 'SHLVL', '_']);

const dir = makeTempDir('tool-env');
const saved = { ...process.env };
beforeAll(() => Object.assign(process.env, SECRETS));
afterAll(() => {
  for (const name of Object.keys(SECRETS)) delete process.env[name];
  Object.assign(process.env, saved);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A stand-in for the tool that writes the environment it was given to a file, then reads its input. */
function envRecorder(name: string): { command: string; seen: () => Record<string, string> } {
  const command = path.join(dir, name);
  const out = path.join(dir, `${name}.env`);
  fs.writeFileSync(command, `#!/bin/sh\nenv > '${out}'\ncat > /dev/null\n`, { mode: 0o755 });
  return {
    command,
    seen: () =>
      Object.fromEntries(
        fs
          .readFileSync(out, 'utf8')
          .trim()
          .split('\n')
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
      ),
  };
}

test.each(['espeak-ng', 'opusenc'])(
  '%s is given a minimal environment, with no secret of the worker',
  async (tool) => {
    const recorder = envRecorder(tool);
    const signal = new AbortController().signal;
    if (tool === 'espeak-ng') {
      // The recorder writes no WAV, so the narration fails; what matters is what the program was given.
      await expect(speak(recorder.command, 'Hello there.', 'en-us', 160, signal)).rejects.toThrow(
        /WAV|RIFF|samples/,
      );
    } else {
      await encodeOpus(recorder.command, { sampleRate: 22_050, samples: Buffer.alloc(4_410) }, signal);
    }
    const seen = recorder.seen();
    expect(Object.keys(seen).filter((name) => !ALLOWED.has(name))).toEqual([]);
    expect(seen).toMatchObject({ LANG: 'C.UTF-8', PATH: process.env.PATH });
    const dump = JSON.stringify(seen);
    for (const [name, secret] of Object.entries(SECRETS))
      expect({ name, leaked: dump.includes(secret) }).toEqual({ name, leaked: false });
  },
);
