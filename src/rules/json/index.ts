import duplicateKey from './duplicate-key.js';
import syntax from './syntax.js';

export default [syntax, duplicateKey];
