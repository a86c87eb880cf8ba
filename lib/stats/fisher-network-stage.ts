/**
 * One stage of Fisher's network (see fisher-network.ts): the nodes reached after filling the
 * same number of columns, each the sorted multiset of what is left of the row totals, and the
 * distinct "past" values T = sum log x! of the paths into each node, each with the total
 * probability of those paths (the chance that a random table with the margins starts that way).
 *
 * Everything lives in flat typed arrays with open-addressing hash tables, as FEXACT keeps its
 * nodes and past path lengths in hashed arrays (Mehta & Patel 1986, ACM TOMS 643): a stage can
 * hold millions of past values, and JavaScript objects or Maps per node would cost far more time
 * and memory than the arithmetic.
 *
 * Past values of one node are merged when they agree to MERGE_GRID on the log scale (about
 * 1e-9): such values are the same table probability up to rounding (tables that differ by a
 * permutation of cells are reached by different summation orders). FEXACT merges within 3.5e-7.
 * Each node also keeps bounds on the T of its completions, set by the caller when it is added.
 */
const MERGE_GRID = 2 ** 30;
const EMPTY = -1;

export class NetworkStage {
  readonly width: number;
  nodeCount = 0;
  /** nodeCount x width remaining row totals, ascending within a node. */
  nodeRows: Int32Array;
  /** Index of the node's first past value, EMPTY if none; the rest follow pastNext. */
  nodeFirstPast: Int32Array;
  /** Lower and upper bounds of T over the node's completions. */
  nodeLower: Float64Array;
  nodeUpper: Float64Array;
  pastCount = 0;
  pastValue: Float64Array;
  pastMass: Float64Array;
  pastNext: Int32Array;
  private pastNode: Int32Array;
  private pastKey: Float64Array;
  private nodeSlots: Int32Array;
  private pastSlots: Int32Array;

  constructor(width: number, expectedNodes = 64, expectedPasts = 256) {
    this.width = width;
    const nodeCapacity = Math.max(16, expectedNodes);
    const pastCapacity = Math.max(16, expectedPasts);
    this.nodeRows = new Int32Array(nodeCapacity * width);
    this.nodeFirstPast = new Int32Array(nodeCapacity).fill(EMPTY);
    this.nodeLower = new Float64Array(nodeCapacity);
    this.nodeUpper = new Float64Array(nodeCapacity);
    this.nodeSlots = new Int32Array(powerOfTwoAbove(nodeCapacity * 2)).fill(EMPTY);
    this.pastValue = new Float64Array(pastCapacity);
    this.pastMass = new Float64Array(pastCapacity);
    this.pastNext = new Int32Array(pastCapacity);
    this.pastNode = new Int32Array(pastCapacity);
    this.pastKey = new Float64Array(pastCapacity);
    this.pastSlots = new Int32Array(powerOfTwoAbove(pastCapacity * 2)).fill(EMPTY);
  }

  /** The node with these (sorted) remaining row totals, added if new. */
  findOrAddNode(rows: Int32Array): number {
    const width = this.width;
    const mask = this.nodeSlots.length - 1;
    let slot = hashRows(rows, width) & mask;
    for (;;) {
      const node = this.nodeSlots[slot] ?? EMPTY;
      if (node === EMPTY) break;
      if (this.hasRows(node, rows)) return node;
      slot = (slot + 1) & mask;
    }
    const node = this.nodeCount;
    if ((node + 1) * width > this.nodeRows.length) this.growNodes();
    this.nodeRows.set(rows.subarray(0, width), node * width);
    this.nodeFirstPast[node] = EMPTY;
    this.nodeCount = node + 1;
    if (this.nodeCount * 2 > this.nodeSlots.length) this.rehashNodes();
    else this.nodeSlots[slot] = node;
    return node;
  }

  /** Adds paths of total probability `mass` with past value `value` into `node`; true if a new entry was stored. */
  addPast(node: number, value: number, mass: number): boolean {
    const key = Math.round(value * MERGE_GRID);
    const mask = this.pastSlots.length - 1;
    let slot = hashPast(node, key) & mask;
    for (;;) {
      const past = this.pastSlots[slot] ?? EMPTY;
      if (past === EMPTY) break;
      if (this.pastNode[past] === node && this.pastKey[past] === key) {
        this.pastMass[past] = (this.pastMass[past] ?? 0) + mass;
        return false;
      }
      slot = (slot + 1) & mask;
    }
    const past = this.pastCount;
    if (past === this.pastValue.length) this.growPasts();
    this.pastValue[past] = value;
    this.pastMass[past] = mass;
    this.pastNode[past] = node;
    this.pastKey[past] = key;
    this.pastNext[past] = this.nodeFirstPast[node] ?? EMPTY;
    this.nodeFirstPast[node] = past;
    this.pastCount = past + 1;
    if (this.pastCount * 2 > this.pastSlots.length) this.rehashPasts();
    else this.pastSlots[slot] = past;
    return true;
  }

  private hasRows(node: number, rows: Int32Array): boolean {
    const offset = node * this.width;
    for (let i = 0; i < this.width; i++) if (this.nodeRows[offset + i] !== rows[i]) return false;
    return true;
  }

  private growNodes(): void {
    const capacity = this.nodeFirstPast.length * 2;
    const rows = new Int32Array(capacity * this.width);
    rows.set(this.nodeRows);
    this.nodeRows = rows;
    const first = new Int32Array(capacity).fill(EMPTY);
    first.set(this.nodeFirstPast);
    this.nodeFirstPast = first;
    this.nodeLower = grow(this.nodeLower, new Float64Array(capacity));
    this.nodeUpper = grow(this.nodeUpper, new Float64Array(capacity));
  }

  private rehashNodes(): void {
    this.nodeSlots = new Int32Array(this.nodeSlots.length * 2).fill(EMPTY);
    const mask = this.nodeSlots.length - 1;
    for (let node = 0; node < this.nodeCount; node++) {
      let slot = hashRows(this.nodeRows.subarray(node * this.width, (node + 1) * this.width), this.width) & mask;
      while (this.nodeSlots[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.nodeSlots[slot] = node;
    }
  }

  private growPasts(): void {
    const capacity = this.pastValue.length * 2;
    this.pastValue = grow(this.pastValue, new Float64Array(capacity));
    this.pastMass = grow(this.pastMass, new Float64Array(capacity));
    this.pastKey = grow(this.pastKey, new Float64Array(capacity));
    this.pastNext = grow(this.pastNext, new Int32Array(capacity));
    this.pastNode = grow(this.pastNode, new Int32Array(capacity));
  }

  private rehashPasts(): void {
    this.pastSlots = new Int32Array(this.pastSlots.length * 2).fill(EMPTY);
    const mask = this.pastSlots.length - 1;
    for (let past = 0; past < this.pastCount; past++) {
      let slot = hashPast(this.pastNode[past] ?? 0, this.pastKey[past] ?? 0) & mask;
      while (this.pastSlots[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.pastSlots[slot] = past;
    }
  }
}

export const NO_PAST = EMPTY;

function grow<T extends Float64Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function powerOfTwoAbove(value: number): number {
  let size = 16;
  while (size < value) size *= 2;
  return size;
}

/** FNV-1a over the row totals, then a final avalanche (murmur3's fmix32). */
function hashRows(rows: Int32Array, width: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < width; i++) hash = Math.imul(hash ^ (rows[i] ?? 0), 0x01000193);
  return finishHash(hash);
}

/** key is a non-negative integer below 2^53: its low and high 32 bits are mixed with the node. */
function hashPast(node: number, key: number): number {
  const low = key >>> 0;
  const high = (key / 4294967296) >>> 0;
  return finishHash(Math.imul(node, 0x9e3779b1) ^ low ^ Math.imul(high, 0x85ebca6b));
}

function finishHash(value: number): number {
  let hash = value;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
