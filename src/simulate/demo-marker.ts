/** The setting that marks a database as holding a simulated demo history (`serve --demo`). */
export const DEMO_SETTING = 'demo';
