import pg from 'pg';
import type { Logger } from 'pino';
import { APPLICATION_NAMES } from '../../db/connect';

export const JOB_CHANGED_CHANNEL = 'opad_job_changed';

/**
 * Listens for the database's change hints (a trigger NOTIFYs on every write to an article row) on one
 * connection of its own, and reconnects when it drops. After a reconnect, `onResync` runs: hints sent while
 * the connection was down are lost, so every watched job is read again.
 */
export class ChangeHints {
  private client?: pg.Client;
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;

  constructor(
    private readonly databaseUrl: string,
    private readonly logger: Logger,
    private readonly onHint: (articleId: string) => void,
    private readonly onResync: () => void,
  ) {}

  async listen(): Promise<void> {
    await this.connect().catch((error) => this.reconnectLater(error));
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.databaseUrl,
      fallback_application_name: APPLICATION_NAMES.apiHints,
    });
    client.on('notification', (message) => {
      if (message.payload) this.onHint(message.payload);
    });
    client.on('error', (error) => this.reconnectLater(error));
    client.on('end', () => this.reconnectLater(new Error('connection ended')));
    this.client = client;
    await client.connect();
    await client.query(`LISTEN ${JOB_CHANGED_CHANNEL}`);
  }

  private reconnectLater(error: Error): void {
    if (this.stopped || this.retryTimer) return;
    this.logger.warn({ err: error }, 'change hints: connection lost; listening again in 1 s');
    const broken = this.client;
    this.client = undefined;
    broken?.removeAllListeners();
    broken?.on('error', () => {});
    broken?.end().catch(() => {});
    this.retryTimer = setTimeout(async () => {
      this.retryTimer = undefined;
      try {
        await this.connect();
        this.onResync();
      } catch (retryError) {
        this.reconnectLater(retryError as Error);
      }
    }, 1_000);
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    client?.removeAllListeners();
    client?.on('error', () => {});
    await client?.end().catch(() => {});
  }
}
