export { airbyteAjv } from '../../tools/acceptance/ajv.js';
