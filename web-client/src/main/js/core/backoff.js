/**
 * Full-jitter exponential backoff: attempt n waits a random time in
 * [minDelay, min(maxDelay, minDelay * 2^n)] — clients that lost the server together do not come back
 * together.
 */
export class Backoff {
  constructor({ minDelay = 500, maxDelay = 20000, random = Math.random } = {}) {
    if (!(minDelay > 0) || !(maxDelay >= minDelay)) throw new RangeError('backoff: need 0 < minDelay <= maxDelay');
    this.minDelay = minDelay;
    this.maxDelay = maxDelay;
    this.random = random;
    this.attempt = 0;
  }

  /** The delay before the next attempt; each call counts one more attempt. */
  next() {
    const cap = Math.min(this.maxDelay, this.minDelay * 2 ** Math.min(this.attempt, 30));
    this.attempt++;
    return Math.round(this.minDelay + this.random() * (cap - this.minDelay));
  }

  reset() {
    this.attempt = 0;
  }
}
