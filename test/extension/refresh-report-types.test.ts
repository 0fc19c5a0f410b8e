/**
 * The extension's model declares the toolchain's refresh report itself (the model cannot import
 * the package): these checks tie the two at compile time, so neither can drift from the other
 * without `tsc -b test` failing here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RefreshedGroup, RefreshReport } from '../../cli/src/index';
import type { Model } from './model';

/** `true` only when A and B are each assignable to the other. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Done<G> = Exclude<G, { outcome: 'failed' }>;
type Failed<G> = Extract<G, { outcome: 'failed' }>;

test("the model's refresh report is the toolchain's: the same outcomes, fields and coded error", () => {
  const outcomes: Same<RefreshedGroup['outcome'], Model.RefreshedGroup['outcome']> = true;
  const done: Same<Done<RefreshedGroup>, Done<Model.RefreshedGroup>> = true;
  // The toolchain's error also carries the exit code the command ends with; the model has no use for it.
  const error: Same<Omit<Failed<RefreshedGroup>['error'], 'exitCode'>, Model.CodedError> = true;
  const skipped: Same<RefreshReport['skipped'], Model.RefreshReport['skipped']> = true;
  assert.deepEqual([outcomes, done, error, skipped], [true, true, true, true]);
});
