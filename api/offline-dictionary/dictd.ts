import fs from 'node:fs/promises';
import zlib from 'node:zlib';

/**
 * A dictionary in the dictd format, as Debian installs it: `<name>.index` (one line per headword: the headword,
 * then the entry's offset and length in dictd's base64 digits) and `<name>.dict.dz` (dictzip: gzip whose extra
 * field lists independently inflatable chunks, so one entry is read without inflating the whole file).
 */
export interface DictdFiles {
  /** The entries filed under this headword (dictd folds case), in file order. */
  entries(headword: string): Promise<string[]>;
  has(headword: string): Promise<boolean>;
}

const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function decodeNumber(digits: string): number {
  let value = 0;
  for (const digit of digits) value = value * 64 + DIGITS.indexOf(digit);
  return value;
}

type Span = [offset: number, length: number];

/** dictd folds headwords to lower case in its index; the same fold finds them. */
export const foldHeadword = (word: string) => word.normalize('NFC').toLowerCase();

/**
 * The index stays one buffer (12 MB for German; a Map of it would take ten times that in the heap): its lines are
 * sorted by the folded headword's UTF-8 bytes, so a binary search over line starts finds a headword.
 */
function findSpans(index: Buffer, headword: string): Span[] {
  // Without the allchars flag, dictfmt dropped everything but letters, digits and spaces from the keys
  // (aujourd'hui is filed as aujourdhui, E-Mail as email).
  const allChars = index.includes('00-database-allchars') || index.includes('00databaseallchars');
  const folded = foldHeadword(headword);
  const key = allChars ? folded : folded.replace(/[^\p{L}\p{N} ]/gu, '');
  if (!key) return [];
  const target = Buffer.from(key, 'utf8');
  const lineStart = (at: number) => (at === 0 ? 0 : index.lastIndexOf(10, at - 1) + 1);
  const lineEnd = (start: number) => {
    const end = index.indexOf(10, start);
    return end === -1 ? index.length : end;
  };
  const keyAt = (start: number) => {
    const tab = index.indexOf(9, start);
    return index.subarray(start, tab === -1 ? lineEnd(start) : tab);
  };
  let low = 0;
  let high = index.length;
  while (low < high) {
    const start = lineStart((low + high) >>> 1);
    if (Buffer.compare(keyAt(start), target) < 0) low = lineEnd(start) + 1;
    else high = start;
  }
  const spans: Span[] = [];
  for (let start = low; start < index.length; start = lineEnd(start) + 1) {
    if (!keyAt(start).equals(target)) break;
    const [, offset, length] = index.toString('utf8', start, lineEnd(start)).split('\t');
    if (offset && length) spans.push([decodeNumber(offset), decodeNumber(length)]);
  }
  return spans;
}

interface ChunkTable {
  dataStart: number;
  chunkLength: number;
  /** Offset of each chunk in the file, and one past the last. */
  starts: number[];
}

const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

/** Reads dictzip's "RA" subfield from the gzip header (the layout is in dictzip(1)). */
async function readChunkTable(handle: fs.FileHandle, file: string): Promise<ChunkTable> {
  const { buffer: header } = await handle.read(Buffer.alloc(65_536 + 1_024), 0, 65_536 + 1_024, 0);
  const flags = header[3] as number;
  if (header[0] !== 0x1f || header[1] !== 0x8b || !(flags & FEXTRA))
    throw new Error(`${file} is not a dictzip file`);
  const extraLength = header.readUInt16LE(10);
  let at = 12;
  let table: Omit<ChunkTable, 'dataStart'> | undefined;
  while (at < 12 + extraLength) {
    const id = header.toString('latin1', at, at + 2);
    const length = header.readUInt16LE(at + 2);
    if (id === 'RA') {
      const chunkLength = header.readUInt16LE(at + 6);
      const count = header.readUInt16LE(at + 8);
      const sizes = Array.from({ length: count }, (_, i) => header.readUInt16LE(at + 10 + 2 * i));
      const starts = [0];
      for (const size of sizes) starts.push((starts.at(-1) as number) + size);
      table = { chunkLength, starts };
    }
    at += 4 + length;
  }
  if (!table) throw new Error(`${file} has no dictzip chunk table`);
  at = 12 + extraLength;
  if (flags & FNAME) at = header.indexOf(0, at) + 1;
  if (flags & FCOMMENT) at = header.indexOf(0, at) + 1;
  if (flags & FHCRC) at += 2;
  return { dataStart: at, chunkLength: table.chunkLength, starts: table.starts.map((s) => s + at) };
}

async function readSpan(handle: fs.FileHandle, table: ChunkTable, [offset, length]: Span): Promise<string> {
  const first = Math.floor(offset / table.chunkLength);
  const last = Math.floor((offset + length - 1) / table.chunkLength);
  const from = table.starts[first] as number;
  const to = table.starts[last + 1] as number;
  const { buffer } = await handle.read(Buffer.alloc(to - from), 0, to - from, from);
  const parts: Buffer[] = [];
  for (let chunk = first; chunk <= last; chunk++) {
    const start = (table.starts[chunk] as number) - from;
    const end = (table.starts[chunk + 1] as number) - from;
    // Each chunk ends in a full flush, not the end of the stream: inflate it as an open stream.
    parts.push(
      zlib.inflateRawSync(buffer.subarray(start, end), { finishFlush: zlib.constants.Z_SYNC_FLUSH }),
    );
  }
  const skip = offset - first * table.chunkLength;
  return Buffer.concat(parts)
    .subarray(skip, skip + length)
    .toString('utf8');
}

/** Opens a dictionary lazily: the index is read on the first look-up and kept; entries are read on demand. */
export function openDictd(basePath: string): DictdFiles {
  let index: Promise<Buffer> | undefined;
  let table: Promise<ChunkTable> | undefined;
  const dictFile = `${basePath}.dict.dz`;
  const loadIndex = () => {
    index ??= fs.readFile(`${basePath}.index`);
    index.catch(() => {
      index = undefined;
    });
    return index;
  };
  return {
    async has(headword) {
      return findSpans(await loadIndex(), headword).length > 0;
    },
    async entries(headword) {
      const spans = findSpans(await loadIndex(), headword);
      if (spans.length === 0) return [];
      const handle = await fs.open(dictFile, 'r');
      try {
        if (!table) {
          table = readChunkTable(handle, dictFile);
          table.catch(() => {
            table = undefined;
          });
        }
        const chunks = await table;
        return await Promise.all(spans.map((span) => readSpan(handle, chunks, span)));
      } finally {
        await handle.close();
      }
    },
  };
}
