import type { SignedIn } from '../../contracts/api-types';
import { ApiClient, ApiError } from '../api-client';
import type { Context } from '../context';
import { CliError, EXIT } from '../errors';
import { println } from '../io';
import { readPassword } from '../password';

export interface SignInOptions {
  email: string;
  password?: string;
}

function remember(ctx: Context, signedIn: SignedIn): void {
  ctx.credentials.save(ctx.settings.apiUrl, {
    token: signedIn.token,
    email: signedIn.user.email,
    expiresAt: signedIn.expiresAt,
  });
  const until = signedIn.expiresAt ? ` until ${signedIn.expiresAt.slice(0, 10)}` : '';
  println(ctx.io.out, `signed in as ${signedIn.user.email} at ${ctx.settings.apiUrl}${until}`);
  println(ctx.io.out, `token saved in ${ctx.credentials.file}`);
}

/** Registration answers alike for a new and a taken email and gives no token (decision 027): sign in next. */
export async function register(ctx: Context, options: SignInOptions): Promise<number> {
  const password = await readPassword(options.password, { confirm: true });
  const api = ctx.anonymousApi();
  await api.post('/auth/register', { email: options.email, password }, { auth: false });
  let signedIn: SignedIn;
  try {
    signedIn = await api.post<SignedIn>('/auth/login', { email: options.email, password }, { auth: false });
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 401)) throw error;
    throw new CliError('could not sign in with this email and password', [
      'if the email already has an account, sign in with its password: opad login',
      'a forgotten password is reset by the operator: opad admin reset-password',
    ]);
  }
  remember(ctx, signedIn);
  return EXIT.ok;
}

export async function login(ctx: Context, options: SignInOptions): Promise<number> {
  const password = await readPassword(options.password, { confirm: false });
  const signedIn = await ctx
    .anonymousApi()
    .post<SignedIn>('/auth/login', { email: options.email, password }, { auth: false });
  remember(ctx, signedIn);
  return EXIT.ok;
}

/** Signing out revokes the saved token on the server, then forgets it here. */
export async function logout(ctx: Context): Promise<number> {
  const saved = ctx.credentials.get(ctx.settings.apiUrl)?.token;
  if (saved) {
    try {
      await new ApiClient(ctx.settings.apiUrl, saved).post('/auth/logout');
    } catch (error) {
      // Forgetting still protects this machine; say plainly that the server may still accept the token.
      const reason = error instanceof ApiError && error.status === 401 ? undefined : (error as Error).message;
      if (reason) println(ctx.io.err, `opad: warning: the server did not revoke the token (${reason})`);
    }
  }
  const forgotten = ctx.credentials.remove(ctx.settings.apiUrl);
  println(
    ctx.io.out,
    forgotten
      ? `signed out of ${ctx.settings.apiUrl}`
      : `not signed in at ${ctx.settings.apiUrl}; nothing to do`,
  );
  if (ctx.settings.token) println(ctx.io.err, 'opad: note: --token or OPAD_TOKEN still sets a token');
  return EXIT.ok;
}

export async function whoami(ctx: Context, options: { json?: boolean }): Promise<number> {
  const { user } = await ctx.api().get<{ user: { id: string; email: string } }>('/auth/me');
  if (options.json) println(ctx.io.out, JSON.stringify({ ...user, apiUrl: ctx.settings.apiUrl }));
  else println(ctx.io.out, `${user.email} (user ${user.id}) at ${ctx.settings.apiUrl}`);
  return EXIT.ok;
}
