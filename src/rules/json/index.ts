import duplicateKey from './duplicate-key.js';
import syntax from './syntax.js';
import tooDeep from './too-deep.js';

export default [syntax, duplicateKey, tooDeep];
