import { countWords } from './text';

describe('countWords', () => {
  test('counts English words, ignoring punctuation', () => {
    expect(countWords('The quick brown fox jumps over the lazy dog.', 'en')).toBe(9);
    expect(countWords('"Clean energy," says the mayor — Ana Ruiz.', 'en')).toBe(7);
  });

  test('counts German words', () => {
    expect(countWords('Der schnelle braune Fuchs springt über den faulen Hund.', 'de')).toBe(9);
  });

  test('gives zero for empty or punctuation-only text', () => {
    expect(countWords('', 'en')).toBe(0);
    expect(countWords(' … — !? ', 'en')).toBe(0);
  });

  test('splits Chinese, written without spaces, into several words', () => {
    const count = countWords('我喜欢学习中文', 'zh');
    expect(count).toBeGreaterThan(1);
    expect(count).toBeLessThanOrEqual(7);
  });

  test('splits Japanese, written without spaces, into several words', () => {
    const count = countWords('私は日本語を勉強しています。', 'ja');
    expect(count).toBeGreaterThan(1);
    expect(count).toBeLessThanOrEqual(13);
  });

  test('counts Korean words', () => {
    const count = countWords('저는 한국어를 공부합니다.', 'ko');
    expect(count).toBe(3);
  });
});
