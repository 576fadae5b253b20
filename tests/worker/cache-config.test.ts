/** Issue 18: the worker's workflow cache is set explicitly, from MAX_CACHED_WORKFLOWS. */
import { DEFAULT_MAX_CACHED_WORKFLOWS, maxCachedWorkflowsFrom } from '../../worker/main';

it('reads MAX_CACHED_WORKFLOWS, defaults when unset, and refuses what is not a whole number ≥ 0, naming the variable', () => {
  expect(maxCachedWorkflowsFrom({})).toBe(DEFAULT_MAX_CACHED_WORKFLOWS);
  expect(maxCachedWorkflowsFrom({ MAX_CACHED_WORKFLOWS: '250' })).toBe(250);
  expect(maxCachedWorkflowsFrom({ MAX_CACHED_WORKFLOWS: '0' })).toBe(0);
  for (const bad of ['-1', '2.5', 'many']) {
    expect(() => maxCachedWorkflowsFrom({ MAX_CACHED_WORKFLOWS: bad })).toThrow(/MAX_CACHED_WORKFLOWS=.*cần số nguyên không âm \/ must be a whole number/);
  }
});
