/**
 * Linear-chain CRF inference over a BILUO lattice: scaled forward–backward (token marginals, pair
 * expectations, exact span marginals, log Z) and Viterbi. Buffers are owned by a `Lattice` and grow
 * to the longest sentence seen, so the hot loops allocate nothing.
 *
 * Scaling (Rabiner 1989, §V.A) instead of log-space: with ψ_t(k) = exp(e_t(k) − m_t) (m_t the max
 * emission at t) and A(i,j) = exp(w(i,j) − m_A) (0 where BILUO forbids i → j),
 *   α̂_0(k) = start(k) ψ_0(k) / c_0,   α̂_t(j) = ψ_t(j) Σ_i α̂_{t−1}(i) A(i,j) / c_t,
 * each c_t normalising α̂_t to sum 1, and c_T = Σ_k α̂_{T−1}(k) end(k). Then
 *   log Z = Σ_{t<T} (log c_t + m_t) + (T−1) m_A + log c_T,
 *   β̂_{T−1}(k) = end(k) / c_T,   β̂_{t−1}(i) = Σ_j A(i,j) ψ_t(j) β̂_t(j) / c_t,
 * and P(y_t = k) = α̂_t(k) β̂_t(k),  P(y_{t−1} = i, y_t = j) = α̂_{t−1}(i) A(i,j) ψ_t(j) β̂_t(j) / c_t.
 * Only exp() per emission and products follow, which is several times faster than log-sum-exp.
 * The sums run over the allowed transitions only (an edge list): BILUO allows about a third of the
 * K × K pairs: (1 + 2L)² + 4L of them for L labels, 97 of 289 for 4 labels.
 */

/** Transition scores in both forms the lattice needs; rebuilt by the model when weights change. */
export interface TransitionTable {
  nTags: number;
  /** exp(w(i,j) − maxScore) where allowed, exactly 0 where the BILUO grammar forbids i → j. */
  exp: Float64Array;
  /** w(i,j) where allowed, −Infinity otherwise (for Viterbi). */
  log: Float64Array;
  maxScore: number;
  startAllowed: Uint8Array;
  endAllowed: Uint8Array;
  /** The allowed transitions as an edge list: from, to, from·K + to, exp and log scores. */
  edgeFrom: Int32Array;
  edgeTo: Int32Array;
  edgeIndex: Int32Array;
  edgeExp: Float64Array;
  edgeLog: Float64Array;
}

export function buildTransitionTable(
  weights: ArrayLike<number>,
  allowed: Uint8Array,
  startAllowed: Uint8Array,
  endAllowed: Uint8Array,
  nTags: number,
  into?: TransitionTable,
): TransitionTable {
  const table = into ?? newTable(allowed, startAllowed, endAllowed, nTags);
  let max = -Infinity;
  for (let i = 0; i < nTags * nTags; i++) if (allowed[i] && weights[i]! > max) max = weights[i]!;
  table.maxScore = max;
  for (let i = 0; i < nTags * nTags; i++) {
    table.log[i] = allowed[i] ? weights[i]! : -Infinity;
    table.exp[i] = allowed[i] ? Math.exp(weights[i]! - max) : 0;
  }
  for (let e = 0; e < table.edgeIndex.length; e++) {
    table.edgeExp[e] = table.exp[table.edgeIndex[e]!]!;
    table.edgeLog[e] = table.log[table.edgeIndex[e]!]!;
  }
  return table;
}

function newTable(
  allowed: Uint8Array,
  startAllowed: Uint8Array,
  endAllowed: Uint8Array,
  nTags: number,
): TransitionTable {
  const edges: number[] = [];
  for (let i = 0; i < nTags * nTags; i++) if (allowed[i]) edges.push(i);
  return {
    nTags,
    exp: new Float64Array(nTags * nTags),
    log: new Float64Array(nTags * nTags),
    maxScore: 0,
    startAllowed,
    endAllowed,
    edgeFrom: Int32Array.from(edges, (i) => Math.floor(i / nTags)),
    edgeTo: Int32Array.from(edges, (i) => i % nTags),
    edgeIndex: Int32Array.from(edges),
    edgeExp: new Float64Array(edges.length),
    edgeLog: new Float64Array(edges.length),
  };
}

export class Lattice {
  readonly nTags: number;
  /** Tokens in the last run. */
  length = 0;
  /** log Z of the last run; −Infinity when no path satisfies the constraints. */
  logZ = 0;
  private capacity = 0;
  private psi = new Float64Array(0);
  private alpha = new Float64Array(0);
  private beta = new Float64Array(0);
  private scale = new Float64Array(0);
  private tmp: Float64Array;
  private delta = new Float64Array(0);
  private backPointers = new Int32Array(0);

  constructor(nTags: number) {
    this.nTags = nTags;
    this.tmp = new Float64Array(nTags);
  }

  private ensure(T: number): void {
    if (T <= this.capacity) return;
    const cap = Math.max(T, this.capacity * 2, 16);
    const K = this.nTags;
    this.psi = new Float64Array(cap * K);
    this.alpha = new Float64Array(cap * K);
    this.beta = new Float64Array(cap * K);
    this.scale = new Float64Array(cap + 1);
    this.delta = new Float64Array(cap * K);
    this.backPointers = new Int32Array(cap * K);
    this.capacity = cap;
  }

  /**
   * Forward–backward over `emissions` [T × K]; `mask` [T × K] (1 = tag allowed) restricts the
   * lattice to paths that agree with a partial annotation. Returns log Z of the (masked) lattice.
   */
  run(emissions: Float64Array, T: number, trans: TransitionTable, mask: Uint8Array | null): number {
    const K = this.nTags;
    this.ensure(T);
    this.length = T;
    const { psi, alpha, beta, scale } = this;
    const { edgeFrom, edgeTo, edgeExp } = trans;
    const nEdges = edgeExp.length;
    let logZ = 0;
    for (let t = 0; t < T; t++) {
      const o = t * K;
      // ψ_t with the max over allowed tags subtracted, so exp() never overflows.
      let m = -Infinity;
      for (let k = 0; k < K; k++) {
        if ((mask === null || mask[o + k]) && emissions[o + k]! > m) m = emissions[o + k]!;
      }
      if (m === -Infinity) return (this.logZ = -Infinity);
      for (let k = 0; k < K; k++) {
        psi[o + k] = mask === null || mask[o + k] ? Math.exp(emissions[o + k]! - m) : 0;
      }
      let c = 0;
      if (t === 0) {
        for (let k = 0; k < K; k++) c += alpha[k] = trans.startAllowed[k] ? psi[k]! : 0;
      } else {
        const p = o - K;
        for (let j = 0; j < K; j++) alpha[o + j] = 0;
        for (let e = 0; e < nEdges; e++)
          alpha[o + edgeTo[e]!] += alpha[p + edgeFrom[e]!]! * edgeExp[e]!;
        for (let j = 0; j < K; j++) c += alpha[o + j] *= psi[o + j]!;
        logZ += trans.maxScore;
      }
      if (!(c > 0)) return (this.logZ = -Infinity);
      const inv = 1 / c;
      for (let k = 0; k < K; k++) alpha[o + k] *= inv;
      scale[t] = c;
      logZ += Math.log(c) + m;
    }
    const last = (T - 1) * K;
    let cEnd = 0;
    for (let k = 0; k < K; k++) if (trans.endAllowed[k]) cEnd += alpha[last + k]!;
    if (!(cEnd > 0)) return (this.logZ = -Infinity);
    scale[T] = cEnd;
    logZ += Math.log(cEnd);
    for (let k = 0; k < K; k++) beta[last + k] = trans.endAllowed[k] ? 1 / cEnd : 0;
    const tmp = this.tmp;
    for (let t = T - 1; t > 0; t--) {
      const o = t * K;
      const inv = 1 / scale[t]!;
      for (let j = 0; j < K; j++) tmp[j] = psi[o + j]! * beta[o + j]! * inv;
      const p = o - K;
      for (let i = 0; i < K; i++) beta[p + i] = 0;
      for (let e = 0; e < nEdges; e++) beta[p + edgeFrom[e]!] += edgeExp[e]! * tmp[edgeTo[e]!]!;
    }
    return (this.logZ = logZ);
  }

  /** P(y_t = k) from the last run. */
  marginal(t: number, k: number): number {
    const i = t * this.nTags + k;
    return this.alpha[i]! * this.beta[i]!;
  }

  /** Copies the [T × K] token marginals of the last run into `out`. */
  marginals(out: Float64Array): Float64Array {
    const n = this.length * this.nTags;
    for (let i = 0; i < n; i++) out[i] = this.alpha[i]! * this.beta[i]!;
    return out;
  }

  /**
   * Adds `coef ×` the expected sufficient statistics of the last run: token marginals into
   * `emissionGrad` [T × K] and pair marginals summed over positions into `transitionGrad` [K × K].
   */
  accumulate(
    coef: number,
    emissionGrad: Float64Array,
    transitionGrad: Float64Array,
    trans: TransitionTable,
  ): void {
    const K = this.nTags;
    const T = this.length;
    const { alpha, beta, psi, scale, tmp } = this;
    const { edgeFrom, edgeTo, edgeIndex, edgeExp } = trans;
    const nEdges = edgeExp.length;
    for (let i = 0; i < T * K; i++) emissionGrad[i] += coef * alpha[i]! * beta[i]!;
    for (let t = 1; t < T; t++) {
      const o = t * K;
      const f = coef / scale[t]!;
      for (let j = 0; j < K; j++) tmp[j] = psi[o + j]! * beta[o + j]! * f;
      const p = o - K;
      for (let e = 0; e < nEdges; e++) {
        transitionGrad[edgeIndex[e]!] += alpha[p + edgeFrom[e]!]! * edgeExp[e]! * tmp[edgeTo[e]!]!;
      }
    }
  }

  /**
   * Exact P(tokens s..e form one entity) for the tag ids of that label (Begin, Inside, Last, Unit):
   *   s = e:  P = P(y_s = U) = α̂_s(U) β̂_s(U);
   *   s < e:  P = α̂_s(B) · Π_{t=s+1}^{e} A(y_{t−1}, y_t) ψ_t(y_t) / c_t · β̂_e(L),
   * with y = B, I, …, I, L: the α̂ prefix carries every path into B at s (from alpha[s−1]), the
   * product walks the only allowed path through the span, and β̂_e(L) every continuation. The
   * BILUO grammar makes "B at s, I…, L at e" the same event as "exactly this entity".
   */
  spanProbability(
    s: number,
    e: number,
    tags: { begin: number; inside: number; last: number; unit: number },
    trans: TransitionTable,
  ): number {
    const K = this.nTags;
    if (s === e) return this.marginal(s, tags.unit);
    const A = trans.exp;
    let prefix = this.alpha[s * K + tags.begin]!;
    let prev = tags.begin;
    for (let t = s + 1; t < e; t++) {
      prefix *= (A[prev * K + tags.inside]! * this.psi[t * K + tags.inside]!) / this.scale[t]!;
      prev = tags.inside;
    }
    const o = e * K + tags.last;
    return (prefix * A[prev * K + tags.last]! * this.psi[o]! * this.beta[o]!) / this.scale[e]!;
  }

  /**
   * Every entity starting at `s` with probability ≥ `threshold`, up to `maxLength` tokens, pushed
   * as (end, probability) pairs. Walking right from B, `prefix · β̂_t(I)` is the probability that
   * the entity starts at s and continues past t, an upper bound on any longer span: stop below it.
   */
  spansFrom(
    s: number,
    tags: { begin: number; inside: number; last: number; unit: number },
    trans: TransitionTable,
    threshold: number,
    maxLength: number,
    emit: (end: number, probability: number) => void,
  ): void {
    const K = this.nTags;
    const T = this.length;
    const A = trans.exp;
    const unit = this.marginal(s, tags.unit);
    if (unit >= threshold) emit(s, unit);
    if (this.marginal(s, tags.begin) < threshold) return;
    let prefix = this.alpha[s * K + tags.begin]!;
    let prev = tags.begin;
    for (let e = s + 1; e < T && e - s < maxLength; e++) {
      const o = e * K;
      const c = this.scale[e]!;
      const p =
        (prefix * A[prev * K + tags.last]! * this.psi[o + tags.last]! * this.beta[o + tags.last]!) /
        c;
      if (p >= threshold) emit(e, p);
      prefix *= (A[prev * K + tags.inside]! * this.psi[o + tags.inside]!) / c;
      prev = tags.inside;
      if (prefix * this.beta[o + tags.inside]! < threshold) break;
    }
  }

  /** Best path into `out` (length ≥ T) under the BILUO constraints; returns its score. */
  viterbi(emissions: Float64Array, T: number, trans: TransitionTable, out: Int32Array): number {
    const K = this.nTags;
    this.ensure(T);
    const delta = this.delta;
    const back = this.backPointers;
    const { edgeFrom, edgeTo, edgeLog } = trans;
    const nEdges = edgeLog.length;
    for (let k = 0; k < K; k++) delta[k] = trans.startAllowed[k] ? emissions[k]! : -Infinity;
    for (let t = 1; t < T; t++) {
      const o = t * K;
      const p = o - K;
      for (let j = 0; j < K; j++) delta[o + j] = -Infinity;
      for (let e = 0; e < nEdges; e++) {
        const j = o + edgeTo[e]!;
        const v = delta[p + edgeFrom[e]!]! + edgeLog[e]!;
        if (v > delta[j]!) {
          delta[j] = v;
          back[j] = edgeFrom[e]!;
        }
      }
      for (let j = 0; j < K; j++) delta[o + j] += emissions[o + j]!;
    }
    const last = (T - 1) * K;
    let best = -Infinity;
    let arg = 0;
    for (let k = 0; k < K; k++) {
      if (trans.endAllowed[k] && delta[last + k]! > best) {
        best = delta[last + k]!;
        arg = k;
      }
    }
    out[T - 1] = arg;
    for (let t = T - 1; t > 0; t--) out[t - 1] = back[t * K + out[t]!]!;
    return best;
  }
}
