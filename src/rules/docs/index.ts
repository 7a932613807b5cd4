import eventTypeUnmentioned from './event-type-unmentioned.js';
import readmeHeader from './readme-header.js';
import readmeMissing from './readme-missing.js';
import unknownEventType from './unknown-event-type.js';

export default [readmeMissing, readmeHeader, unknownEventType, eventTypeUnmentioned];
