// The circuit breaker on a manual clock: opens after N consecutive failures, refuses while open,
// lets exactly one trial through after the cool-down, and closes or re-opens on its outcome.
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../agent/circuit-breaker.ts';

function setup(failureThreshold = 3, coolDownMs = 1_000) {
  const clock = { now: 0 };
  const breaker = new CircuitBreaker({ failureThreshold, coolDownMs, now: () => clock.now });
  const fail = (times: number) => {
    for (let i = 0; i < times; i++) {
      expect(breaker.tryAcquire()).toBe(true);
      breaker.onFailure();
    }
  };
  return { clock, breaker, fail };
}

describe('CircuitBreaker', () => {
  it('stays closed below the threshold, and a success resets the count', () => {
    const { breaker, fail } = setup(3);
    fail(2);
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
    breaker.onSuccess();
    fail(2);
    expect(breaker.state).toBe('closed');
  });

  it('opens after N consecutive failures and refuses calls until the cool-down passes', () => {
    const { clock, breaker, fail } = setup(3, 1_000);
    fail(3);
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    clock.now = 999;
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.retryInMs).toBe(1);
    clock.now = 1_000;
    expect(breaker.state).toBe('half_open');
  });

  it('lets one trial through when half-open; its success closes the circuit', () => {
    const { clock, breaker, fail } = setup(2, 500);
    fail(2);
    clock.now = 500;
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false); // the trial is in flight
    breaker.onSuccess();
    expect(breaker.state).toBe('closed');
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('re-opens for a full cool-down when the trial fails', () => {
    const { clock, breaker, fail } = setup(2, 500);
    fail(2);
    clock.now = 600;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.onFailure();
    expect(breaker.state).toBe('open');
    clock.now = 1_099;
    expect(breaker.tryAcquire()).toBe(false);
    clock.now = 1_100;
    expect(breaker.tryAcquire()).toBe(true);
  });

  it('a trial ended without a verdict hands the trial to the next call', () => {
    const { clock, breaker, fail } = setup(1, 100);
    fail(1);
    clock.now = 100;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.onNeutral();
    expect(breaker.state).toBe('half_open');
    expect(breaker.tryAcquire()).toBe(true);
    breaker.onSuccess();
    expect(breaker.state).toBe('closed');
  });

  it('neutral outcomes do not count towards opening', () => {
    const { breaker } = setup(2);
    for (let i = 0; i < 5; i++) {
      expect(breaker.tryAcquire()).toBe(true);
      breaker.onNeutral();
    }
    expect(breaker.state).toBe('closed');
  });

  it('rejects a nonsensical configuration', () => {
    expect(() => new CircuitBreaker({ failureThreshold: 0, coolDownMs: 1 })).toThrow(RangeError);
    expect(() => new CircuitBreaker({ failureThreshold: 1, coolDownMs: -1 })).toThrow(RangeError);
  });
});
