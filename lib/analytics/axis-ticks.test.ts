import { describe, expect, it } from "vitest";
import { roundCountTicks } from "./axis-ticks";

describe("roundCountTicks (issue 16 §19)", () => {
  it.each([
    [135, [0, 50, 100, 150]],
    [150, [0, 50, 100, 150]],
    [600, [0, 200, 400, 600]],
    [37, [0, 10, 20, 30, 40]],
    [3, [0, 1, 2, 3]],
    [1480, [0, 500, 1000, 1500]],
  ])("up to %d: %j", (max, ticks) => {
    expect(roundCountTicks(max)).toEqual(ticks);
  });

  it("gives 0 and 1 when there is nothing to count", () => {
    expect(roundCountTicks(0)).toEqual([0, 1]);
  });
});
