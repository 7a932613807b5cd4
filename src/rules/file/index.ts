import notUtf8 from './not-utf8.js';
import skipped from './skipped.js';
import unreadable from './unreadable.js';

export default [notUtf8, unreadable, skipped];
