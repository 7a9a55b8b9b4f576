import type { Language } from '../../contracts/article-request';

/**
 * The Japanese, Chinese and Korean lists of data/wordfreq were cut by other tools than the Intl.Segmenter that cuts
 * the text, so a word the segmenter finds is often missing from them though it is common. These rules find the
 * list's unit inside the segmenter's; a form they cannot place stays unlisted (rare).
 *
 * - Japanese: the list keeps content words only, as stems without their kana endings (言, 行, 分か); it has no
 *   particle, auxiliary or copula (は, を, です, ます). The segmenter cuts 起きます into 起 | き | ます. So a token of
 *   kana alone that the list lacks is grammar, ranked as the most common word; a kanji or katakana stem with kana
 *   after it is looked up without them (行き → 行, 時に → 時); a kanji compound missing from the list is ranked by
 *   its rarest listed part.
 * - Chinese: the list and the segmenter cut some words differently (很好 or 很 | 好): a word missing from the list
 *   is split into the longest listed pieces and ranked by the rarest.
 * - Korean: words are spaced, but particles and endings are written onto them (학교에, 학생입니다, 일어나요), and the
 *   list holds the forms subtitles use most: a missing form is looked up without its particle or ending.
 */

/** The rank given to grammar the list leaves out: the most common there is. */
export const GRAMMAR_RANK = 1;

const HIRAGANA_ONLY = /^[\p{Script=Hiragana}ー]+$/u;
const STEM_WITH_KANA_ENDING = /^(.*[\p{Script=Han}\p{Script=Katakana}])[\p{Script=Hiragana}]+$/u;

/** Korean particles and verb endings, longest first so 에서 is tried before 에. */
const KOREAN_ENDINGS = [
  '이었습니다',
  '였습니다',
  '었습니다',
  '았습니다',
  '입니다',
  '습니다',
  '니다',
  '이에요',
  '예요',
  '었어요',
  '았어요',
  '였어요',
  '해요',
  '어요',
  '아요',
  '에서는',
  '에서',
  '에게',
  '한테',
  '으로',
  '까지',
  '부터',
  '보다',
  '처럼',
  '마다',
  '이랑',
  '하고',
  '지만',
  '는데',
  '은데',
  '었다',
  '았다',
  '였다',
  '는다',
  '이다',
  '은',
  '는',
  '이',
  '가',
  '을',
  '를',
  '에',
  '의',
  '도',
  '만',
  '와',
  '과',
  '로',
  '랑',
  '께',
  '요',
  '다',
  '고',
  '서',
  '면',
] as const;

/** The longest listed pieces a word splits into, left to right; undefined when some part is in no list. */
function listedPieces(form: string, ranks: Map<string, number>, minimum = 1): number[] | undefined {
  const pieces: number[] = [];
  let start = 0;
  const chars = Array.from(form);
  while (start < chars.length) {
    let found: number | undefined;
    let end = chars.length;
    for (; end - start >= minimum; end--) {
      found = ranks.get(chars.slice(start, end).join(''));
      if (found !== undefined) break;
    }
    if (found === undefined) return undefined;
    pieces.push(found);
    start = end;
  }
  return pieces.length > 1 ? pieces : undefined;
}

function japanese(form: string, ranks: Map<string, number>): number | undefined {
  if (HIRAGANA_ONLY.test(form)) return GRAMMAR_RANK;
  const stem = STEM_WITH_KANA_ENDING.exec(form)?.[1];
  if (stem) {
    const rank = ranks.get(stem);
    if (rank !== undefined) return rank;
  }
  const pieces = listedPieces(stem ?? form, ranks);
  return pieces ? Math.max(...pieces) : undefined;
}

function korean(form: string, ranks: Map<string, number>): number | undefined {
  for (const ending of KOREAN_ENDINGS) {
    if (!form.endsWith(ending) || form.length <= ending.length) continue;
    const rank = ranks.get(form.slice(0, -ending.length));
    if (rank !== undefined) return rank;
  }
  return undefined;
}

/** The rank of a form the list lacks as written, found by the language's rule above; undefined elsewhere. */
export function cjkRank(form: string, language: Language, ranks: Map<string, number>): number | undefined {
  if (language === 'ja') return japanese(form, ranks);
  if (language === 'ko') return korean(form, ranks);
  if (language === 'zh') {
    const pieces = listedPieces(form, ranks);
    return pieces ? Math.max(...pieces) : undefined;
  }
  return undefined;
}
