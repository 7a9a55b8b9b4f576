import { TRUST_TARGETS } from '../activities/level/calibrate';
import { CALIBRATION, estimateFromSignals } from '../activities/level/estimate';
import {
  CEFR_LEVELS,
  type CefrLevel,
  LANGUAGES,
  type Language,
  levelRank,
} from '../contracts/article-request';
import { isExternal, type MeasuredCorpusText, measuredCorpus } from '../stack/level-corpus';
import { writeBenchSection } from './doc-section';

/**
 * `npm run bench:level`: the level check's estimate (`estimateLevel`, from the signals `measureText` gives, as
 * data/level-corpus/measured.jsonl keeps them; `npm run level:measure`) on the held-out texts of known level
 * (stack/level-corpus.ts; calibration never saw them). Per offered language:
 * exact and within-one-level hits on texts levelled by others, versions of one story put in order (opad's
 * held-back sample story), and whether the language is trusted (the calibration's decision from the same
 * figures). Prints and writes the table; never fails on a figure.
 */
const BEGIN = '<!-- level:begin (written by `npm run bench:level`; edit outside these markers) -->';
const END = '<!-- level:end -->';

interface Outcome {
  text: MeasuredCorpusText;
  measured: CefrLevel;
  score: number;
}

const percent = (count: number, of: number) => (of === 0 ? null : Math.round((count / of) * 1000) / 10);
const show = (value: number | null) => (value === null ? '–' : `${value} %`);

function evaluate(texts: MeasuredCorpusText[]): Outcome[] {
  return texts.map((text) => {
    const estimate = estimateFromSignals(text.values, text.language);
    return { text, measured: estimate.level, score: estimate.score };
  });
}

function orderedPairs(outcomes: Outcome[]) {
  let pairs = 0;
  let ordered = 0;
  for (const a of outcomes)
    for (const b of outcomes) {
      if (!a.text.story || a.text.story !== b.text.story) continue;
      if (levelRank(a.text.level) >= levelRank(b.text.level)) continue;
      pairs++;
      if (a.score < b.score) ordered++;
    }
  return { pairs, ordered: percent(ordered, pairs) };
}

function row(language: Language, outcomes: Outcome[]) {
  const external = outcomes.filter((o) => isExternal(o.text));
  const off = external.map((o) => Math.abs(levelRank(o.measured) - levelRank(o.text.level)));
  const { pairs, ordered } = orderedPairs(outcomes);
  const fitted = CALIBRATION.languages[language];
  return {
    language,
    sources: [...new Set(external.map((o) => o.text.source))],
    texts: external.length,
    levels: [...new Set(external.map((o) => o.text.level))].sort().join(' '),
    exact: percent(off.filter((d) => d === 0).length, off.length),
    withinOne: percent(off.filter((d) => d <= 1).length, off.length),
    pairs,
    ordered,
    crossValidated: Object.entries(fitted?.crossValidated ?? {})
      .map(
        ([source, score]) =>
          `${source} ${show(percent(score.exact * 1000, 1000))} / ${show(percent(score.withinOne * 1000, 1000))}`,
      )
      .join('; '),
    check: fitted?.trusted ? 'trusted' : 'report only',
    scale: fitted ? 'own' : 'pooled',
  };
}

function confusion(outcomes: Outcome[]): string[] {
  const matrix = CEFR_LEVELS.map(() => CEFR_LEVELS.map(() => 0));
  for (const o of outcomes) {
    const counts = matrix[levelRank(o.text.level)] as number[];
    counts[levelRank(o.measured)] = (counts[levelRank(o.measured)] ?? 0) + 1;
  }
  return [
    `| | ${CEFR_LEVELS.join(' | ')} |`,
    `|---|${CEFR_LEVELS.map(() => '---').join('|')}|`,
    ...matrix.map((counts, i) => `| ${CEFR_LEVELS[i]} | ${counts.join(' | ')} |`),
  ];
}

const heldOut = evaluate(measuredCorpus('held-out'));
const rows = (Object.keys(LANGUAGES) as Language[]).map((language) =>
  row(
    language,
    heldOut.filter((o) => o.text.language === language),
  ),
);
const external = heldOut.filter((o) => isExternal(o.text));
const body = [
  '## Level check (`npm run bench:level`)',
  '',
  'The deterministic level check (activities/level) on held-out texts of known level: texts levelled by others ' +
    '(data/level-corpus; its README gives each source, licence and level mapping) and, for the order of versions ' +
    "of one story, opad's held-back sample story. A language is trusted, so that the check may send a text back " +
    `and mark words rare, when its held-out texts (at least ${TRUST_TARGETS.texts}, over at least ` +
    `${TRUST_TARGETS.levels} levels) are within one level ≥ ${Math.round(TRUST_TARGETS.withinOne * 100)} %, exact ≥ ` +
    `${Math.round(TRUST_TARGETS.exact * 100)} % and in order ≥ ${Math.round(TRUST_TARGETS.ordered * 100)} %, and ` +
    `its calibration texts of every source with at least ${TRUST_TARGETS.sourceTexts} texts, scored out of fold, ` +
    'meet the same exact and within-one targets (the fit holds on each kind of text); elsewhere it is report only.',
  '',
  '| language | held-out texts levelled by others | levels | exact | within one level | story versions in order | calibration sources, cross-validated (exact / within one) | check |',
  '|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.language} | ${r.texts}${r.sources.length ? ` (${r.sources.join(', ')})` : ''} | ${r.levels || '–'} | ` +
      `${show(r.exact)} | ${show(r.withinOne)} | ${r.pairs ? `${show(r.ordered)} of ${r.pairs} pairs` : '–'} | ` +
      `${r.crossValidated || '–'} | ` +
      `${r.check}${r.scale === 'pooled' ? ' (pooled scale)' : ''} |`,
  ),
  '',
  'Confusion matrix, held-out texts levelled by others (rows: the source’s level, columns: measured):',
  '',
  ...confusion(external),
].join('\n');

console.log(body);
writeBenchSection('level', { begin: BEGIN, end: END }, body, {
  rows,
  outcomes: heldOut.map((o) => ({
    id: o.text.id,
    source: o.text.source,
    language: o.text.language,
    expected: o.text.level,
    measured: o.measured,
    score: o.score,
  })),
});
