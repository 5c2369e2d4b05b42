// Which pairs kept their relative order. Listing the pairs in new-document order, their old
// positions form a sequence; the longest strictly increasing subsequence is the largest set of
// pairs that stayed in order, and every other pair is one that moved (CONTRACTS.md). An
// article merely pushed down by an insertion keeps its order with its neighbours, so it stays
// in the subsequence.
//
// Patience sorting: one pass keeps, for each length k, the smallest old position that ends an
// increasing run of length k, found by binary search, with a back-pointer per element.
// O(n log n) time, O(n) memory.

/** Indexes into `values` of one longest strictly increasing subsequence, in order. */
export function longestIncreasingSubsequence(values: readonly number[]): number[] {
  const tails: number[] = []; // tails[k]: index of the smallest value ending a run of length k+1
  const previous = new Int32Array(values.length).fill(-1);
  values.forEach((value, at) => {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (values[tails[middle]!]! < value) low = middle + 1;
      else high = middle;
    }
    if (low > 0) previous[at] = tails[low - 1]!;
    tails[low] = at;
  });
  const run: number[] = [];
  for (let at = tails[tails.length - 1] ?? -1; at !== -1; at = previous[at]!) run.push(at);
  return run.reverse();
}
