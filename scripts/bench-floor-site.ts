/**
 * The floor plus what any synth of a YAML site must also load and do before its own work:
 * zod (the site's schema) and yaml, and one parse of the default site's text. `npm run bench`
 * prints it beside the floor, so the synth ratio can be read against what the libraries cost.
 */
import './bench-floor';
import 'zod';
import { parse } from 'yaml';
import { readTextInside } from '../lib/util/boundary';
import { projectRoot } from '../lib/util/project-root';

parse(readTextInside(projectRoot(__dirname), 'homelab/default.site.yaml', 'the default site'));
