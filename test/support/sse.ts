// Reads a server-sent-events response as it arrives (fetch on a real socket: inject waits for the end).
export interface SseEvent {
  event: string;
  id: string | null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read by field in assertions
  data: any;
}

export async function openSseStream(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  const events: SseEvent[] = [];
  const ended = (async () => {
    if (!res.ok || !res.body) return;
    const decoder = new TextDecoder();
    const reader = res.body.getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const fields = new Map<string, string>();
          for (const line of buffer.slice(0, end).split('\n')) {
            const m = /^([a-z]+): ?(.*)$/.exec(line);
            if (m) fields.set(m[1]!, m[2]!);
          }
          buffer = buffer.slice(end + 2);
          if (fields.has('data')) {
            events.push({
              event: fields.get('event') ?? 'message',
              id: fields.get('id') ?? null,
              data: JSON.parse(fields.get('data')!),
            });
          }
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return { res, events, ended, close: () => controller.abort() };
}
