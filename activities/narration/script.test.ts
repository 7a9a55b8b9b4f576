import { narrationScript } from './script';

test('the narration speaks the text as the reader shows it: marks, escapes and links resolved, quotes left out', () => {
  const body = [
    '> Source: **The Daily Local** · [Solar farms](<https://example.com/a>) · 2026-11-20',
    'Millbrook is building *two* solar farms. They cost 5 \\* 3 million, or\n2024 figures say so.',
    '## What [the mayor](https://example.com/m) said',
    '- Families can buy `shares`.\n- They pay less &amp; save.',
    '> "A quote read in the source," a reader said.',
    'Read <b>more</b> about snake_case tomorrow!',
  ].join('\n\n');
  expect(narrationScript({ title: 'Solar power for a small town', body }, 'en')).toEqual([
    'Solar power for a small town',
    'Millbrook is building two solar farms.',
    'They cost 5 * 3 million, or 2024 figures say so.',
    'What the mayor said',
    'Families can buy shares.',
    'They pay less & save.',
    'Read more about snake_case tomorrow!',
  ]);
});

test('German sentences are split where German text ends them', () => {
  expect(
    narrationScript({ title: 'Ein Zug', body: 'Der Zug fährt um 22 Uhr ab. Er kommt am Morgen an.' }, 'de'),
  ).toEqual(['Ein Zug', 'Der Zug fährt um 22 Uhr ab.', 'Er kommt am Morgen an.']);
});
