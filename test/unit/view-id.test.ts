// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { parseViewId } from '../../src/features/shell/home.tsx';

describe('parseViewId', () => {
  it.each(['triage', 'reviews', 'review'] as const)('opens %s by its id', (id) => {
    expect(parseViewId(id)).toBe(id);
  });

  it.each([null, undefined, '', 'home', 'Triage', ' triage', 'settings', 'constructor'])(
    'opens the home view for %j',
    (value) => {
      expect(parseViewId(value)).toBe('home');
    },
  );
});
