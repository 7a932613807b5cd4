import versionIncompatible from './version-incompatible.js';

export default [versionIncompatible];
