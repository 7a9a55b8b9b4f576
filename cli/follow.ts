import type { GenerationProgress } from '../contracts/api-types';
import { type ApiClient, ApiError, ApiUnreachableError } from './api-client';
import { CliError } from './errors';
import { parseSse } from './sse';

/** The server writes a keep-alive every 15 s; a stream silent for much longer has died unnoticed. */
const IDLE_LIMIT_MS = 45_000;
const RECONNECT_DELAY_MS = 1_000;
/** Reconnects in a row before giving up; each one waits RECONNECT_DELAY_MS, so an API restart is ridden out. */
const MAX_RECONNECTS = 30;

export const isFinal = (progress: GenerationProgress) =>
  progress.status === 'completed' || progress.status === 'failed' || progress.status === 'cancelled';

async function* withIdleLimit(
  chunks: AsyncIterable<Uint8Array>,
  controller: AbortController,
): AsyncGenerator<Uint8Array> {
  const timer = setTimeout(() => controller.abort(), IDLE_LIMIT_MS);
  try {
    for await (const chunk of chunks) {
      timer.refresh();
      yield chunk;
    }
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Follows GET /jobs/:jobId/events until its `end` event and returns the final progress. A dropped stream is
 * reopened with Last-Event-ID, so the server resends only what changed; the first connection is not retried,
 * so a wrong address fails at once.
 */
export async function followJob(
  api: ApiClient,
  jobId: string,
  onProgress: (progress: GenerationProgress) => void,
): Promise<GenerationProgress> {
  let lastEventId: string | undefined;
  let connected = false;
  let reconnects = 0;
  for (;;) {
    const controller = new AbortController();
    try {
      const headers: Record<string, string> = lastEventId ? { 'last-event-id': lastEventId } : {};
      const chunks = await api.openStream(`/jobs/${jobId}/events`, headers, controller.signal);
      connected = true;
      for await (const event of parseSse(withIdleLimit(chunks, controller))) {
        reconnects = 0;
        if (event.event !== 'progress' && event.event !== 'end') continue;
        if (event.id) lastEventId = event.id;
        const progress = JSON.parse(event.data) as GenerationProgress;
        onProgress(progress);
        if (event.event === 'end' || isFinal(progress)) return progress;
      }
      // Ended without an `end` event: the API restarted or something in between cut the stream.
    } catch (error) {
      // Errors the API answered (401, 404) stay errors; a broken connection or a restarting API is waited out.
      const dropped =
        error instanceof ApiUnreachableError ||
        !(error instanceof CliError) ||
        (error instanceof ApiError && error.status >= 502);
      if (!connected || !dropped || reconnects >= MAX_RECONNECTS) throw api.unreachable(error);
    } finally {
      controller.abort();
    }
    reconnects++;
    await new Promise((resolve) => setTimeout(resolve, RECONNECT_DELAY_MS));
  }
}
