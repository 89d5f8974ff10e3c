/**
 * The floor plus what any synth of a YAML site must load and do before its own work, the site's
 * libraries (bench-floor-site.ts) and the check of the gateway's openclaw.json against the
 * pinned OpenClaw release's schema (ajv, on the schema pruned to the config's keys). Run with the
 * openclaw.json a synth wrote as its argument; `npm run bench` prints it beside the floor.
 */
import './bench-floor-site';
import * as path from 'path';
import { assertConfig } from '../lib/openclaw/config/validate';
import { readTextInside } from '../lib/util/boundary';

const file = path.resolve(process.argv[2]);
assertConfig(JSON.parse(readTextInside(path.dirname(file), path.basename(file), file)));
