export interface SourceInfo {
  outlet?: string;
  title: string;
  url: string;
  date?: string;
  author?: string;
}

function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>])/g, '\\$1');
}

/** The source block that opens every article: outlet, title, link and date, taken from the fetched page. */
export function sourceBlock(source: SourceInfo): string {
  const parts = [
    source.outlet ? `**${escapeMarkdown(source.outlet)}**` : undefined,
    `[${escapeMarkdown(source.title)}](<${source.url.replace(/[<>\s]/g, encodeURIComponent)}>)`,
    source.date ? escapeMarkdown(source.date) : undefined,
    source.author ? `by ${escapeMarkdown(source.author)}` : undefined,
  ].filter(Boolean);
  return `> Source: ${parts.join(' · ')}`;
}

/** Headline, then the source block, then the text: the reader always sees where the story comes from. */
export function articleMarkdown(title: string, source: SourceInfo | string, body: string): string {
  const block = typeof source === 'string' ? source : sourceBlock(source);
  return `# ${title}\n\n${block}\n\n${body.trim()}\n`;
}

/** The parts of an article written by `articleMarkdown`, for the stages that rework it. */
export function splitArticleMarkdown(markdown: string): { title: string; sourceBlock: string; body: string } {
  const match = markdown.match(/^# (.+)\n\n(> .+)\n\n([\s\S]*)$/);
  if (!match) throw new Error('not an opad article: expected a headline, a source block and a body');
  return { title: match[1] as string, sourceBlock: match[2] as string, body: (match[3] as string).trim() };
}
