/** Rule presets, lowest first: they nest (minimal ⊂ recommended ⊂ strict). Read by rules, configuration and docs. */
export type Preset = 'minimal' | 'recommended' | 'strict';
export const PRESETS: readonly Preset[] = ['minimal', 'recommended', 'strict'];
