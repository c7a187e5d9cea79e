// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NotInHostError, withTimeout } from '../../src/hosts/not-in-host-error.ts';

const timedOut = () => new NotInHostError('teams', 'timeout');

describe('withTimeout', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves with the value when the promise settles in time', async () => {
    const slow = new Promise<string>((resolve) => setTimeout(() => resolve('ready'), 99));
    const result = withTimeout(slow, 100, timedOut);
    await vi.advanceTimersByTimeAsync(99);
    await expect(result).resolves.toBe('ready');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects with onTimeout() when the promise takes too long', async () => {
    const never = new Promise<string>(() => undefined);
    const onTimeout = vi.fn(timedOut);
    const result = withTimeout(never, 100, onTimeout);
    const settled = result.then(
      () => 'resolved',
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(99);
    expect(onTimeout).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    const error = await settled;
    expect(error).toBeInstanceOf(NotInHostError);
    expect(error).toMatchObject({ host: 'teams', reason: 'timeout' });
    expect(onTimeout).toHaveBeenCalledTimes(1);
  });

  it('passes a rejection through unchanged when it is an Error', async () => {
    const failure = new TypeError('bridge closed');
    const result = withTimeout(Promise.reject(failure), 100, timedOut);
    await expect(result).rejects.toBe(failure);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('wraps a rejection that is not an Error in one', async () => {
    // Host SDKs may reject with a bare string; callers still get an Error.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the case under test
    const result = withTimeout(Promise.reject('bridge closed'), 100, timedOut);
    await expect(result).rejects.toBeInstanceOf(Error);
    await expect(result).rejects.toThrow('bridge closed');
  });

  it('does not call onTimeout once the promise has settled', async () => {
    const onTimeout = vi.fn(timedOut);
    await withTimeout(Promise.resolve(1), 100, onTimeout);
    await vi.advanceTimersByTimeAsync(1000);
    expect(onTimeout).not.toHaveBeenCalled();
  });
});

describe('NotInHostError', () => {
  it('names the host and the reason', () => {
    const error = new NotInHostError('outlook', 'sdk-missing');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('NotInHostError');
    expect(error.message).toBe('Not running in outlook (sdk-missing)');
  });
});
