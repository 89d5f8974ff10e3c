// No cdktf import here: the CLI reads these without loading cdktf.

/** Where synth writes when not told otherwise (cdktf's own default outdir). */
export const DEFAULT_OUTDIR = 'cdktf.out';

/** Where the jobspecs go for review. */
export const DEFAULT_JOBS_DIR = 'nomad-jobs';
