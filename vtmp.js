const v=require('./dist/lib/openclaw/config/validate.js');
const Ajv=require('ajv');
const {SCHEMA_JSON}=require('./dist/lib/openclaw/config/schema-2026.9.6.generated.js');
// capture configs validated
const orig=v.validateConfig;
const {loadSite}=require('./dist/homelab/load.js');const {buildSite}=require('./dist/homelab/build.js');
const ajvmod=require('ajv');const oc=ajvmod.default.prototype.compile;
ajvmod.default.prototype.compile=function(s){const t=performance.now();const r=oc.call(this,s);const str=JSON.stringify(s);let n=0;JSON.stringify(s,(k,x)=>{n++;return x});console.error('compile',str.length,'nodes',n,(performance.now()-t).toFixed(1),'ms');return r;};
buildSite(loadSite(),'homelab');
for (const f of ['homelab/examples/'+require('fs').readdirSync('homelab/examples').filter(f=>f.endsWith('.site.yaml'))[0]]) buildSite(loadSite(f),'homelab/examples');
