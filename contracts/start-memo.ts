/**
 * Memo field that ties a run to the start request that made it: the starter recognises a start repeated after a
 * lost acknowledgement by it, and a run that ends before any stage claimed its article proves by it that it is
 * the article's run (activities/outcome.ts).
 */
export const START_REQUEST_MEMO = 'opadStartRequest';
