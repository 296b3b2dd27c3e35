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
 * 4. Standard error as R's (concordance3.c, infinitesimal jackknife): each patient's concordant, discordant and tied
 *    pairs in either role (the earlier death, or the later one still at risk; the latter counted by a second Fenwick
 *    tree of deaths walking forwards in time) give dfbeta_i = ((C_i - D_i) - (C_i + D_i + T_i) somers_d) / (2 pairs),
 *    and var = sum dfbeta_i^2.
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
  /** R's infinitesimal-jackknife standard error (concordance()$var, coxph's "std"). */
  standardError: number;
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
  const times = Float64Array.from(time);
  const events = Uint8Array.from(event, (e) => (e ? 1 : 0));
  const scores = Float64Array.from(risk);
  // Rank of each score among the distinct scores (ties share a rank).
  const byScore = new Uint32Array(n).map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  const ranks = new Uint32Array(n);
  let unique = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && scores[byScore[i]!] !== scores[byScore[i - 1]!]) unique++;
    ranks[byScore[i]!] = unique;
  }
  if (n > 0) unique++;

  // Latest time first; at one time, censored before deaths.
  const order = new Uint32Array(n).map((_, i) => i).sort((a, b) => times[b]! - times[a]! || events[a]! - events[b]!);
  const tree = new FenwickTree(unique);
  let inTree = 0;
  const counts: ConcordanceCounts = { concordant: 0, discordant: 0, tiedRisk: 0, tiedTime: 0 };
  // Pairs each patient is part of: concordant, discordant, tied on risk.
  const own = { concordant: new Float64Array(n), discordant: new Float64Array(n), tied: new Float64Array(n) };
  for (let i = 0; i < n; ) {
    const person = order[i]!;
    if (!events[person]) {
      tree.add(ranks[person]!, 1);
      inTree++;
      i++;
      continue;
    }
    const t = times[person]!;
    let j = i;
    for (; j < n && times[order[j]!] === t; j++) {
      const death = order[j]!;
      const rank = ranks[death]!;
      const below = tree.prefix(rank);
      const same = tree.prefix(rank + 1) - below;
      const above = inTree - below - same;
      counts.concordant += below;
      counts.tiedRisk += same;
      counts.discordant += above;
      own.concordant[death]! += below;
      own.tied[death]! += same;
      own.discordant[death]! += above;
    }
    const deaths = j - i;
    counts.tiedTime += (deaths * (deaths - 1)) / 2;
    for (let k = i; k < j; k++) tree.add(ranks[order[k]!]!, 1);
    inTree += deaths;
    i = j;
  }

  // Forwards: the deaths before each patient (for a censored patient, also those at the same time).
  const deathTree = new FenwickTree(unique);
  let deathsSeen = 0;
  const later = (person: number) => {
    const rank = ranks[person]!;
    const below = deathTree.prefix(rank);
    const same = deathTree.prefix(rank + 1) - below;
    own.concordant[person]! += deathsSeen - below - same;
    own.discordant[person]! += below;
    own.tied[person]! += same;
  };
  for (let i = n - 1; i >= 0; ) {
    const t = times[order[i]!]!;
    let j = i;
    while (j >= 0 && times[order[j]!] === t) j--;
    for (let k = i; k > j; k--) if (events[order[k]!]) later(order[k]!);
    for (let k = i; k > j; k--) {
      if (events[order[k]!]) {
        deathTree.add(ranks[order[k]!]!, 1);
        deathsSeen++;
      }
    }
    for (let k = i; k > j; k--) if (!events[order[k]!]) later(order[k]!);
    i = j;
  }

  const comparable = counts.concordant + counts.discordant + counts.tiedRisk;
  if (comparable === 0) return { estimate: NaN, standardError: NaN, counts };
  const somers = (counts.concordant - counts.discordant) / comparable;
  let variance = 0;
  for (let i = 0; i < n; i++) {
    const c = own.concordant[i]!;
    const d = own.discordant[i]!;
    const dfbeta = (c - d - (c + d + own.tied[i]!) * somers) / (2 * comparable);
    variance += dfbeta * dfbeta;
  }
  return { estimate: (somers + 1) / 2, standardError: Math.sqrt(variance), counts };
}
