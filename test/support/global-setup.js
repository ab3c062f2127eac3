// jest globalSetup: the services the e2e specs need answer (or the run stops with one message),
// and a loud note when the browser specs cannot run (no Chromium).
const browserCheck = require('./browser-check');
const servicesCheck = require('./services-check');

module.exports = async function globalSetup(globalConfig) {
  await servicesCheck(globalConfig);
  await browserCheck();
};
