import { z } from 'zod';
import { instant, vocabularyText } from '../http/presenter';
import { pageSchema } from '../http/pagination';
import { COMPLAINT_ACTION_VALUES, COMPLAINT_CATEGORY_VALUES, COMPLAINT_STATUS_VALUES } from '../../domain/complaints';
import { DOMAINS } from '../../domain/enums';

// What leaves the server about reports. The public shape (a citizen following his report, the
// duplicate suggestion, Open311) never carries the contact, the reporter's login or the follow code's
// hash; only the handling department's detail adds the contact. Zod strips every field not named here.

const when = instant.nullable();
const step = z.object({ action: z.string(), status: vocabularyText(COMPLAINT_STATUS_VALUES), note: z.string(), domain: z.string().nullable(), byLabel: z.string().describe('citizen, system, office, admin or a department domain'), at: instant });

export const publicComplaint = z.object({
  id: z.string(), complaintNo: z.string().describe('投诉编号 TSyyyymmddnnnnn'), category: vocabularyText(COMPLAINT_CATEGORY_VALUES), regionCode: z.string(), regionName: z.string().nullable(),
  lon: z.number().nullable(), lat: z.number().nullable(), address: z.string(), description: z.string().describe('as the citizen wrote it (display as text)'), photos: z.array(z.string()).describe('photo names: GET /api/complaints/photos/{name}'),
  status: vocabularyText(COMPLAINT_STATUS_VALUES), domain: vocabularyText(DOMAINS.values).nullable().describe('the department answering; null: the zero-waste office'),
  duplicateOf: z.string().nullable(), acceptDue: instant, closeDue: instant, acceptedAt: when, resolvedAt: when, answer: z.string().nullable(),
  stars: z.number().nullable(), ratingComment: z.string().nullable(), ratedAt: when, createdAt: instant, updatedAt: instant,
  assignedRegion: z.string().nullable(), assignedRegionName: z.string().nullable(),
});

export const nearbyList = z.object({ items: z.array(publicComplaint.extend({ distanceM: z.number().describe('metres') })) });

const followBase = publicComplaint.extend({ steps: z.array(step) });
export const followed = followBase.extend({
  reopenUntil: when, canRate: z.boolean(), canReopen: z.boolean(), original: followBase.nullable().describe('for a duplicate: the report it is the same as'),
});

export const created = z.object({ id: z.string(), complaintNo: z.string(), followCode: z.string().describe('private: shown once, needed with the number to follow the report') });

export const queueItem = publicComplaint.extend({ overdue: z.enum(['accept', 'close']).nullable(), contactGiven: z.boolean() });
export const queuePage = pageSchema(queueItem);
export const myPage = pageSchema(publicComplaint);

export const officialComplaint = publicComplaint.extend({
  contactName: z.string(), contactPhone: z.string(), overdue: z.enum(['accept', 'close']).nullable(), steps: z.array(step),
  actions: z.array(vocabularyText(COMPLAINT_ACTION_VALUES)), reopenUntil: when,
});

export const routingTable = z.object({
  regionCode: z.string(), editable: z.boolean(),
  items: z.array(z.object({ category: z.string(), domain: z.string().nullable(), set: z.boolean(), updatedAt: when })),
});


export const regionChoices = z.object({ items: z.array(z.object({ code: z.string(), name: z.string(), level: z.string() })) });

export const photoStored = z.object({ name: z.string(), type: z.enum(['jpeg', 'png', 'webp']), size: z.number().describe('bytes after metadata removal') });
