import * as path from 'path';
import { deferModule, resolveFrom } from '../util/defer-module';

/**
 * cdktf's index eagerly loads `archiver`, which it needs only to zip the directory of a
 * TerraformAsset. This app creates no assets, and loading archiver costs about 100 ms of every
 * ~500 ms synth. Importing this module first (before `cdktf`) puts a stand-in into the require
 * cache that loads the real archiver the first time anything calls or reads it, so behaviour
 * is unchanged if cdktf ever does need it. Under a loader without `require.cache` (jest), it
 * does nothing.
 */
function deferArchiver(): void {
  const cdktf = resolveFrom(__dirname, 'cdktf');
  // A cdktf without archiver: nothing to defer.
  const target = cdktf === undefined ? undefined : resolveFrom(path.dirname(cdktf), 'archiver');
  if (target !== undefined) deferModule(target);
}

deferArchiver();
