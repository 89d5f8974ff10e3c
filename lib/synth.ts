// TEMPORARY (issue 21): lib/import still runs the app's synth through this path; the import
// split moves that call out of lib/. Delete this file with the architecture test's
// TEMPORARY_IMPORT_ALLOWANCE entry. Nothing else may import it.
export { synth } from '../cli/synth';
