// A small circuit breaker for calls to an external provider. Pure: no timers, no I/O; the clock is
// injected. After `failureThreshold` consecutive failures it opens for `coolDownMs`, during which
// calls are refused at once; then it lets one trial call through (half-open). The trial's success
// closes it, its failure opens it for another cool-down.
//
//   const verdict = breaker.tryAcquire();      // false → fail fast, do not call
//   try { await call(); breaker.onSuccess(); }
//   catch (e) { countsAgainstProvider(e) ? breaker.onFailure() : breaker.onNeutral(); }

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit (≥ 1). */
  failureThreshold: number;
  /** How long the circuit stays open before one trial call is let through. */
  coolDownMs: number;
  /** Milliseconds clock; Date.now by default. */
  now?: () => number;
}

export class CircuitBreaker {
  readonly #threshold: number;
  readonly #coolDownMs: number;
  readonly #now: () => number;
  #failures = 0;
  #openedAt: number | null = null;
  #trialInFlight = false;

  constructor(options: CircuitBreakerOptions) {
    if (!Number.isInteger(options.failureThreshold) || options.failureThreshold < 1) {
      throw new RangeError('failureThreshold must be an integer ≥ 1');
    }
    if (!(options.coolDownMs >= 0)) throw new RangeError('coolDownMs must be ≥ 0');
    this.#threshold = options.failureThreshold;
    this.#coolDownMs = options.coolDownMs;
    this.#now = options.now ?? Date.now;
  }

  /** The state as of now (an open circuit whose cool-down has passed reads as half-open). */
  get state(): CircuitState {
    if (this.#openedAt === null) return 'closed';
    if (this.#trialInFlight) return 'half_open';
    return this.#now() - this.#openedAt >= this.#coolDownMs ? 'half_open' : 'open';
  }

  /** Milliseconds until an open circuit lets a trial call through; 0 when it would now. */
  get retryInMs(): number {
    if (this.#openedAt === null) return 0;
    return Math.max(0, this.#openedAt + this.#coolDownMs - this.#now());
  }

  /**
   * Asks to make a call. True when closed, or when half-open and no trial is in flight (the caller
   * becomes the trial and must report its outcome); false while open or while a trial runs.
   */
  tryAcquire(): boolean {
    switch (this.state) {
      case 'closed':
        return true;
      case 'open':
        return false;
      case 'half_open':
        if (this.#trialInFlight) return false;
        this.#trialInFlight = true;
        return true;
    }
  }

  /** The call succeeded: the circuit closes and the failure count resets. */
  onSuccess(): void {
    this.#failures = 0;
    this.#openedAt = null;
    this.#trialInFlight = false;
  }

  /** The call failed in a way that says the provider is unhealthy. */
  onFailure(): void {
    if (this.#trialInFlight || this.#openedAt !== null) {
      // The trial failed (or a call acquired before opening finished late): another cool-down.
      this.#openedAt = this.#now();
      this.#trialInFlight = false;
      return;
    }
    this.#failures += 1;
    if (this.#failures >= this.#threshold) this.#openedAt = this.#now();
  }

  /**
   * The call ended without a verdict on the provider (e.g. the caller cancelled it, or the request
   * itself was invalid). Counts neither way; a half-open circuit lets the next call be the trial.
   */
  onNeutral(): void {
    this.#trialInFlight = false;
  }
}
