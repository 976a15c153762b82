import { describe, expect, it } from 'vitest';
import { startEarly, takeEarly, takeSettled } from './early';

describe('early requests', () => {
  it('hands an early answer to the first taker only', async () => {
    let calls = 0;
    const load = () => Promise.resolve(++calls);
    startEarly('a', load, 0);
    startEarly('a', load, 0); // already started: not asked twice
    expect(await takeEarly('a', load, 100)).toBe(1);
    expect(await takeEarly('a', load, 200)).toBe(2);
    expect(calls).toBe(2);
  });

  it('asks again when the early answer is too old to trust', async () => {
    let calls = 0;
    const load = () => Promise.resolve(++calls);
    startEarly('b', load, 0);
    expect(await takeEarly('b', load, 60_000)).toBe(2);
  });

  it('passes an early failure on to its taker', async () => {
    startEarly('c', () => Promise.reject(new Error('down')), 0);
    await expect(takeEarly('c', () => Promise.resolve('fresh'), 1)).rejects.toThrow('down');
  });

  it('hands an answer that is already in over as a value, once, and only while fresh', async () => {
    startEarly('d', () => Promise.resolve(7), 0);
    expect(takeSettled('d', 1)).toBeNull(); // not in yet: the taker waits for the request
    await Promise.resolve();
    expect(takeSettled('d', 60_000)).toBeNull(); // too old
    startEarly('e', () => Promise.resolve(8), 0);
    await Promise.resolve();
    expect(takeSettled('e', 1)).toEqual({ state: 'ready', value: 8 });
    expect(takeSettled('e', 2)).toBeNull();
  });

  it('hands an early failure over as a failed value', async () => {
    startEarly('f', () => Promise.reject(new Error('down')), 0);
    await Promise.resolve();
    expect(takeSettled('f', 1)).toMatchObject({ state: 'failed' });
  });
});
