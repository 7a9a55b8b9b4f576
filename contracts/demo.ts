/** The offline demo model's name, wherever an article or an entry says which model made it. */
export const DEMO_MODEL = 'opad-demo';

/** What the demo model does, in the words the banner, the reader and meta.json use. */
export const DEMO_MODEL_NOTE =
  'pre-written level versions, no model: the offline demo model took the version of a sample story nearest the ' +
  'requested level and cut it to length (samples exist in English, German, Spanish and French; other ' +
  'languages get the English story)';
