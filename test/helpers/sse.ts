export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

/**
 * Reads a Server-Sent Events stream until `stop` says so or the server ends it. Returns the events in order.
 * Comments (keep-alives) and the `retry:` field are skipped.
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
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let boundary = buffer.indexOf('\n\n');
      while (boundary !== -1) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        boundary = buffer.indexOf('\n\n');
        const event: SseEvent = { event: 'message', data: '' };
        let hasData = false;
        for (const line of block.split('\n')) {
          const [field, ...rest] = line.split(':');
          const value = rest.join(':').replace(/^ /, '');
          if (field === 'id') event.id = value;
          else if (field === 'event') event.event = value;
          else if (field === 'data') {
            event.data += value;
            hasData = true;
          }
        }
        if (!hasData) continue;
        events.push(event);
        if (stop(event, events)) {
          controller.abort();
          return { status: response.status, contentType, events };
        }
      }
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  }
  return { status: response.status, contentType, events };
}
