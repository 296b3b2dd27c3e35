/**
 * Harrell's concordance (C) of a risk score with survival, counted as R's `concordance()` does for a coxph fit
 * (survival 3.5, timewt = "n", higher score = shorter survival), in O(n log n).
 *
 * How pairs are counted:
 * 1. A pair is comparable when the one with the shorter time died; a patient censored at exactly that time was still
 *    at risk and is compared. Two deaths at the same time are tied on time (tied.y) and not compared.
 * 2. Among comparable pairs: concordant when the one who died first had the higher score, discordant when lower,
 *    tied.x when the scores are equal. C = (concordant + tied.x / 2) / (concordant + discordant + tied.x).
 * 3. Walking from the latest time backwards (censored before deaths at the same time, as R sorts), everyone already
 *    seen is at risk; a Fenwick tree over the ranks of the distinct scores counts how many of them score below, above
 *    or the same as each death in O(log n). Deaths at a time are added to the tree after all of them are counted.
 */

export interface ConcordanceCounts {
  concordant: number;
  discordant: number;
  tiedRisk: number;
  tiedTime: number;
}

export interface Concordance {
  /** NaN when there is no comparable pair. */
  estimate: number;
  counts: ConcordanceCounts;
}

class FenwickTree {
  private readonly tree: Float64Array;
  constructor(size: number) {
    this.tree = new Float64Array(size + 1);
  }
  add(index: number, value: number) {
    for (let i = index + 1; i < this.tree.length; i += i & -i) this.tree[i]! += value;
  }
  /** Sum of entries 0..index-1. */
  prefix(index: number): number {
    let sum = 0;
    for (let i = index; i > 0; i -= i & -i) sum += this.tree[i]!;
    return sum;
  }
}

/** Harrell's C of `risk` (higher = worse) against time and death; arrays of one length. */
export function concordance(time: ArrayLike<number>, event: ArrayLike<boolean | number>, risk: ArrayLike<number>): Concordance {
  const n = time.length;
  if (event.length !== n || risk.length !== n) throw new RangeError("time, event and risk must have the same length");
  const distinct = Float64Array.from(risk).sort();
  const ranks: number[] = [];
  let unique = 0;
  const rankOf = new Map<number, number>();
  for (let i = 0; i < distinct.length; i++) {
    if (i === 0 || distinct[i] !== distinct[i - 1]) rankOf.set(distinct[i]!, unique++);
  }
  for (let i = 0; i < n; i++) ranks.push(rankOf.get(risk[i]!)!);

  // Latest time first; at one time, censored before deaths.
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => time[b]! - time[a]! || Number(Boolean(event[a])) - Number(Boolean(event[b])),
  );
  const tree = new FenwickTree(unique);
  let inTree = 0;
  const counts: ConcordanceCounts = { concordant: 0, discordant: 0, tiedRisk: 0, tiedTime: 0 };
  for (let i = 0; i < n; ) {
    const person = order[i]!;
    if (!event[person]) {
      tree.add(ranks[person]!, 1);
      inTree++;
      i++;
      continue;
    }
    const t = time[person]!;
    let j = i;
    for (; j < n && time[order[j]!] === t; j++) {
      const rank = ranks[order[j]!]!;
      const below = tree.prefix(rank);
      const same = tree.prefix(rank + 1) - below;
      counts.concordant += below;
      counts.tiedRisk += same;
      counts.discordant += inTree - below - same;
    }
    const deaths = j - i;
    counts.tiedTime += (deaths * (deaths - 1)) / 2;
    for (let k = i; k < j; k++) tree.add(ranks[order[k]!]!, 1);
    inTree += deaths;
    i = j;
  }
  const comparable = counts.concordant + counts.discordant + counts.tiedRisk;
  return { estimate: comparable === 0 ? NaN : (counts.concordant + counts.tiedRisk / 2) / comparable, counts };
}
