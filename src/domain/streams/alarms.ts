// The alarm rules a stream's definition lists (StreamDefinition.alarms): the periodic scan runs a rule
// only over the streams that list it, so a new stream says here which watches apply to it.

/** What every manifest stream watches about a load: its receipt, its weights, its vehicle and its track. */
export const LOAD_ALARMS = ['receipt_overdue', 'weight_mismatch', 'vehicle_unregistered', 'no_track', 'long_stop'] as const;

/**
 * Off the straight corridor from producer to receiver: for loads that have no route of their own
 * (a construction load follows its plan's route, a dead-livestock round goes farm to farm; their own rules watch those).
 */
export const CORRIDOR_ALARM = 'off_corridor';
