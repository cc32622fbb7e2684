/** Jest globalSetup: builds src/openapi/generated/definitions.json on a fresh checkout. */

module.exports = async () => {
  require('./generate-definitions').main();
};
