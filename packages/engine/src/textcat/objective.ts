/**
 * Losses of the text classifier on its logits, with their gradients. Targets are per label:
 * 1 (the label applies), 0 (it does not) or NaN (unknown — a binary answer says nothing about the
 * other labels). All arithmetic is in float64 for stability; weights stay float32.
 */

/** log(1 + e^x) without overflow. */
function softplus(x: number): number {
  return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
}

export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * Independent logistic outputs: Σ over known labels of the binary cross-entropy
 * softplus(z) − t·z, whose derivative is sigmoid(z) − t. Writes dLoss/dz into `grad`.
 */
export function multiLabelLoss(
  logits: Float64Array,
  targets: Float32Array,
  grad: Float64Array,
): number {
  let loss = 0;
  for (let k = 0; k < logits.length; k++) {
    const t = targets[k];
    if (Number.isNaN(t)) {
      grad[k] = 0;
      continue;
    }
    loss += softplus(logits[k]) - t * logits[k];
    grad[k] = sigmoid(logits[k]) - t;
  }
  return loss;
}

/**
 * One softmax over exclusive labels, learning from partial answers. The annotation says the true
 * label lies in a set A: the labels marked 1 if any, otherwise every label not marked 0 (so a
 * reject of L gives A = all but L). The loss is −log P(A) = LSE(z) − LSE(z_A), and
 * dLoss/dz_k = p_k − q_k, where p = softmax(z) and q = softmax restricted to A. With A = {L} this is
 * the usual cross-entropy. Returns NaN (and a zero gradient) when the targets rule out nothing or
 * everything.
 */
export function exclusiveLoss(
  logits: Float64Array,
  targets: Float32Array,
  grad: Float64Array,
): number {
  const n = logits.length;
  let anyPositive = false;
  for (let k = 0; k < n; k++) if (targets[k] === 1) anyPositive = true;
  let inSet = 0;
  let max = -Infinity;
  let maxSet = -Infinity;
  for (let k = 0; k < n; k++) {
    max = Math.max(max, logits[k]);
    if (allowed(targets[k], anyPositive)) {
      inSet++;
      maxSet = Math.max(maxSet, logits[k]);
    }
  }
  if (inSet === 0 || inSet === n) {
    grad.fill(0);
    return Number.NaN;
  }
  let sum = 0;
  let sumSet = 0;
  for (let k = 0; k < n; k++) {
    sum += Math.exp(logits[k] - max);
    if (allowed(targets[k], anyPositive)) sumSet += Math.exp(logits[k] - maxSet);
  }
  const lse = max + Math.log(sum);
  const lseSet = maxSet + Math.log(sumSet);
  for (let k = 0; k < n; k++) {
    const p = Math.exp(logits[k] - lse);
    const q = allowed(targets[k], anyPositive) ? Math.exp(logits[k] - lseSet) : 0;
    grad[k] = p - q;
  }
  return lse - lseSet;
}

function allowed(target: number, anyPositive: boolean): boolean {
  return anyPositive ? target === 1 : target !== 0;
}

/** Softmax of `logits` into `out` (max-subtracted for stability). */
export function softmaxInto(logits: Float64Array, out: Float32Array): void {
  let max = -Infinity;
  for (let k = 0; k < logits.length; k++) max = Math.max(max, logits[k]);
  let sum = 0;
  for (let k = 0; k < logits.length; k++) sum += Math.exp(logits[k] - max);
  for (let k = 0; k < logits.length; k++) out[k] = Math.exp(logits[k] - max) / sum;
}

/**
 * The gradient of one weight with the L2 term: `data + l2·w`, except that the penalty may shrink
 * a step but never reverse it (0 then). Every weight then moves against its data gradient, so
 * a rejected label's logit for the answered text never rises (Δz = Σ v·Δw ≤ 0, as v ≥ 0), and
 * the penalty still pulls every weight whose examples no longer hold it up back towards 0.
 */
export function penalizedGradient(data: number, weight: number, l2: number): number {
  const g = data + l2 * weight;
  return g * data < 0 ? 0 : g;
}
