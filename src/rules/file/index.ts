import notUtf8 from './not-utf8.js';
import skipped from './skipped.js';

export default [notUtf8, skipped];
