import actorPattern from './actor-pattern.js';
import idDefinitions from './id-definitions.js';
import missing from './missing.js';
import requiredFields from './required-fields.js';
import subjectPattern from './subject-pattern.js';

export default [missing, requiredFields, actorPattern, subjectPattern, idDefinitions];
