import { parseSse, type SseEvent } from '../../cli/sse';

export type { SseEvent };

/**
 * Reads a Server-Sent Events stream until `stop` says so or the server ends it, with the same parser the
 * CLI uses. Returns the events in order.
 */
export async function readEvents(
  url: string,
  headers: Record<string, string>,
  stop: (event: SseEvent, all: SseEvent[]) => boolean = (event) => event.event === 'end',
): Promise<{ status: number; contentType: string; events: SseEvent[] }> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const events: SseEvent[] = [];
  const contentType = response.headers.get('content-type') ?? '';
  if (!response.body || !contentType.startsWith('text/event-stream')) {
    return { status: response.status, contentType, events };
  }
  try {
    for await (const event of parseSse(response.body as unknown as AsyncIterable<Uint8Array>)) {
      events.push(event);
      if (stop(event, events)) {
        controller.abort();
        break;
      }
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  }
  return { status: response.status, contentType, events };
}
