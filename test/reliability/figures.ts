/** Prints a test's measured figures as a two-column table; timings are reported here, never asserted. */
export function printFigures(title: string, figures: Record<string, string | number>): void {
  const width = Math.max(...Object.keys(figures).map((name) => name.length));
  const lines = Object.entries(figures).map(([name, value]) => `  ${name.padEnd(width)}  ${value}`);
  console.log(`${title}\n${lines.join('\n')}`);
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}
