import type { Language } from '../../contracts/article-request';

/**
 * The most frequent irregular forms, which no ending rule reaches and which a dictionary files under other
 * words (French "est" is "east" in FreeDict; English "was" would become "WA"). Looked up before the word itself.
 */
const IRREGULAR: Partial<Record<Language, Record<string, string[]>>> = {
  en: {
    be: ['is', 'are', 'am', 'was', 'were', 'been', 'being'],
    have: ['has', 'had', 'having'],
    do: ['does', 'did', 'done'],
    go: ['went', 'gone', 'goes'],
    say: ['said', 'says'],
    make: ['made'],
    take: ['took', 'taken'],
    come: ['came'],
    see: ['saw', 'seen'],
    get: ['got', 'gotten'],
    know: ['knew', 'known'],
    think: ['thought'],
    tell: ['told'],
    find: ['found'],
    give: ['gave', 'given'],
    leave: ['left'],
    feel: ['felt'],
    bring: ['brought'],
    begin: ['began', 'begun'],
    keep: ['kept'],
    hold: ['held'],
    write: ['wrote', 'written'],
    stand: ['stood'],
    hear: ['heard'],
    meet: ['met'],
    run: ['ran'],
    pay: ['paid'],
    speak: ['spoke', 'spoken'],
    grow: ['grew', 'grown'],
    lose: ['lost'],
    fall: ['fell', 'fallen'],
    send: ['sent'],
    build: ['built'],
    buy: ['bought'],
    drive: ['drove', 'driven'],
    child: ['children'],
    man: ['men'],
    woman: ['women'],
    person: ['people'],
    good: ['better', 'best'],
    bad: ['worse', 'worst'],
  },
  fr: {
    être: [
      'est',
      'es',
      'suis',
      'sommes',
      'êtes',
      'sont',
      'était',
      'étaient',
      'été',
      'sera',
      'seront',
      'serait',
    ],
    avoir: ['ai', 'as', 'a', 'avons', 'avez', 'ont', 'avait', 'avaient', 'eu', 'aura', 'auront'],
    faire: ['fait', 'faisait', 'font', 'fera'],
    aller: ['va', 'vont', 'allait', 'allé', 'ira'],
    pouvoir: ['peut', 'peuvent', 'pouvait', 'pu', 'pourra'],
    vouloir: ['veut', 'veulent', 'voulait', 'voulu'],
    dire: ['dit', 'disent', 'disait'],
    devoir: ['doit', 'doivent', 'devait', 'dû'],
    venir: ['vient', 'viennent', 'venait', 'venu'],
    prendre: ['prend', 'prennent', 'prenait', 'pris'],
  },
  de: {
    sein: ['ist', 'bin', 'bist', 'sind', 'seid', 'war', 'waren', 'warst', 'gewesen'],
    haben: ['hat', 'habe', 'hast', 'hatte', 'hatten', 'gehabt'],
    werden: ['wird', 'wirst', 'wurde', 'wurden', 'geworden'],
    können: ['kann', 'kannst', 'konnte', 'konnten'],
    müssen: ['muss', 'musst', 'musste', 'mussten'],
    wollen: ['will', 'willst', 'wollte', 'wollten'],
    sollen: ['soll', 'sollst', 'sollte', 'sollten'],
    gehen: ['geht', 'ging', 'gingen', 'gegangen'],
    kommen: ['kommt', 'kam', 'kamen', 'gekommen'],
    sehen: ['sieht', 'sah', 'sahen', 'gesehen'],
    geben: ['gibt', 'gab', 'gaben', 'gegeben'],
    nehmen: ['nimmt', 'nahm', 'nahmen', 'genommen'],
    fahren: ['fährt', 'fuhr', 'fuhren', 'gefahren'],
    wissen: ['weiß', 'wusste', 'wussten'],
  },
  es: {
    ser: ['es', 'soy', 'eres', 'somos', 'son', 'era', 'eran', 'fue', 'fueron', 'sido'],
    estar: ['está', 'estoy', 'están', 'estaba', 'estaban', 'estado'],
    haber: ['ha', 'he', 'has', 'han', 'hemos', 'había', 'habían', 'hay'],
    tener: ['tiene', 'tengo', 'tienen', 'tenía', 'tuvo'],
    hacer: ['hace', 'hacen', 'hizo', 'hecho'],
    ir: ['va', 'van', 'voy', 'iba', 'iban'],
    poder: ['puede', 'pueden', 'pudo', 'podía'],
    decir: ['dice', 'dicen', 'dijo', 'dicho'],
  },
  it: {
    essere: ['è', 'sono', 'sei', 'siamo', 'era', 'erano', 'stato', 'stata'],
    avere: ['ha', 'ho', 'hai', 'hanno', 'aveva', 'avuto'],
    fare: ['fa', 'fanno', 'fatto'],
  },
  pt: {
    ser: ['é', 'sou', 'são', 'era', 'eram', 'foi', 'foram', 'sido'],
    estar: ['está', 'estou', 'estão', 'estava'],
    ter: ['tem', 'tenho', 'têm', 'tinha', 'teve'],
    haver: ['há', 'havia'],
    fazer: ['faz', 'fazem', 'fez', 'feito'],
  },
};

/** The English entries above that are not verbs; in the other languages all are. */
const NOT_VERBS = new Set(['child', 'man', 'woman', 'person', 'good', 'bad']);

/** Whether an irregular lemma is a verb, so its look-up can prefer the verb's senses (was → be, not beryllium). */
export const isIrregularVerb = (lemma: string, language: Language) =>
  Object.hasOwn(IRREGULAR[language] ?? {}, lemma) && !(language === 'en' && NOT_VERBS.has(lemma));

const BY_FORM = new Map<Language, Map<string, string>>();

/** The lemma of a frequent irregular form, if the word is one. */
export function irregularLemma(word: string, language: Language): string | undefined {
  let forms = BY_FORM.get(language);
  if (!forms) {
    forms = new Map();
    for (const [lemma, inflected] of Object.entries(IRREGULAR[language] ?? {}))
      for (const form of inflected) forms.set(form, lemma);
    BY_FORM.set(language, forms);
  }
  return forms.get(word.toLocaleLowerCase(language));
}
