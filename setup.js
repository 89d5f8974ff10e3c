// cdktf's jest matchers (toHaveResource, toHaveResourceWithProperties, ...).
const { Testing } = require('cdktf');
Testing.setupJest();
