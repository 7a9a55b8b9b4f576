import type { ArticlePage } from '../../contracts/api-types';
import type { Context } from '../context';
import { EXIT } from '../errors';
import { formatTable, formatTimestamp } from '../format';
import { println } from '../io';

export interface ListOptions {
  status?: string;
  language?: string;
  level?: string;
  limit?: number;
  offset?: number;
  json?: boolean;
}

export async function list(ctx: Context, options: ListOptions): Promise<number> {
  const { status, language, level, limit, offset } = options;
  const page = await ctx.api().get<ArticlePage>('/articles', { status, language, level, limit, offset });
  if (options.json) {
    println(ctx.io.out, JSON.stringify(page));
    return EXIT.ok;
  }
  if (page.items.length === 0) {
    const filtered = status || language || level;
    println(
      ctx.io.out,
      filtered ? 'no articles match these filters' : 'no articles yet; `opad generate` starts one',
    );
    return EXIT.ok;
  }
  const rows = page.items.map((article) => [
    article.id,
    article.status,
    article.stage && article.status === 'running' ? article.stage : '',
    article.language,
    article.level,
    String(article.length),
    formatTimestamp(article.createdAt),
    article.title ? `${article.topic}: ${article.title}` : article.topic,
  ]);
  const header = ['ARTICLE', 'STATUS', 'STAGE', 'LANG', 'LEVEL', 'WORDS', 'CREATED', 'TOPIC'];
  for (const line of formatTable(header, rows, ctx.io.columns)) println(ctx.io.out, line);
  const first = page.offset + 1;
  const last = page.offset + page.items.length;
  const more = last < page.total ? `; --offset ${last} shows the next page` : '';
  println(ctx.io.out, `${first}–${last} of ${page.total}${more}`);
  return EXIT.ok;
}
