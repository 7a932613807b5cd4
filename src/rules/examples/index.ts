import type { Rule } from '../define.js';

const rules: Rule[] = [];
export default rules;
