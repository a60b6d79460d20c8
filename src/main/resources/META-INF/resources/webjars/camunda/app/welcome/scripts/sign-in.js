/*
 * Sign-in hook of the webapps (config.js, customScripts). Nothing to do with Camunda's own login; under profile sso
 * the platform serves its single sign-on script at this address instead (SsoConfiguration).
 */
export default [];
