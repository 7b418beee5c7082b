/**
 * The decoder against damaged messages: valid messages (fixed samples and random ones) mutated,
 * truncated, extended and spliced by a seeded generator. Each case must decode to a message that
 * encodes and decodes back to itself, or be refused with an IppError; never another exception,
 * never a hang, never unbounded memory. A stream read of the same bytes in random chunks must end
 * the same way. QUIRE_FUZZ_SEED=n repeats a run; QUIRE_FUZZ_CASES=n runs more.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { seededRandom, type Random } from '../../test-support/random.js';
import { decodeMessage } from './decode.js';
import { encodeMessage } from './encode.js';
import { IppError } from './ipp-error.js';
import { REQUEST_LIMITS, RESPONSE_LIMITS, type IppLimits } from './limits.js';
import type { IppAttribute, IppMessage, IppValue } from './model.js';
import { SAMPLES } from './samples.test-support.js';
import { GROUP_TAGS, type GroupName } from './tags.js';
import { readMessage } from './stream.js';

const SEED = Number(process.env.QUIRE_FUZZ_SEED ?? 0x1bb5eed);
const CASES = Number(process.env.QUIRE_FUZZ_CASES ?? 8_000);
const STREAM_EVERY = 8;

const INTERESTING_BYTES = [
  0x00, 0x01, 0x02, 0x03, 0x04, 0x10, 0x13, 0x21, 0x34, 0x37, 0x41, 0x4a, 0x7f, 0x80, 0xff,
];
const INTERESTING_SHORTS = [0, 1, 2, 3, 4, 8, 9, 11, 63, 64, 255, 256, 1023, 1024, 0x7fff, 0x8000, 0xffff];

function randomValue(random: Random, depth: number): IppValue {
  const ascii = () => 'abcdefghij-._'.slice(0, 1 + random.int(12));
  const choices: (() => IppValue)[] = [
    () => ({ tag: 'integer', value: random.int(2 ** 32) - 2 ** 31 }),
    () => ({ tag: 'boolean', value: random.next() < 0.5 }),
    () => ({ tag: 'enum', value: random.int(20) }),
    () => ({ tag: 'keyword', value: ascii() }),
    () => ({ tag: 'nameWithoutLanguage', value: 'Zoë '.repeat(random.int(4)) }),
    () => ({ tag: 'textWithLanguage', value: { language: 'en', text: '✓'.repeat(random.int(5)) } }),
    () => ({ tag: 'rangeOfInteger', value: { lower: 1, upper: 1 + random.int(100) } }),
    () => ({ tag: 'resolution', value: { x: 1 + random.int(2400), y: 1 + random.int(2400), units: 'dpi' } }),
    () => ({ tag: 'octetString', value: Buffer.from([random.int(256), random.int(256)]) }),
    () => ({ tag: 'no-value' }),
    () => ({
      tag: 'dateTime',
      value: {
        ...{ year: 2000 + random.int(50), month: 1 + random.int(12), day: 1 + random.int(28) },
        ...{ hours: random.int(24), minutes: random.int(60), seconds: random.int(60), deciseconds: 0 },
        ...{ utcDirection: '-', utcHours: random.int(12), utcMinutes: 30 },
      },
    }),
  ];
  if (depth < 4) choices.push(() => ({ tag: 'collection', value: randomAttributes(random, depth + 1, 3) }));
  return random.pick(choices)();
}

function randomAttributes(random: Random, depth: number, most: number): IppAttribute[] {
  const count = random.int(most + 1);
  return Array.from({ length: count }, (_, i) => ({
    name: `a${i}`,
    values: Array.from({ length: 1 + random.int(3) }, () => randomValue(random, depth)),
  }));
}

function randomMessage(random: Random): IppMessage {
  const groupNames = [...GROUP_TAGS.keys()];
  return {
    version: { major: 1 + random.int(2), minor: random.int(3) },
    code: random.int(0x10000) - 0x8000,
    requestId: random.int(2 ** 31),
    groups: Array.from({ length: random.int(4) }, () => ({
      tag: random.pick(groupNames) as GroupName,
      attributes: randomAttributes(random, 0, 6),
    })),
  };
}

/** One damage done to `bytes`. */
function mutate(random: Random, bytes: Buffer, corpus: readonly Buffer[]): Buffer {
  const at = random.int(bytes.length + 1);
  const copy = Buffer.from(bytes);
  switch (random.int(9)) {
    case 0:
      if (at < copy.length) copy[at]! ^= 1 << random.int(8);
      return copy;
    case 1:
      if (at < copy.length) copy[at] = random.pick(INTERESTING_BYTES);
      return copy;
    case 2:
      if (at + 2 <= copy.length) copy.writeUInt16BE(random.pick(INTERESTING_SHORTS), at);
      return copy;
    case 3:
      return bytes.subarray(0, at);
    case 4: {
      const noise = Buffer.from(Array.from({ length: 1 + random.int(16) }, () => random.int(256)));
      return Buffer.concat([bytes.subarray(0, at), noise, bytes.subarray(at)]);
    }
    case 5:
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1 + random.int(32))]);
    case 6: {
      const from = random.int(bytes.length);
      const slice = bytes.subarray(from, from + 1 + random.int(64));
      return Buffer.concat([bytes.subarray(0, at), slice, bytes.subarray(at)]);
    }
    case 7: {
      const other = random.pick(corpus);
      return Buffer.concat([bytes.subarray(0, at), other.subarray(random.int(other.length))]);
    }
    default:
      return Buffer.concat([bytes, random.next() < 0.5 ? bytes : Buffer.from([random.int(256)])]);
  }
}

type Outcome = { message: IppMessage } | { status: string };

function decodeOutcome(bytes: Buffer, limits: IppLimits, label: string): Outcome {
  try {
    return { message: decodeMessage(bytes, limits).message };
  } catch (error) {
    if (error instanceof IppError) return { status: error.status };
    assert.fail(`${label}: ${String(error)}\n${(error as Error).stack}\ninput: ${bytes.toString('hex')}`);
  }
}

async function streamOutcome(random: Random, bytes: Buffer, limits: IppLimits): Promise<Outcome> {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length;) {
    const size = 1 + random.int(40);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  try {
    return { message: await readMessage(Readable.from(chunks, { objectMode: false }), limits) };
  } catch (error) {
    if (error instanceof IppError) return { status: error.status };
    throw error;
  }
}

describe(`IPP decoder fuzzing (seed ${SEED}, ${CASES} cases)`, () => {
  it(
    'decodes or refuses with an IppError, the same from a stream, and round-trips what it accepts',
    { timeout: 120_000 },
    async () => {
      const random = seededRandom(SEED);
      const tight: IppLimits = { ...REQUEST_LIMITS, maxAttributes: 20, maxValues: 4, maxCollectionDepth: 2 };
      const corpus = [
        ...SAMPLES.map(encodeMessage),
        ...Array.from({ length: 50 }, () => encodeMessage(randomMessage(random))),
      ];
      const heapBefore = process.memoryUsage().heapUsed;
      const tally = { accepted: 0, refused: new Map<string, number>() };
      let slowest = 0;
      for (let n = 0; n < CASES; n++) {
        let bytes = random.next() < 0.2 ? encodeMessage(randomMessage(random)) : random.pick(corpus);
        for (let k = 1 + random.int(4); k > 0; k--) bytes = mutate(random, bytes, corpus);
        const limits = random.pick([REQUEST_LIMITS, RESPONSE_LIMITS, tight]);
        const label = `case ${n} (seed ${SEED})`;
        const started = performance.now();
        const outcome = decodeOutcome(bytes, limits, label);
        slowest = Math.max(slowest, performance.now() - started);
        if ('message' in outcome) {
          tally.accepted++;
          const again = decodeOutcome(encodeMessage(outcome.message), RESPONSE_LIMITS, `${label} re-encoded`);
          assert.deepEqual(
            again,
            outcome,
            `${label}: re-encoding changed the message; input ${bytes.toString('hex')}`,
          );
        } else {
          tally.refused.set(outcome.status, (tally.refused.get(outcome.status) ?? 0) + 1);
        }
        if (n % STREAM_EVERY === 0 && limits !== tight) {
          const streamed = await streamOutcome(random, bytes, limits);
          assert.deepEqual(
            streamed,
            outcome,
            `${label}: the stream read differs; input ${bytes.toString('hex')}`,
          );
        }
      }
      const grown = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
      console.log(
        `# fuzz: ${tally.accepted} accepted, refused ${JSON.stringify([...tally.refused])}; slowest ${slowest.toFixed(1)} ms; heap +${grown.toFixed(1)} MB`,
      );
      assert.ok(tally.accepted > CASES / 50, 'too few mutated messages were still valid to test round trips');
      assert.ok(tally.refused.size >= 3, 'the mutations reach too few refusals');
      assert.ok(slowest < 1000, `one case took ${slowest} ms`);
      assert.ok(grown < 100, `the heap grew by ${grown} MB`);
    },
  );
});
