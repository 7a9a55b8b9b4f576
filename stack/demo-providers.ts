import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { splitSentences } from '../activities/level/measure';
import { textSentences } from '../activities/narration/script';
import { countWords } from '../activities/text';
import { type CefrLevel, LANGUAGES, type Language } from '../contracts/article-request';
import { DEMO_MODEL } from '../contracts/demo';
import { endStream, sendCompletion, startStream, streamContent } from './openai-wire';
import {
  findSampleStories,
  type LevelVersion,
  nearestVersion,
  newsVersion,
  SAMPLE_STORIES,
  type SampleStory,
  storySlug,
} from './sample-stories';

/**
 * Stand-ins for the internet-facing providers, so `npm start` shows the whole pipeline offline: a
 * Serper-compatible search over sample stories written for opad in several languages, each at several CEFR
 * levels, and an OpenAI-compatible "demo model" that invents nothing: it drafts from the pre-written version
 * nearest the requested level and cuts it to length. Both are labelled wherever they appear.
 */
export { DEMO_MODEL };
export const OFFLINE_OUTLET_SUFFIX = ' (offline sample)';

interface ChatBody {
  messages: Array<{ role: string; content: string }>;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
}

const escapeHtml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

function renderPage(story: SampleStory): string {
  const version = newsVersion(story);
  const outlet = `${story.outlet}${OFFLINE_OUTLET_SUFFIX}`;
  return `<!doctype html><html lang="${story.language}"><head><meta charset="utf-8"><title>${escapeHtml(version.title)}</title>
<meta name="author" content="${escapeHtml(story.author)}">
<meta property="article:published_time" content="${story.publishedTime}">
<meta property="og:site_name" content="${escapeHtml(outlet)}"></head>
<body><article><h1>${escapeHtml(version.title)}</h1>
${version.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
</article></body></html>`;
}

/** Whole sentences, paragraph by paragraph, until the target length is reached. */
function cutToLength(paragraphs: string[], target: number, language: string): string[] {
  const kept: string[] = [];
  let words = 0;
  for (const paragraph of paragraphs) {
    if (words >= target) break;
    const taken: string[] = [];
    for (const sentence of splitSentences(paragraph, language as Language)) {
      if (words >= target) break;
      taken.push(sentence);
      words += countWords(sentence, language as Language);
    }
    kept.push(taken.join(' '));
  }
  return kept;
}

/** The sample story whose news page the source came from, and the version nearest the level asked for. */
function sampleDraft(
  title: string,
  level: CefrLevel,
): { story: SampleStory; version: LevelVersion } | undefined {
  const story = SAMPLE_STORIES.find((candidate) => newsVersion(candidate).title === title);
  return story ? { story, version: nearestVersion(story, level) } : undefined;
}

/** A "draft" with no model: the pre-written level version of a sample, or else the source's own sentences. */
function demoDraft(body: ChatBody): string {
  const system = body.messages[0]?.content ?? '';
  const source = body.messages.at(-1)?.content ?? '';
  const target = Number(system.match(/Write about (\d+) words/)?.[1] ?? 300);
  const level = (system.match(/learner at (A1|A2|B1|B2|C1|C2)\b/)?.[1] ?? 'B1') as CefrLevel;
  // The title may itself hold quotes (Aboard the "Northern Star," …): it ends at the quote before the outlet.
  const title = source.match(/^Source article: "(.*)" \(/m)?.[1] ?? 'Demo article';
  const sample = sampleDraft(title, level);
  if (sample) {
    const { story, version } = sample;
    return `# ${version.title}\n\n${cutToLength(version.paragraphs, target, story.language).join('\n\n')}`;
  }
  const text = source.split('\n\n').slice(1).join('\n\n');
  const kept = cutToLength(text.split('\n\n'), target, 'en');
  return `# ${title}\n\n${kept.join('\n\n')}`;
}

const TRUE_FALSE: Record<string, { ask: string; options: [string, string]; because: string }> = {
  English: { ask: 'True or false?', options: ['True', 'False'], because: 'The article says so.' },
  German: { ask: 'Richtig oder falsch?', options: ['Richtig', 'Falsch'], because: 'Das steht im Text.' },
  Spanish: { ask: '¿Verdadero o falso?', options: ['Verdadero', 'Falso'], because: 'El artículo lo dice.' },
  French: { ask: 'Vrai ou faux ?', options: ['Vrai', 'Faux'], because: 'L’article le dit.' },
};

/** True/false questions on sentences of the text itself, spread through it: no model, and labelled as the demo. */
function demoQuestions(body: ChatBody): string {
  const system = body.messages[0]?.content ?? '';
  const count = Number(system.match(/Write exactly (\d+) questions/)?.[1] ?? 3);
  const language = system.match(/questions in (\w+)/)?.[1] ?? 'English';
  const words = TRUE_FALSE[language] ?? (TRUE_FALSE.English as (typeof TRUE_FALSE)[string]);
  const text = (body.messages.at(-1)?.content ?? '').replace(/^[\s\S]*?^# .*\n\n/m, '');
  const code =
    (Object.keys(LANGUAGES) as Language[]).find((key) => LANGUAGES[key].split(' ')[0] === language) ?? 'en';
  // The sentences as the narration and the questions' check split them: each one whole.
  const all = textSentences(text, code);
  const picked = Array.from(
    { length: count },
    (_, i) => all[Math.floor((i * all.length) / count)] ?? all[0] ?? text,
  );
  return JSON.stringify({
    questions: picked.map((sentence) => ({
      kind: 'true-false',
      question: `“${sentence}” ${words.ask}`,
      options: words.options,
      answer: 0,
      explanation: `${words.because} (Demo model: questions copied from the text.)`,
      evidence: sentence,
    })),
  });
}

function demoReply(operation: string, body: ChatBody): string {
  const last = body.messages.at(-1)?.content ?? '';
  switch (operation) {
    case 'research':
      return JSON.stringify({ choice: 0, rationale: 'Demo model: it takes the first usable article.' });
    case 'draft':
      return demoDraft(body);
    case 'adapt':
      // The article follows its headline; a revision pass puts its edit list before it.
      return JSON.stringify({ text: last.replace(/^[\s\S]*?^# .*\n\n/m, ''), edits: [] });
    case 'questions':
      return demoQuestions(body);
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
          const { q = '', hl = 'en' } = JSON.parse(raw) as { q?: string; hl?: Language };
          res.writeHead(200, { 'content-type': 'application/json' });
          const news = findSampleStories(q, hl).map((story, index) => ({
            title: newsVersion(story).title,
            link: `${baseUrl}/pages/${storySlug(story)}`,
            snippet: splitSentences(newsVersion(story).paragraphs[0] ?? '', story.language)[0] ?? '',
            date: story.ago,
            source: `${story.outlet}${OFFLINE_OUTLET_SUFFIX}`,
            position: index + 1,
          }));
          return res.end(JSON.stringify({ news }));
        }
        const story = SAMPLE_STORIES.find((s) => req.url === `/pages/${storySlug(s)}`);
        if (req.method === 'GET' && story) {
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          return res.end(renderPage(story));
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
