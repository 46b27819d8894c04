import { z } from 'zod';
import { bilingual, instant } from '../http/presenter';

// What leaves the server about a region's settings: each definition, the value in force and where it comes from.

export const settingsSchema = z.object({
  regionCode: z.string(),
  items: z.array(z.object({
    key: z.string(), label: bilingual, unit: bilingual, default: z.number(), min: z.number(), max: z.number(),
    domains: z.array(z.string()).describe('besides the zero-waste office, the departments that may change it'), basis: z.string().describe('the rule the default comes from'),
    value: z.number().describe('the value in force'), setBy: z.string().nullable().describe('the region whose setting applies; null: the default'),
    updatedAt: instant.nullable(), editable: z.boolean(),
  })),
});

export const settingChangeSchema = z.object({ key: z.string(), value: z.number(), regionCode: z.string() });
