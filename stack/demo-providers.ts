import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { countWords } from '../activities/text';
import { endStream, sendCompletion, startStream, streamContent } from './openai-wire';
import { SAMPLE_ARTICLES, type SampleArticle } from './sample-articles';

/**
 * Stand-ins for the internet-facing providers, so `npm start` shows the whole pipeline offline:
 * an OpenAI-compatible "demo model" that only cuts and copies sentences from the source (it invents
 * nothing), and a Serper-compatible search over sample articles. Both are labelled wherever they appear.
 */
export const DEMO_MODEL = 'opad-demo';
export const OFFLINE_OUTLET_SUFFIX = ' (offline sample)';

interface ChatBody {
  messages: Array<{ role: string; content: string }>;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
}

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

function renderPage(article: SampleArticle): string {
  const outlet = `${article.outlet}${OFFLINE_OUTLET_SUFFIX}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(article.title)}</title>
<meta name="author" content="${escapeHtml(article.author)}">
<meta property="article:published_time" content="${article.publishedTime}">
<meta property="og:site_name" content="${escapeHtml(outlet)}"></head>
<body><article><h1>${escapeHtml(article.title)}</h1>
${article.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
</article></body></html>`;
}

/** Sentences of the source, in order, until the target length: a faithful but unsimplified "draft". */
function demoDraft(body: ChatBody): string {
  const system = body.messages[0]?.content ?? '';
  const source = body.messages.at(-1)?.content ?? '';
  const target = Number(system.match(/Write about (\d+) words/)?.[1] ?? 300);
  const title = source.match(/^Source article: "(.+?)"/)?.[1] ?? 'Demo article';
  const text = source.split('\n\n').slice(1).join('\n\n');
  const sentences = text.match(/[^.!?]+[.!?]+["”]?/g) ?? [text];
  const kept: string[] = [];
  let words = 0;
  for (const sentence of sentences) {
    if (words >= target) break;
    kept.push(sentence.trim());
    words += countWords(sentence, 'en');
  }
  const paragraphs: string[] = [];
  for (let i = 0; i < kept.length; i += 3) paragraphs.push(kept.slice(i, i + 3).join(' '));
  return `# ${title}\n\n${paragraphs.join('\n\n')}`;
}

function demoReply(operation: string, body: ChatBody): string {
  const last = body.messages.at(-1)?.content ?? '';
  switch (operation) {
    case 'research':
      return JSON.stringify({ choice: 0, rationale: 'Demo model: it takes the first usable article.' });
    case 'draft':
      return demoDraft(body);
    case 'adapt':
      return JSON.stringify({ text: last.replace(/^# .*\n\n/, ''), edits: [] });
    case 'dictionary': {
      const word = last.match(/Word: "(.+?)"/)?.[1] ?? '';
      const sentence = last.match(/Sentence: "(.+?)"$/m)?.[1] ?? word;
      return JSON.stringify({
        lemma: word.toLowerCase(),
        partOfSpeech: 'unknown',
        gender: null,
        forms: {},
        definition: 'Demo dictionary: set OPENAI_API_KEY for real definitions.',
        level: 'A1',
        ipa: '',
        examples: [sentence, sentence],
      });
    }
    default:
      return 'Demo model.';
  }
}

function chat(req: http.IncomingMessage, res: http.ServerResponse, body: ChatBody): void {
  const content = demoReply(String(req.headers['x-opad-operation'] ?? ''), body);
  const reply = {
    id: 'demo',
    model: DEMO_MODEL,
    promptTokens: Math.ceil(body.messages.reduce((n, m) => n + m.content.length, 0) / 4),
    completionTokens: Math.ceil(content.length / 4),
  };
  if (!body.stream) {
    sendCompletion(res, reply, content);
    return;
  }
  startStream(res);
  streamContent(res, reply, content);
  endStream(res, reply, body.stream_options?.include_usage === true);
}

export interface DemoProviders {
  /** OPENAI_BASE_URL of the demo model. */
  llmBaseUrl: string;
  /** SERPER_BASE_URL of the offline news source. */
  newsBaseUrl: string;
  close(): Promise<void>;
}

export async function startDemoProviders(): Promise<DemoProviders> {
  let baseUrl = '';
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      try {
        if (req.method === 'POST' && req.url === '/v1/chat/completions')
          return chat(req, res, JSON.parse(raw));
        if (req.method === 'POST' && req.url === '/news') {
          res.writeHead(200, { 'content-type': 'application/json' });
          const news = SAMPLE_ARTICLES.map((article, index) => ({
            title: article.title,
            link: `${baseUrl}/pages/${article.slug}`,
            snippet: article.snippet,
            date: article.ago,
            source: `${article.outlet}${OFFLINE_OUTLET_SUFFIX}`,
            position: index + 1,
          }));
          return res.end(JSON.stringify({ news }));
        }
        const article = SAMPLE_ARTICLES.find((a) => req.url === `/pages/${a.slug}`);
        if (req.method === 'GET' && article) {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          return res.end(renderPage(article));
        }
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'not found' } }));
      } catch (error) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: (error as Error).message } }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    llmBaseUrl: `${baseUrl}/v1`,
    newsBaseUrl: baseUrl,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
