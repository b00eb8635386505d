/**
 * Chance-corrected agreement coefficients over nominal ratings. Pure functions over plain
 * values; which answers become which ratings is `agreement.ts`'s business.
 *
 * Both coefficients are (observed − chance) / (perfect − chance), which is 0/0 when there is
 * nothing to tell apart: every rating is the same single value. Observed agreement is then
 * perfect, so both return 1 there rather than NaN.
 */

/**
 * Cohen's κ for two raters: κ = (p_o − p_e) / (1 − p_e), with p_o the share of items rated alike
 * and p_e = Σ_c p_A(c)·p_B(c) the agreement expected if each rater kept their own label rates
 * and rated at random (Cohen 1960).
 *
 * @param pairs one `[first rater's value, second rater's value]` per item; at least one.
 */
export function cohensKappa<V>(pairs: readonly (readonly [V, V])[]): number {
  if (pairs.length === 0) throw new RangeError('Cohen’s κ needs at least one rated item');
  const n = pairs.length;
  const first = new Map<V, number>();
  const second = new Map<V, number>();
  let agreed = 0;
  for (const [a, b] of pairs) {
    if (a === b) agreed++;
    first.set(a, (first.get(a) ?? 0) + 1);
    second.set(b, (second.get(b) ?? 0) + 1);
  }
  const observed = agreed / n;
  let chance = 0;
  for (const [value, count] of first) chance += (count / n) * ((second.get(value) ?? 0) / n);
  if (observed === 1) return 1;
  return (observed - chance) / (1 - chance);
}

/**
 * Krippendorff's α for nominal data, any number of raters, missing ratings allowed:
 * α = 1 − D_o / D_e = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k, where the coincidence
 * o_ck counts, within every unit rated m_u ≥ 2 times, each ordered pair of ratings (c, k) by
 * two different raters with weight 1 / (m_u − 1); n_c = Σ_k o_ck and n = Σ_c n_c is the number
 * of pairable ratings (Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011).
 *
 * @param units the values given to each unit, one per rater who rated it; units with fewer
 *   than two values cannot be paired and are left out. At least one unit must be pairable.
 */
export function krippendorffAlphaNominal<V>(units: readonly (readonly V[])[]): number {
  // Within a unit, the ordered pairs of differing ratings number m_u² − Σ_c m_uc².
  let disagreeingPairs = 0;
  const totals = new Map<V, number>();
  let n = 0;
  for (const values of units) {
    const m = values.length;
    if (m < 2) continue;
    const counts = new Map<V, number>();
    for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
    let alike = 0;
    for (const [value, count] of counts) {
      alike += count * count;
      totals.set(value, (totals.get(value) ?? 0) + count);
    }
    disagreeingPairs += (m * m - alike) / (m - 1);
    n += m;
  }
  if (n === 0) throw new RangeError('Krippendorff’s α needs at least one unit rated twice');
  if (disagreeingPairs === 0) return 1;
  let expectedPairs = n * n;
  for (const count of totals.values()) expectedPairs -= count * count;
  return 1 - ((n - 1) * disagreeingPairs) / expectedPairs;
}
