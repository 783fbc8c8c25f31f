import { describe, expect, it } from "vitest";
import { PreparationGate } from "./preparation-gate";

const open = () => new AbortController().signal;
const settled = async <T>(promise: Promise<T>) => {
  let done = false;
  promise.then(
    () => {
      done = true;
    },
    () => {
      done = true;
    },
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
};

describe("PreparationGate", () => {
  it("admits up to its limit at once, then the others in the order they came", async () => {
    const gate = new PreparationGate(2);
    const first = await gate.enter(open());
    const second = await gate.enter(open());
    const order: string[] = [];
    const third = gate.enter(open()).then((leave) => {
      order.push("third");
      return leave;
    });
    const fourth = gate.enter(open()).then((leave) => {
      order.push("fourth");
      return leave;
    });
    expect(await settled(third)).toBe(false);
    expect(gate.load).toEqual({ active: 2, waiting: 2 });

    second();
    second(); // leaving twice gives back one place
    expect(await settled(third)).toBe(true);
    expect(await settled(fourth)).toBe(false);
    first();
    (await third)();
    (await fourth)();
    expect(order).toEqual(["third", "fourth"]);
    expect(gate.load).toEqual({ active: 0, waiting: 0 });
  });

  it("gives a freed place to the one waiting, not to a newcomer", async () => {
    const gate = new PreparationGate(1);
    const holder = await gate.enter(open());
    const waiting = gate.enter(open());
    holder();
    const newcomer = gate.enter(open());
    expect(await settled(waiting)).toBe(true);
    expect(await settled(newcomer)).toBe(false);
    (await waiting)();
    expect(await settled(newcomer)).toBe(true);
  });

  it("lets a caller that gives up leave the line, and refuses one already aborted", async () => {
    const gate = new PreparationGate(1);
    const holder = await gate.enter(open());
    const controller = new AbortController();
    const leaving = gate.enter(controller.signal);
    const after = gate.enter(open());
    controller.abort(new Error("client left"));
    await expect(leaving).rejects.toThrow("client left");
    expect(gate.load).toEqual({ active: 1, waiting: 1 });
    holder();
    expect(await settled(after)).toBe(true);
    await expect(gate.enter(controller.signal)).rejects.toThrow("client left");
  });
});
