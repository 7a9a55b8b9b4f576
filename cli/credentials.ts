import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CliError } from './errors';

const credentialSchema = z.object({
  token: z.string().min(1),
  email: z.string(),
  expiresAt: z.string().optional(),
});
export type Credential = z.infer<typeof credentialSchema>;

/** Tokens are kept per API URL, so signing in to a second server does not sign you out of the first. */
const fileSchema = z.object({ servers: z.record(z.string(), credentialSchema) });
type CredentialsFile = z.infer<typeof fileSchema>;

/** `credentials.json` in the config folder, readable by its owner only: it holds bearer tokens. */
export class CredentialStore {
  readonly file: string;

  constructor(readonly dir: string) {
    this.file = path.join(dir, 'credentials.json');
  }

  private read(): CredentialsFile {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { servers: {} };
      throw new CliError(`cannot read ${this.file}: ${(error as Error).message}`);
    }
    try {
      return fileSchema.parse(JSON.parse(text));
    } catch {
      throw new CliError(`${this.file} is damaged`, ['delete it and run `opad login` again']);
    }
  }

  private write(content: CredentialsFile): void {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    // Written beside the file and renamed over it, so a crash never leaves half a file, and the token is
    // never readable by others, not even for a moment.
    const staging = `${this.file}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(staging, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'w' });
      fs.chmodSync(staging, 0o600);
      fs.renameSync(staging, this.file);
    } catch (error) {
      fs.rmSync(staging, { force: true });
      throw new CliError(`cannot write ${this.file}: ${(error as Error).message}`);
    }
  }

  get(apiUrl: string): Credential | undefined {
    return this.read().servers[apiUrl];
  }

  save(apiUrl: string, credential: Credential): void {
    const content = this.read();
    content.servers[apiUrl] = credential;
    this.write(content);
  }

  /** Returns whether there was a token to forget. */
  remove(apiUrl: string): boolean {
    const content = this.read();
    if (!content.servers[apiUrl]) return false;
    delete content.servers[apiUrl];
    if (Object.keys(content.servers).length === 0) fs.rmSync(this.file, { force: true });
    else this.write(content);
    return true;
  }
}
