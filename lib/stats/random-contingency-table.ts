import type { UniformRandom } from "./seeded-random";

/**
 * Draws a random r x c table with the given row and column totals, uniformly among tables in
 * proportion to their probability under independence (the multiple hypergeometric law Fisher's
 * test conditions on), by Patefield's algorithm (Applied Statistics AS 159, 1981), which R's
 * r2dtable and fisher.test(simulate.p.value = TRUE) use: cells are drawn row by row, each from
 * its hypergeometric law given what is left of its row, of its column and of the whole table,
 * by inversion searching out from the mode; the last column and the last row take what is left.
 *
 * Writes the table row-major into `cells` (length r x c), uses `columnsLeft` (length c) as work
 * space, and returns T = sum log x! of the table (`logFactorial` must reach the grand total).
 */
export function drawRandomContingencyTable(
  rowTotals: Int32Array,
  columnTotals: Int32Array,
  logFactorial: Float64Array,
  random: UniformRandom,
  cells: Int32Array,
  columnsLeft: Int32Array,
): number {
  const rows = rowTotals.length;
  const columns = columnTotals.length;
  const lf = (value: number): number => logFactorial[value] ?? 0;
  let grandLeft = 0;
  for (let j = 0; j < columns; j++) {
    columnsLeft[j] = columnTotals[j] ?? 0;
    grandLeft += columnTotals[j] ?? 0;
  }
  let t = 0;
  for (let i = 0; i < rows - 1; i++) {
    let rowLeft = rowTotals[i] ?? 0;
    // Patients in rows i.. and columns j.. (the hypergeometric population of cell (i, j)).
    let population = grandLeft;
    for (let j = 0; j < columns - 1; j++) {
      const columnLeft = columnsLeft[j] ?? 0;
      const x = rowLeft === 0 ? 0 : drawHypergeometric(population, columnLeft, rowLeft, lf, random);
      cells[i * columns + j] = x;
      t += lf(x);
      rowLeft -= x;
      columnsLeft[j] = columnLeft - x;
      population -= columnLeft;
    }
    cells[i * columns + columns - 1] = rowLeft;
    t += lf(rowLeft);
    columnsLeft[columns - 1] = (columnsLeft[columns - 1] ?? 0) - rowLeft;
    grandLeft -= rowTotals[i] ?? 0;
  }
  for (let j = 0; j < columns; j++) {
    const x = columnsLeft[j] ?? 0;
    cells[(rows - 1) * columns + j] = x;
    t += lf(x);
  }
  return t;
}

/**
 * X ~ Hypergeometric: successes among `drawn` items taken from `population` holding `successes`.
 * Inversion: start at the mode with its probability, then add the next most likely neighbours
 * (the pmf is unimodal, so walking both ways in turn covers the mass fastest) until the running
 * sum passes the uniform draw. If rounding leaves the sum a hair below it, the draw is rescaled
 * to the sum and the search repeated, as R's rcont2 does.
 */
function drawHypergeometric(population: number, successes: number, drawn: number, lf: (value: number) => number, random: UniformRandom): number {
  const failures = population - successes;
  const lowest = Math.max(0, drawn - failures);
  const highest = Math.min(drawn, successes);
  if (lowest === highest) return lowest;
  const mode = Math.min(highest, Math.max(lowest, Math.floor(((drawn + 1) * (successes + 1)) / (population + 2))));
  const modeProbability = Math.exp(
    lf(successes) - lf(mode) - lf(successes - mode) + lf(failures) - lf(drawn - mode) - lf(failures - drawn + mode) - lf(population) + lf(drawn) + lf(population - drawn),
  );
  const base = failures - drawn;
  let target = random();
  for (;;) {
    let sum = modeProbability;
    if (sum >= target) return mode;
    let up = mode;
    let down = mode;
    let upProbability = modeProbability;
    let downProbability = modeProbability;
    while (up < highest || down > lowest) {
      const nextUp = up < highest ? (upProbability * ((successes - up) * (drawn - up))) / ((up + 1) * (base + up + 1)) : -1;
      const nextDown = down > lowest ? (downProbability * (down * (base + down))) / ((successes - down + 1) * (drawn - down + 1)) : -1;
      if (nextUp >= nextDown) {
        up++;
        upProbability = nextUp;
        sum += nextUp;
        if (sum >= target) return up;
      } else {
        down--;
        downProbability = nextDown;
        sum += nextDown;
        if (sum >= target) return down;
      }
    }
    target = sum * random();
  }
}
