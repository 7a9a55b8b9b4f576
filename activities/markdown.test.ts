import { articleMarkdown, type SourceInfo, sourceBlock, splitArticleMarkdown } from './markdown';

const source: SourceInfo = {
  outlet: 'The Daily Local',
  title: 'Millbrook Builds Three Community Solar Farms',
  url: 'https://news.example.com/pages/solar-farms',
  date: '2026-11-20',
  author: 'Hannah Okafor',
};

describe('sourceBlock', () => {
  test('names the outlet, links the title and gives the date and author', () => {
    expect(sourceBlock(source)).toBe(
      '> Source: **The Daily Local** · [Millbrook Builds Three Community Solar Farms](<https://news.example.com/pages/solar-farms>) · 2026-11-20 · by Hannah Okafor',
    );
  });

  test('escapes Markdown in the title so it cannot break the link', () => {
    const block = sourceBlock({ ...source, title: 'Solar *boom* in [Millbrook]' });
    expect(block).toContain(
      '[Solar \\*boom\\* in \\[Millbrook\\]](<https://news.example.com/pages/solar-farms>)',
    );
  });

  test('encodes spaces and angle brackets in the URL', () => {
    const block = sourceBlock({ ...source, url: 'https://news.example.com/a b<c>' });
    expect(block).toContain('(<https://news.example.com/a%20b%3Cc%3E>)');
  });

  test('leaves out the parts it does not know', () => {
    expect(sourceBlock({ title: 'Solar', url: 'https://news.example.com/solar' })).toBe(
      '> Source: [Solar](<https://news.example.com/solar>)',
    );
  });
});

describe('articleMarkdown and splitArticleMarkdown', () => {
  test('round-trip the title, the source block and the body', () => {
    const body = 'The town of Millbrook builds solar farms.\n\n"Clean energy for all," says the mayor.';
    const markdown = articleMarkdown('Solar power for a small town', source, `\n${body}\n\n`);
    expect(markdown.startsWith('# Solar power for a small town\n\n> Source: ')).toBe(true);
    expect(splitArticleMarkdown(markdown)).toEqual({
      title: 'Solar power for a small town',
      sourceBlock: sourceBlock(source),
      body,
    });
  });

  test('keep a ready-made source block as it is', () => {
    const block = sourceBlock({ ...source, title: 'Solar *boom* in [Millbrook]' });
    const parts = splitArticleMarkdown(articleMarkdown('Headline', block, 'Body text.'));
    expect(parts).toEqual({ title: 'Headline', sourceBlock: block, body: 'Body text.' });
  });

  test('splitArticleMarkdown refuses text without a source block', () => {
    expect(() => splitArticleMarkdown('# Headline\n\nJust a body, no source.\n')).toThrow(/source block/);
    expect(() => splitArticleMarkdown('Just some text.')).toThrow(/not an opad article/);
  });
});
