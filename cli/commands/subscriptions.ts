import type { SubscriptionView } from '../../contracts/api-types';
import type { Context } from '../context';
import { EXIT, UsageError } from '../errors';
import { formatTable } from '../format';
import { println } from '../io';

export interface SubscribeOptions {
  language: string;
  level: string;
  length: number;
  topic?: string[];
  surprise?: boolean;
  time: string;
  timeZone?: string;
  json?: boolean;
}

const topicsOf = (s: SubscriptionView) => (s.surprise ? 'surprise me' : s.topics.join(', '));
const nextOf = (s: SubscriptionView) =>
  s.paused ? 'paused' : (s.nextRuns?.[0] ?? 'unknown (Temporal did not answer)');

function printOne(ctx: Context, s: SubscriptionView, what: string): void {
  println(ctx.io.out, `${what} ${s.id}: ${s.language} ${s.level}, ${s.length} words, ${topicsOf(s)}`);
  println(
    ctx.io.out,
    `  every day at ${s.time} ${s.timeZone} (schedule ${s.scheduleId}); next: ${nextOf(s)}`,
  );
}

export async function subscribe(ctx: Context, options: SubscribeOptions): Promise<number> {
  if (!options.topic?.length && !options.surprise)
    throw new UsageError('give at least one --topic, or --surprise for a different news topic each day');
  const created = await ctx.api().post<SubscriptionView>('/subscriptions', {
    language: options.language,
    level: options.level,
    length: options.length,
    topics: options.topic ?? [],
    surprise: Boolean(options.surprise),
    time: options.time,
    // The learner's own clock is the sensible default for "every day at 07:30".
    timeZone: options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
  });
  if (options.json) println(ctx.io.out, JSON.stringify(created));
  else printOne(ctx, created, 'subscribed:');
  return EXIT.ok;
}

export async function listSubscriptions(ctx: Context, options: { json?: boolean }): Promise<number> {
  const { items } = await ctx.api().get<{ items: SubscriptionView[] }>('/subscriptions');
  if (options.json) {
    println(ctx.io.out, JSON.stringify({ items }));
    return EXIT.ok;
  }
  if (items.length === 0) {
    println(ctx.io.out, 'no daily stories yet; `opad subscribe` starts one');
    return EXIT.ok;
  }
  const rows = items.map((s) => [
    s.id,
    s.paused ? 'paused' : 'active',
    `${s.time} ${s.timeZone}`,
    s.language,
    s.level,
    String(s.length),
    nextOf(s),
    topicsOf(s),
  ]);
  const header = ['SUBSCRIPTION', 'STATE', 'TIME', 'LANG', 'LEVEL', 'WORDS', 'NEXT', 'TOPICS'];
  for (const line of formatTable(header, rows, ctx.io.columns)) println(ctx.io.out, line);
  return EXIT.ok;
}

export function setPaused(paused: boolean) {
  return async (ctx: Context, id: string, options: { json?: boolean }): Promise<number> => {
    const updated = await ctx
      .api()
      .request<SubscriptionView>('PATCH', `/subscriptions/${encodeURIComponent(id)}`, { body: { paused } });
    if (options.json) println(ctx.io.out, JSON.stringify(updated));
    else printOne(ctx, updated, paused ? 'paused' : 'resumed');
    return EXIT.ok;
  };
}

export type EditOptions = Partial<Omit<SubscribeOptions, 'json'>> & { json?: boolean };

/** Changes only what is given; topics given replace the list (and end "surprise me"). */
export async function editSubscription(ctx: Context, id: string, options: EditOptions): Promise<number> {
  const patch = {
    ...(options.language ? { language: options.language } : {}),
    ...(options.level ? { level: options.level } : {}),
    ...(options.length !== undefined ? { length: options.length } : {}),
    ...(options.topic?.length ? { topics: options.topic } : {}),
    ...(options.surprise ? { surprise: true } : {}),
    ...(options.time ? { time: options.time } : {}),
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  };
  if (Object.keys(patch).length === 0)
    throw new UsageError('say what to change, e.g. --time 08:00 or --topic Sport --topic Kultur');
  const updated = await ctx
    .api()
    .request<SubscriptionView>('PATCH', `/subscriptions/${encodeURIComponent(id)}`, { body: patch });
  if (options.json) println(ctx.io.out, JSON.stringify(updated));
  else printOne(ctx, updated, 'changed');
  return EXIT.ok;
}

export async function unsubscribe(ctx: Context, id: string): Promise<number> {
  await ctx.api().request('DELETE', `/subscriptions/${encodeURIComponent(id)}`);
  println(ctx.io.out, `deleted subscription ${id} and its schedule daily-${id}; its articles stay`);
  return EXIT.ok;
}
