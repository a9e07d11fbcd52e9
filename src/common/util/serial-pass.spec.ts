import type { Logger } from '@nestjs/common';
import { SerialPass } from './serial-pass';

describe('SerialPass', () => {
  const messages = { interrupted: 'Interrompu', restored: 'Rétabli' };
  const logger = () => ({ log: jest.fn(), warn: jest.fn() }) as unknown as Logger & { log: jest.Mock; warn: jest.Mock };

  /** A pass that waits until released, counting how many run at once. */
  function gatedWork() {
    const state = { started: 0, inFlight: 0, maxInFlight: 0, release: [] as (() => void)[] };
    const work = async () => {
      state.started += 1;
      state.inFlight += 1;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      await new Promise<void>((resolve) => state.release.push(resolve));
      state.inFlight -= 1;
    };
    return { state, work };
  }

  const tick = () => new Promise((resolve) => setImmediate(resolve));

  it('never runs two passes at once; requests during a pass make exactly one more', async () => {
    const { state, work } = gatedWork();
    const pass = new SerialPass(work, logger(), messages);
    pass.request();
    pass.request();
    pass.request();
    await tick();
    expect(state.started).toBe(1);
    state.release.shift()!();
    await tick();
    expect(state.started).toBe(2);
    state.release.shift()!();
    await tick();
    expect(state.started).toBe(2);
    expect(state.maxInFlight).toBe(1);
  });

  it('logs each distinct failure once, then the recovery once', async () => {
    const log = logger();
    const outcomes = [new Error('base absente'), new Error('base absente'), new Error('autre'), null, null];
    const pass = new SerialPass(
      async () => {
        const outcome = outcomes.shift();
        if (outcome) throw outcome;
      },
      log,
      messages,
    );
    for (let i = 0; i < 5; i++) await pass.flush();
    expect(log.warn.mock.calls).toEqual([['Interrompu : base absente'], ['Interrompu : autre']]);
    expect(log.log.mock.calls).toEqual([['Rétabli']]);
  });

  it('starts no pass once stopped, and stop waits for the pass running', async () => {
    const { state, work } = gatedWork();
    const pass = new SerialPass(work, logger(), messages);
    pass.request();
    await tick();
    let stopped = false;
    const stopping = pass.stop().then(() => (stopped = true));
    pass.request();
    await tick();
    expect(stopped).toBe(false);
    state.release.shift()!();
    await stopping;
    expect(state.started).toBe(1);
  });
});
