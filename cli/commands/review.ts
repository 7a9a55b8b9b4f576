import readline from 'node:readline';
import type { Context } from '../context';
import { EXIT, UsageError } from '../errors';
import { formatTimestamp } from '../format';
import { println } from '../io';

interface ReviewCard {
  id: string;
  word: string;
  lemma: string;
  sentence: string | null;
  definition: string;
  review: { due: string; reviews: number };
}

const GRADES: Record<string, string> = { '1': 'again', '2': 'hard', '3': 'good', '4': 'easy' };

/**
 * Due words one at a time, as on the web: the word, Enter for the sentence it was saved from, Enter for the
 * meaning, then a grade 1–4. Lines come from standard input, so a script can pipe the answers in.
 */
export async function review(ctx: Context, options: { language?: string; json?: boolean }): Promise<number> {
  const api = ctx.api();
  const due = await api.get<{ items: ReviewCard[]; due: number; nextDueAt: string | null }>('/review/due', {
    language: options.language,
    limit: 100,
  });
  if (options.json) {
    println(ctx.io.out, JSON.stringify(due));
    return EXIT.ok;
  }
  if (due.items.length === 0) {
    const next = due.nextDueAt ? `; the next is due ${formatTimestamp(due.nextDueAt)}` : '';
    println(ctx.io.out, `nothing is due${next}`);
    return EXIT.ok;
  }
  const lines = readline.createInterface({ input: process.stdin, terminal: false })[Symbol.asyncIterator]();
  const ask = async (prompt: string) => {
    ctx.io.out.write(prompt);
    const next = await lines.next();
    return next.done ? undefined : next.value.trim().toLowerCase();
  };
  let graded = 0;
  for (const [index, card] of due.items.entries()) {
    println(ctx.io.out, `\n(${index + 1}/${due.items.length}) ${card.word}`);
    if ((await ask('  Enter shows the sentence, q stops: ')) === 'q') break;
    println(ctx.io.out, `  ${card.sentence ?? '(saved without a sentence)'}`);
    if ((await ask('  Enter shows the meaning: ')) === 'q') break;
    println(ctx.io.out, `  ${card.lemma}: ${card.definition}`);
    let grade: string | undefined;
    while (!grade) {
      const answer = await ask('  1 again, 2 hard, 3 good, 4 easy (q stops): ');
      if (answer === undefined || answer === 'q') return finish(ctx, graded);
      grade = GRADES[answer] ?? (Object.values(GRADES).includes(answer) ? answer : undefined);
    }
    const result = await api.post<ReviewCard>(`/review/${card.id}`, { grade });
    graded++;
    println(ctx.io.out, `  ${grade}: next due ${formatTimestamp(result.review.due)}`);
  }
  return finish(ctx, graded);
}

function finish(ctx: Context, graded: number): number {
  println(ctx.io.out, `\nreviewed ${graded} word${graded === 1 ? '' : 's'}`);
  process.stdin.pause();
  return EXIT.ok;
}

export async function exportWords(
  ctx: Context,
  options: { language?: string; format: string; output?: string },
): Promise<number> {
  if (options.format !== 'tsv')
    throw new UsageError('only --format tsv is built; Anki imports it with File → Import');
  const tsv = await ctx.api().text('/vocabulary/export', { format: 'tsv', language: options.language });
  if (!options.output) {
    ctx.io.out.write(tsv);
    return EXIT.ok;
  }
  const fs = await import('node:fs/promises');
  await fs.writeFile(options.output, tsv);
  const count = tsv.split('\n').filter((line) => line && !line.startsWith('#')).length;
  println(ctx.io.err, `wrote ${count} word${count === 1 ? '' : 's'} to ${options.output}`);
  return EXIT.ok;
}
