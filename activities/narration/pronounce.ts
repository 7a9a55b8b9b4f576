import path from 'node:path';
import kuromoji, { type IpadicFeatures, type Tokenizer } from 'kuromoji';
import type { Language } from '../../contracts/article-request';

/**
 * espeak-ng's Japanese and Korean voices read kana and Hangul only: a kanji (hanja) comes out as the English
 * words "Chinese letter". Japanese text is turned into its kana pronunciation first, by kuromoji's morphological
 * analysis with the IPADIC dictionary shipped in its npm package (offline); Han characters nothing can read are
 * left out, silence being better than noise. Chinese needs nothing here: its voice (cmn-latn-pinyin) reads
 * characters itself. The reader still shows, and the timings still carry, the text as written.
 */
const HAN = /\p{Script=Han}/u;
const HAN_ALL = /\p{Script=Han}+/gu;

let tokenizer: Promise<Tokenizer<IpadicFeatures>> | undefined;

/** Building the tokenizer reads about 18 MB of dictionary (a few seconds): once per process, on first use. */
function japaneseTokenizer(): Promise<Tokenizer<IpadicFeatures>> {
  tokenizer ??= new Promise((resolve, reject) => {
    const dicPath = path.join(path.dirname(require.resolve('kuromoji/package.json')), 'dict');
    kuromoji.builder({ dicPath }).build((error, built) => (error ? reject(error) : resolve(built)));
  });
  tokenizer.catch(() => {
    tokenizer = undefined;
  });
  return tokenizer;
}

/** A reading from the dictionary: katakana, or "*" / undefined when the word is not in it (names, numbers, Latin). */
const known = (reading: string | undefined) => (reading && reading !== '*' ? reading : undefined);

/**
 * Particles, auxiliary verbs, suffixes, dependent words and the する of a verbal noun (建設する) are spoken with
 * the word before them, as one phrase (bunsetsu), so espeak-ng phrases "トーキョーエ イキマス" rather than
 * word by word.
 */
function attachesToPrevious(token: IpadicFeatures, previous: IpadicFeatures | undefined): boolean {
  return (
    token.pos === '助詞' ||
    token.pos === '助動詞' ||
    token.pos_detail_1 === '接尾' ||
    token.pos_detail_1 === '非自立' ||
    (token.basic_form === 'する' && previous?.pos_detail_1 === 'サ変接続')
  );
}

/** A kanji word the dictionary does not know, read character by character where it knows them. */
function readByCharacter(analyse: Tokenizer<IpadicFeatures>, surface: string): string {
  return Array.from(surface, (char) => {
    if (!HAN.test(char)) return char;
    const [single] = analyse.tokenize(char);
    return known(single?.pronunciation) ?? known(single?.reading) ?? '';
  }).join('');
}

/** A Japanese sentence as kana, phrase by phrase: what espeak-ng's ja voice can read. */
export async function japaneseKana(sentence: string): Promise<string> {
  const analyse = await japaneseTokenizer();
  const phrases: string[] = [];
  let previous: IpadicFeatures | undefined;
  for (const token of analyse.tokenize(sentence)) {
    const surface = token.surface_form;
    // The pronunciation writes what is said (は as ワ, long vowels as ー); the reading is the fallback.
    let spoken = known(token.pronunciation) ?? known(token.reading) ?? surface;
    if (HAN.test(spoken)) spoken = readByCharacter(analyse, spoken);
    spoken = spoken.replace(HAN_ALL, '');
    if (!spoken.trim()) continue;
    if (phrases.length > 0 && attachesToPrevious(token, previous)) phrases[phrases.length - 1] += spoken;
    else phrases.push(spoken);
    previous = token;
  }
  return phrases.join(' ').replace(/\s+([。、！？!?,.])/g, '$1');
}

/** The text espeak-ng is given for a sentence: the sentence itself, except where its voice cannot read it. */
export async function spokenText(sentence: string, language: Language): Promise<string> {
  if (language === 'ja') return japaneseKana(sentence);
  // Modern Korean rarely writes hanja; the ko voice cannot read them, so they are left out.
  if (language === 'ko') return sentence.replace(HAN_ALL, '').replace(/\s+/g, ' ').trim();
  return sentence;
}
