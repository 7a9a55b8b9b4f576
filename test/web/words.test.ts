import { segmentWords, sentenceAt, wordKey } from '../../web/lib/words';

test('words are cut so that the segments give the text back, in spaced and unspaced scripts', () => {
  const german = 'Die Stadt baut zwei Solarparks, sagt die Bürgermeisterin.';
  const segments = segmentWords(german, 'de');
  expect(segments.map((s) => s.text).join('')).toBe(german);
  expect(segments.filter((s) => s.isWord).map((s) => s.text)).toEqual([
    'Die',
    'Stadt',
    'baut',
    'zwei',
    'Solarparks',
    'sagt',
    'die',
    'Bürgermeisterin',
  ]);
  const chinese = '这个小镇正在建设两个太阳能农场。';
  const words = segmentWords(chinese, 'zh').filter((s) => s.isWord);
  expect(words.length).toBeGreaterThan(3);
  expect(words.map((s) => s.text).join('')).toBe('这个小镇正在建设两个太阳能农场');
});

test('the sentence around a character is the one that holds it', () => {
  const text = 'Der Park ist groß. Er liefert Strom für 900 Häuser! Wann ist er fertig?';
  expect(sentenceAt(text, text.indexOf('Strom'), 'de')).toBe('Er liefert Strom für 900 Häuser!');
  expect(sentenceAt(text, 0, 'de')).toBe('Der Park ist groß.');
  expect(sentenceAt(text, text.length - 1, 'de')).toBe('Wann ist er fertig?');
});

test('saved words match case-insensitively in the language of the text', () => {
  expect(wordKey('Straße', 'de')).toBe(wordKey('straße', 'de'));
  expect(wordKey('ÉCOLE', 'fr')).toBe('école');
});
