/**
 * A logistic regression: the probability that a unit of text is what a scorer looks for, from
 * named features. Small on purpose: a few dozen weights a reader can inspect in `weights.ts`,
 * trained by `scripts/train.ts` on the labelled corpus, and cheap enough to score every sentence.
 */
export interface Model {
  /** Feature names, in the order of `weights`; a model and the features it was trained on must agree. */
  features: string[];
  weights: number[];
  bias: number;
  /** A unit is taken when its probability reaches this. */
  threshold: number;
}

/**
 * Reorders a model's weights to the order of the features computed now, by name, so a feature
 * list and the weights trained on it cannot silently disagree; a feature the model was trained on
 * but that is no longer computed is an error (retrain: scripts/train.ts).
 */
export function aligned(m: Model, names: string[]): Model {
  if (m.features.length === names.length && m.features.every((f, i) => f === names[i])) return m;
  const weights = names.map(() => 0);
  m.features.forEach((f, i) => {
    const at = names.indexOf(f);
    if (at < 0) throw new Error(`the extraction weights name a feature no longer computed ("${f}"); retrain them with scripts/train.ts`);
    weights[at] = m.weights[i]!;
  });
  return { ...m, features: names, weights };
}

export function probability(m: Model, x: number[]): number {
  let z = m.bias;
  for (let i = 0; i < m.weights.length; i++) z += m.weights[i]! * (x[i] ?? 0);
  return 1 / (1 + Math.exp(-z));
}

export interface TrainOptions {
  /** L2 penalty on the weights (not the bias), per example. */
  l2?: number;
  iterations?: number;
  /** How much more a missed positive costs than a false alarm: positives are rare. */
  positiveWeight?: number;
  /**
   * Prior weights, by feature name, that the L2 penalty pulls toward instead of 0: what the
   * structural rules concluded is trusted until the data says otherwise, so a pattern seen in one
   * document only (a GAO recommendations section, a heading series) is not unlearned without it.
   */
  prior?: Record<string, number>;
  /**
   * The L2 penalty on the features given a prior, usually weaker than `l2`: the rules' evidence may
   * move as far as the data asks, while the many small features stay near 0 unless they earn it.
   */
  priorL2?: number;
}

/**
 * Fits weights by full-batch gradient descent with Adam steps on the mean log loss plus an L2
 * penalty. Deterministic: same data, same weights.
 */
export function train(features: string[], X: number[][], y: number[], o: TrainOptions = {}): Model {
  const l2 = o.l2 ?? 0.01;
  const iterations = o.iterations ?? 3000;
  const pw = o.positiveWeight ?? 1;
  const d = features.length;
  const w0 = features.map((f) => o.prior?.[f] ?? 0);
  const lambda = features.map((f) => (o.prior && f in o.prior ? (o.priorL2 ?? l2) : l2));
  const w = [...w0, 0];
  const m = new Array<number>(d + 1).fill(0);
  const v = new Array<number>(d + 1).fill(0);
  const rate = 0.05;
  const n = X.length || 1;
  let total = 0;
  for (let k = 0; k < X.length; k++) total += y[k] ? pw : 1;
  // Most features are 0 for most units: keep each row's non-zero entries only.
  const rows = X.map((x) => {
    const idx: number[] = [];
    const val: number[] = [];
    x.forEach((v, i) => {
      if (v) {
        idx.push(i);
        val.push(v);
      }
    });
    return { idx, val };
  });
  const g = new Array<number>(d + 1);
  for (let t = 1; t <= iterations; t++) {
    g.fill(0);
    for (let k = 0; k < rows.length; k++) {
      const { idx, val } = rows[k]!;
      let z = w[d]!;
      for (let j = 0; j < idx.length; j++) z += w[idx[j]!]! * val[j]!;
      const p = 1 / (1 + Math.exp(-z));
      const c = (y[k] ? pw : 1) * (p - y[k]!);
      for (let j = 0; j < idx.length; j++) g[idx[j]!]! += c * val[j]!;
      g[d]! += c;
    }
    for (let i = 0; i <= d; i++) {
      const grad = g[i]! / total + (i < d ? lambda[i]! * (w[i]! - w0[i]!) * (n / total) : 0);
      m[i] = 0.9 * m[i]! + 0.1 * grad;
      v[i] = 0.999 * v[i]! + 0.001 * grad * grad;
      const mh = m[i]! / (1 - 0.9 ** t);
      const vh = v[i]! / (1 - 0.999 ** t);
      w[i]! -= (rate * mh) / (Math.sqrt(vh) + 1e-8);
    }
  }
  return { features, weights: w.slice(0, d).map(round), bias: round(w[d]!), threshold: 0.5 };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
