/**
 * The ONNX Runtime backend: the only module that touches `onnxruntime-node` (as transformers.js
 * keeps its runtime in `src/backends/onnx.js`), so swapping in onnxruntime-web or another runtime
 * touches one file. The runtime is imported lazily on the first `loadOnnxModel`: importing the
 * engine for online learning never loads the native library.
 *
 * A loaded model version scores like the TypeScript model it came from: features are hashed in
 * TypeScript, the linear part runs in ONNX Runtime in batches, and for NER the CRF inference
 * (Viterbi, forward–backward, span marginals) runs in TypeScript on the returned emissions. A model
 * with word vectors also gets each token's row in its vector table, looked up in TypeScript with
 * the vocabulary stored in the file.
 */
import type * as Ort from 'onnxruntime-node';
import type { NerSentencePrediction, ScoredSpan } from '../ner/crf.js';
import type { SuggestOptions } from '../ner/spans.js';
import type { TextcatInput } from '../textcat/features.js';
import type { Token } from '../types.js';
import { NER_INPUT_ROWS, NER_OUTPUT, nerInputs } from './export-ner.js';
import {
  TEXTCAT_INPUT_ROWS,
  TEXTCAT_INPUT_VALUES,
  TEXTCAT_OUTPUT,
  padTextcatFeatures,
  textcatFeatureVectors,
} from './export-textcat.js';
import { VECTOR_INPUT_ROWS, type Vocabulary } from './export-vectors.js';
import {
  readModelVersionMetadata,
  readModelVocabulary,
  type NerVersionMetadata,
  type TextcatVersionMetadata,
} from './model-version.js';
import { NerEmissionDecoder } from './ner-from-emissions.js';

export interface BatchOptions {
  /** Inputs per runtime call (default 256): larger amortizes the call, smaller bounds memory. */
  batchSize?: number;
}

export interface LoadOnnxOptions {
  /** Intra-op threads (default 1: the server scores many streams, one core each is fairer). */
  threads?: number;
}

export interface OnnxTextcatScorer {
  readonly kind: 'textcat';
  readonly metadata: TextcatVersionMetadata;
  /** Probabilities per label (order of `metadata.labels`) for each text. */
  scoreTexts(texts: readonly TextcatInput[], options?: BatchOptions): Promise<Float32Array[]>;
  close(): Promise<void>;
}

export interface OnnxNerScorer {
  readonly kind: 'ner';
  readonly metadata: NerVersionMetadata;
  /** Emission scores [T × nTags] of one sentence. */
  emissions(tokens: readonly { text: string }[]): Promise<Float32Array>;
  /** Emissions of many sentences, batched by concatenating their tokens. */
  emissionsBatch(
    sentences: readonly (readonly { text: string }[])[],
    options?: BatchOptions,
  ): Promise<Float32Array[]>;
  /** Viterbi entities with exact marginals, as `NerModel.predictSentence`. */
  predict(tokens: readonly Token[]): Promise<NerSentencePrediction>;
  predictSentences(
    sentences: readonly (readonly Token[])[],
    options?: BatchOptions,
  ): Promise<NerSentencePrediction[]>;
  /** Every span with P ≥ threshold, as `NerModel.suggest`. */
  suggest(tokens: readonly Token[], options?: SuggestOptions): Promise<ScoredSpan[]>;
  close(): Promise<void>;
}

export type OnnxScorer = OnnxTextcatScorer | OnnxNerScorer;

const DEFAULT_BATCH = 256;
let runtime: Promise<typeof Ort> | undefined;

/** Loads model-version ONNX bytes (from `exportModelVersion`) into an ONNX Runtime session. */
export async function loadOnnxModel(
  bytes: Uint8Array,
  options: LoadOnnxOptions = {},
): Promise<OnnxScorer> {
  const metadata = readModelVersionMetadata(bytes);
  const vocabulary = metadata.vectors === undefined ? undefined : readModelVocabulary(bytes);
  if (vocabulary === null) throw new RangeError('a model with word vectors needs its vocabulary');
  const ort = await (runtime ??= import('onnxruntime-node'));
  const session = await ort.InferenceSession.create(bytes, {
    intraOpNumThreads: options.threads ?? 1,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionProviders: ['cpu'],
  });
  const close = () => session.release();
  return metadata.kind === 'textcat'
    ? textcatScorer(ort, session, metadata, vocabulary, close)
    : nerScorer(ort, session, metadata, vocabulary, close);
}

function textcatScorer(
  ort: typeof Ort,
  session: Ort.InferenceSession,
  metadata: TextcatVersionMetadata,
  vocabulary: Vocabulary | undefined,
  close: () => Promise<void>,
): OnnxTextcatScorer {
  const L = metadata.labels.length;
  const config = { features: metadata.featureConfig };
  return {
    kind: 'textcat',
    metadata,
    close,
    async scoreTexts(texts, options = {}) {
      const size = batchSize(options);
      const vectors = textcatFeatureVectors(config, texts, vocabulary);
      // Batches of similar length: each batch is padded to its longest text, so sorting by
      // feature count keeps the graph's n × f work close to the real number of features.
      const order = Array.from(vectors.keys()).sort(
        (a, b) => vectors[a]!.rows.length - vectors[b]!.rows.length,
      );
      const out = new Array<Float32Array>(texts.length);
      for (let b = 0; b < order.length; b += size) {
        const ids = order.slice(b, b + size);
        const batch = padTextcatFeatures(
          ids.map((i) => vectors[i]!),
          config.features.bits,
          vocabulary,
        );
        const feeds: Record<string, Ort.Tensor> = {
          [TEXTCAT_INPUT_ROWS]: new ort.Tensor('int64', batch.rows, [batch.n, batch.f]),
          [TEXTCAT_INPUT_VALUES]: new ort.Tensor('float32', batch.values, [batch.n, batch.f]),
        };
        if (batch.vectorRows !== undefined) {
          feeds[VECTOR_INPUT_ROWS] = new ort.Tensor('int64', batch.vectorRows, [batch.n, batch.w!]);
        }
        const result = await session.run(feeds);
        const scores = result[TEXTCAT_OUTPUT]!.data as Float32Array;
        ids.forEach((id, i) => (out[id] = scores.slice(i * L, (i + 1) * L)));
      }
      return out;
    },
  };
}

function nerScorer(
  ort: typeof Ort,
  session: Ort.InferenceSession,
  metadata: NerVersionMetadata,
  vocabulary: Vocabulary | undefined,
  close: () => Promise<void>,
): OnnxNerScorer {
  const decoder = new NerEmissionDecoder(metadata.labels, metadata.crf);
  const K = decoder.nTags;
  const config = { features: metadata.featureConfig };

  /** One runtime call for a group of sentences; empty sentences never reach the runtime. */
  async function run(sentences: readonly (readonly { text: string }[])[]): Promise<Float32Array[]> {
    const batch = nerInputs(config, sentences, vocabulary);
    if (batch.t === 0) return sentences.map(() => new Float32Array(0));
    const feeds: Record<string, Ort.Tensor> = {
      [NER_INPUT_ROWS]: new ort.Tensor('int64', batch.rows, [batch.t, batch.rows.length / batch.t]),
    };
    if (batch.vectorRows !== undefined) {
      feeds[VECTOR_INPUT_ROWS] = new ort.Tensor('int64', batch.vectorRows, [batch.t]);
    }
    const result = await session.run(feeds);
    const emissions = result[NER_OUTPUT]!.data as Float32Array;
    return sentences.map((_, i) =>
      emissions.slice(batch.offsets[i]! * K, batch.offsets[i + 1]! * K),
    );
  }

  async function emissionsBatch(
    sentences: readonly (readonly { text: string }[])[],
    options: BatchOptions = {},
  ): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    const size = batchSize(options);
    for (let b = 0; b < sentences.length; b += size)
      out.push(...(await run(sentences.slice(b, b + size))));
    return out;
  }

  return {
    kind: 'ner',
    metadata,
    close,
    emissionsBatch,
    async emissions(tokens) {
      return (await run([tokens]))[0]!;
    },
    async predict(tokens) {
      return decoder.predictSentence(tokens, (await run([tokens]))[0]!);
    },
    async predictSentences(sentences, options) {
      const emissions = await emissionsBatch(sentences, options);
      return sentences.map((tokens, i) => decoder.predictSentence(tokens, emissions[i]!));
    },
    async suggest(tokens, options) {
      return decoder.suggest(tokens, (await run([tokens]))[0]!, options);
    },
  };
}

function batchSize(options: BatchOptions): number {
  const size = options.batchSize ?? DEFAULT_BATCH;
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`batchSize must be ≥ 1, got ${size}`);
  return size;
}
