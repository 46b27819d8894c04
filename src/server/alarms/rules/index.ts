import type { AlarmRule } from '../rule';
import { receiptOverdue } from './receipt-overdue';
import { weightMismatch } from './weight-mismatch';
import { storageOverdue } from './storage-overdue';
import { licenceInvalid } from './licence-invalid';
import { ledgerSilent } from './ledger-silent';
import { noTrack, longStop, offCorridor } from './transport';
import { capacityExceeded } from './capacity-exceeded';
import { vehicleUnregistered } from './vehicle-unregistered';
import { weighbridgeUnknownPlate, weighbridgeOverload, weighbridgeTareDrift, weighbridgeOffRoute, weighbridgeMixed } from './weighbridge';
import { kitchenNoPickup } from './kitchen';
import { filmThinMulch } from './film';
import { carcassNotCollected, carcassOffRoute, carcassNotReceived, carcassSuspectedDisease } from './carcass';
import { recyclingBookingUnaccepted } from './recycling-booking';
import { constructionDiverted, constructionOffRoute, constructionOverload, constructionOutflow } from './construction';

// Adding a rule: one file in this folder exporting an AlarmRule, listed here, with its own test.
export const RULES: AlarmRule[] = [
  receiptOverdue, weightMismatch, storageOverdue, licenceInvalid, capacityExceeded, ledgerSilent, noTrack, longStop, offCorridor, vehicleUnregistered,
  constructionDiverted, constructionOffRoute, constructionOverload, constructionOutflow,
  weighbridgeUnknownPlate, weighbridgeOverload, weighbridgeTareDrift, weighbridgeOffRoute, weighbridgeMixed,
  kitchenNoPickup,
  // 农膜: a sale of PE mulch film under 0.010 mm, refused and reported.
  filmThinMulch,
  carcassNotCollected, carcassOffRoute, carcassNotReceived, carcassSuspectedDisease,
  // 再生资源预约回收: no company accepted a booking in time.
  recyclingBookingUnaccepted,
];
export const ruleByKey = (key: string) => RULES.find((r) => r.key === key);
