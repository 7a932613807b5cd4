import type { Rule } from '../define.js';
import invalid from './invalid.js';
import misplaced from './misplaced.js';
import missing from './missing.js';

const rules: Rule[] = [missing, invalid, misplaced];
export default rules;
