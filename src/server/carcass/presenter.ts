import { z } from 'zod';
import { calendarDay, instant, vocabularyText } from '../http/presenter';
import { pageSchema } from '../http/pagination';
import { CARCASS_CAUSES, CARCASS_METHODS, CARCASS_SPECIES, REPORT_STATES } from '../../domain/agri/carcass';

// What leaves the server about dead livestock: reports with their state, rounds with their stops,
// route and track, and the year's overview.

const species = vocabularyText(CARCASS_SPECIES.map((s) => s.value));
const state = z.enum(Object.keys(REPORT_STATES) as [string, ...string[]]);

export const reportSchema = z.object({
  id: z.string(), regionCode: z.string().describe('the town the animals died in'), farmId: z.string().nullable(), householdName: z.string().nullable(), village: z.string().nullable(),
  species, head: z.number(), weightKg: z.number(), cause: vocabularyText(CARCASS_CAUSES.map((c) => c.value)), suspectedNotifiable: z.boolean(), diedOn: calendarDay, location: z.string(),
  supersedesId: z.string().nullable(), reportedAt: instant,
});

export const cancelledSchema = z.object({ id: z.string(), state, reason: z.string() });

export const reportPage = pageSchema(reportSchema.extend({
  townName: z.string(), farmName: z.string().nullable(), filedBy: z.string(), longitude: z.number().nullable(), latitude: z.number().nullable(), contact: z.string(), reason: z.string().nullable(),
  manifestId: z.string().nullable(), manifestNumber: z.string().nullable(), manifestStatus: z.string().nullable(),
  pickupHead: z.number().nullable(), pickupWeightT: z.number().nullable(), receivedHead: z.number().nullable(), receivedWeightT: z.number().nullable(),
  treatmentMethod: vocabularyText(CARCASS_METHODS.map((m) => m.value)).nullable(), treatedOn: z.string().nullable(), roundId: z.string().nullable(), cancelReason: z.string().nullable(),
  collectHours: z.number().describe('the region’s setting: hours a report may wait for its pickup'), state,
  hoursWaiting: z.number().nullable(), late: z.boolean().describe('waiting for its pickup longer than the region’s hours'),
})).extend({ head: z.number().describe('head over every report the query matches') });

export const summarySchema = z.object({
  year: z.number(), reports: z.number(), reported: z.number().describe('head reported'), reportedT: z.number().describe('estimated weight reported, t'),
  treated: z.number().describe('head treated centrally'), treatedT: z.number().describe('weighed in and treated centrally, t'), rate: z.number().nullable().describe('病死畜禽集中无害化处理率, %'),
  waiting: z.number(), onRoad: z.number(), late: z.number(), suspected: z.number().describe('suspected notifiable disease, not yet treated'),
});

const progress = z.object({ stops: z.number(), pickedUp: z.number(), received: z.number(), head: z.number() });

export const roundSchema = z.object({ id: z.string(), roundDate: calendarDay, plantId: z.string(), vehicleId: z.string(), driverId: z.string(), plate: z.string(), driverName: z.string(), stops: z.number(), note: z.string() });

export const roundPage = pageSchema(z.object({ id: z.string(), roundDate: calendarDay, plantName: z.string(), plate: z.string(), driverName: z.string(), note: z.string(), progress, status: z.enum(['planned', 'on_road', 'done']) }));

export const roundDetailSchema = z.object({
  id: z.string(), roundDate: calendarDay, plantId: z.string(), plantName: z.string(), vehicleId: z.string(), plate: z.string(), driverName: z.string(), driverPhone: z.string(), note: z.string(),
  status: z.enum(['planned', 'on_road', 'done']), isPlant: z.boolean(), isDriver: z.boolean(),
  stops: z.array(z.object({
    seq: z.number(), reportId: z.string(), manifestId: z.string().nullable(), number: z.string().nullable(), status: z.string(), mine: z.boolean(), source: z.string(), townName: z.string(),
    species, head: z.number(), weightKg: z.number(), location: z.string(), contact: z.string(), longitude: z.number().nullable(), latitude: z.number().nullable(), suspectedNotifiable: z.boolean(),
    pickupHead: z.number().nullable(), pickupWeightT: z.number().nullable(), handedOverBy: z.string().nullable(), receivedHead: z.number().nullable(), receivedWeightT: z.number().nullable(), treatmentMethod: z.string().nullable(),
  })),
  route: z.array(z.tuple([z.number(), z.number()])).describe('the planned route: the plant, the stops in order, the plant (longitude, latitude)'),
  track: z.array(z.object({ at: instant, longitude: z.number(), latitude: z.number(), speedKmh: z.number().nullable() })).describe('the vehicle’s GPS positions on the round’s day'),
});

export const signedSchema = z.object({ id: z.string(), number: z.string(), status: z.string(), data: z.record(z.string(), z.unknown()) });
