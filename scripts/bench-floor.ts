/**
 * The synth floor `npm run bench` compares `npm run synth` with: a Node process that loads cdktf
 * and the provider classes the default site's stack needs (run with `-r bin/defer.js`, the same
 * start-up deferrals as the CLI) and does nothing else. No synth can start faster than this.
 */
import 'cdktf';
import '@cdktf/provider-nomad/lib/provider';
import '@cdktf/provider-nomad/lib/job';
import '@cdktf/provider-nomad/lib/variable';
import '@cdktf/provider-nomad/lib/dynamic-host-volume';
import '@cdktf/provider-consul/lib/provider';
import '../lib/terraform/onepassword';
