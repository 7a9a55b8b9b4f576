import { ApiClient } from './api-client';
import { CredentialStore } from './credentials';
import type { Io } from './io';
import { type GlobalOptions, resolveSettings, type Settings } from './settings';

/** What every command gets: the resolved settings, where to write, and clients built on demand. */
export class Context {
  readonly settings: Settings;
  readonly credentials: CredentialStore;

  constructor(
    options: GlobalOptions,
    readonly io: Io,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.settings = resolveSettings(options, env);
    this.credentials = new CredentialStore(this.settings.configDir);
  }

  /** --token, then OPAD_TOKEN, then the token `opad login` saved for this API. */
  token(): string | undefined {
    return this.settings.token ?? this.credentials.get(this.settings.apiUrl)?.token;
  }

  api(): ApiClient {
    return new ApiClient(this.settings.apiUrl, this.token());
  }

  anonymousApi(): ApiClient {
    return new ApiClient(this.settings.apiUrl, undefined);
  }
}
