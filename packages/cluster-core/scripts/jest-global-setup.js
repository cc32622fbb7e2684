/** Jest globalSetup: builds src/openapi/generated/definitions.json on a fresh checkout. */
'use strict';
module.exports = async () => {
  require('./generate-definitions').main();
};
